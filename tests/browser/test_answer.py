"""The answer card, the values it passes on, the filter bar, the search box's
keys, and no sideways scrolling at 360 px on any page."""

import re
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse
from playwright.sync_api import expect

from errors.models import ErrorEntry
from tests.browser.pages import PAGES

PASTE = (
    '{"code":"InvalidParameter","message":"Range of input length should be [1, 98304]"}'
)


def query(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def test_a_pasted_error_opens_the_answer_card(portal, page, screenshot):
    page.goto(portal + "/")
    page.locator("#q").focus()
    page.keyboard.insert_text(PASTE)
    card = page.locator(".answer")
    expect(card).to_be_visible()
    expect(card.locator("mark.value")).to_have_text("98304")
    expect(card.locator(".filled")).to_have_text(
        "Range of input length should be [1, 98304]"
    )
    expect(card.locator(".answer-solution")).to_contain_text("Solution")
    expect(card.locator(".match-kind")).to_have_text("Exact message")
    expect(card).to_contain_text("400 Bad Request")
    # Weaker hits are folded away.
    expect(page.locator(".less-likely > summary")).to_contain_text("less likely match")
    expect(page.locator(".less-likely .result").first).to_be_hidden()
    screenshot(page, "answer-card")
    # The entry opened from the card shows the user's value.
    card.locator("a.message").click()
    page.wait_for_url(re.compile(r"/errors/.+\?value=98304$"))
    expect(page.locator(".your-values")).to_contain_text("your value: 98304")
    expect(page.locator(".your-values mark.value").first).to_have_text("98304")


def test_enter_shift_enter_and_escape_in_the_box(portal, page):
    page.goto(portal + "/")
    box = page.locator("#q")
    box.focus()
    page.keyboard.type("Range of input length")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("should be [1, 98304]")
    expect(box).to_have_value("Range of input length\nshould be [1, 98304]")
    # Enter once the answer is shown opens the top match with the values.
    expect(page.locator(".answer")).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?q="))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/errors/.+\?value=98304$"))
    page.go_back()
    box = page.locator("#q")
    box.focus()
    # Esc clears, as an edit: Ctrl+Z brings the text back.
    page.keyboard.press("Escape")
    expect(box).to_have_value("")
    expect(page.locator("#results-title")).to_contain_text("documented errors")
    page.keyboard.press("Control+z")
    expect(box).to_have_value("Range of input length\nshould be [1, 98304]")
    # Enter with no answer card shown submits the search.
    box.fill("zebra giraffe")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=zebra"))
    expect(page.locator(".answer")).to_have_count(0)


def test_escape_can_be_undone_with_back(portal, page):
    page.goto(portal + "/?q=Throttling")
    page.locator("#q").focus()
    page.keyboard.press("Escape")
    expect(page.locator("#q")).to_have_value("")
    expect(page).to_have_url(portal + "/")
    page.go_back()
    expect(page.locator("#q")).to_have_value("Throttling")


def test_active_filter_bar_removes_each_filter_and_keeps_code(portal, page):
    page.goto(portal + "/?code=InvalidParameter&status=400&category=api")
    bar = page.locator(".active-filters")
    expect(bar.locator(".chip")).to_have_count(3)
    expect(bar).to_contain_text("Code: InvalidParameter")
    expect(bar).to_contain_text("Status: 400 Bad Request")
    # Typing keeps the code filter.
    page.locator("#q").press_sequentially("range", delay=20)
    expect(page).to_have_url(re.compile(r"[?&]q=range(&|$)"))
    expect(page.locator("#results-title")).to_contain_text("for your search")
    assert query(page)["code"] == ["InvalidParameter"]
    expect(page.locator(".active-filters")).to_contain_text("Code: InvalidParameter")
    # Each ✕ removes its filter only.
    page.get_by_role("link", name="Remove filter Category: API error").click()
    assert "category" not in query(page) and query(page)["q"] == ["range"]
    page.get_by_role("link", name="Remove filter Status: 400 Bad Request").click()
    assert "status" not in query(page) and query(page)["code"] == ["InvalidParameter"]
    page.get_by_role("link", name="Remove filter Code: InvalidParameter").click()
    assert query(page) == {"q": ["range"]}
    expect(page.locator(".active-filters")).to_have_count(0)
    # Clear all keeps the search text.
    page.goto(portal + "/?q=range&status=400&product=qwen")
    page.get_by_role("link", name="Clear all").click()
    assert query(page) == {"q": ["range"]}


def test_phones_get_a_filters_button(portal, new_page):
    page = new_page(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page.goto(portal + "/?status=429")
    button = page.locator(".filters-button")
    expect(button).to_be_visible()
    assert button.bounding_box()["y"] < 740  # on the first screen
    expect(page.locator(".facets")).to_be_hidden()
    button.click()
    expect(page.locator(".facets")).to_be_visible()
    height = page.locator(".facets li a").first.bounding_box()["height"]
    assert height >= 44


# Entry pages checked at 360 pixels: loading all 311 took 40 s of the suite,
# 48 of them 10 s.
WIDEST_PAGES = 32


def widest_entries() -> list[str]:
    """Slugs of the entries likeliest to overflow a narrow screen: those
    with the longest unbroken runs shown on the page (URLs, codes, JSON),
    which no line break can split, then those with the longest messages."""
    rows = list(
        ErrorEntry.objects.values_list("slug", "code", "message", "cause", "solution")
    )

    def longest_run(row: tuple) -> int:
        # The slug (row[0]) is in the address, not on the page.
        return max(len(word) for text in row[1:] for word in (text or "").split())

    chosen = [row[0] for row in sorted(rows, key=longest_run, reverse=True)]
    chosen = chosen[: WIDEST_PAGES * 3 // 4]
    for row in sorted(rows, key=lambda row: len(row[2]), reverse=True):
        if len(chosen) == WIDEST_PAGES:
            break
        if row[0] not in chosen:
            chosen.append(row[0])
    return chosen


def test_no_page_scrolls_sideways_at_360_pixels(portal, new_page, screenshot):
    page = new_page(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    entries = [
        reverse("errors:entry_detail", kwargs={"slug": slug})
        for slug in widest_entries()
    ]
    assert len(set(entries)) == WIDEST_PAGES
    urls = list(dict.fromkeys([*PAGES.values(), "/?q=" + PASTE, *entries]))
    shown = {url: name for name, url in PAGES.items()}
    overflowing = {}
    for url in urls:
        page.goto(portal + url, wait_until="domcontentloaded")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            overflowing[url] = overflow
        if url in shown:
            screenshot(page, f"{shown[url]}-360")
    assert overflowing == {}
