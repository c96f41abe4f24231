""" "Did this solve it?" in a real browser: in place with JavaScript, through
its own page without."""

import re

from playwright.sync_api import expect

from errors.feedback import Feedback
from errors.models import ErrorEntry

SLUG = "400-invalidparameter-range-of-input-length-should-be-1-xxx"


def test_with_javascript_the_answer_is_sent_in_place(portal, page, screenshot):
    entry = ErrorEntry.objects.get(slug=SLUG)
    page.goto(f"{portal}/errors/{SLUG}/")
    page.locator("form.feedback-prompt").get_by_role("button", name="Yes").click()
    form = page.locator("form.feedback-inline")
    expect(form).to_be_visible()
    expect(form.get_by_role("radio", name="Yes")).to_be_checked()
    expect(page.locator("#id_note")).to_be_focused()
    page.keyboard.type("Shortening the input did it.")
    screenshot(page, "feedback-in-place")
    form.get_by_role("button", name="Send").click()
    expect(page.locator(".feedback-outcome")).to_have_text(
        "Thank you: your answer is recorded."
    )
    assert page.url == f"{portal}/errors/{SLUG}/"  # never left the entry
    stored = Feedback.objects.get()
    assert (stored.entry, stored.solved, stored.note) == (
        entry,
        True,
        "Shortening the input did it.",
    )


def test_without_javascript_the_feedback_page_takes_the_answer(portal, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(f"{portal}/errors/{SLUG}/")
    page.locator("form.feedback-prompt").get_by_role("button", name="No").click()
    page.wait_for_url(re.compile(r"/feedback/\?solved=no$"))
    expect(page.get_by_role("radio", name="No")).to_be_checked()
    page.get_by_label(re.compile("Anything to add")).fill("Still failing at 6000.")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(re.compile(r"/feedback/\?sent=recorded$"))
    expect(page.locator(".feedback-outcome")).to_have_text(
        "Thank you: your answer is recorded."
    )
    stored = Feedback.objects.get()
    assert (stored.solved, stored.note) == (False, "Still failing at 6000.")


def test_the_answer_card_asks_in_place_too(portal, page):
    page.goto(portal + "/")
    page.locator("#q").focus()
    page.keyboard.insert_text("Range of input length should be [1, 98304]")
    card = page.locator(".answer")
    expect(card).to_be_visible()
    card.get_by_role("button", name="No").click()
    card.locator("form.feedback-inline").get_by_role("button", name="Send").click()
    expect(card.locator(".feedback-outcome")).to_have_text(
        "Thank you: your answer is recorded."
    )
    assert Feedback.objects.get().solved is False
