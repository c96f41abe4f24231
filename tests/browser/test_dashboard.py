"""The staff dashboard in a real browser, fed by real searches."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from errors.feedback import Feedback
from errors.models import ErrorEntry
from errors.search_log import SearchWeek

PASSWORD = "dashboard-password-1"
# Earlier weeks' (searches, good matches), oldest first.
EARLIER = [(40, 22), (55, 33), (61, 40), (48, 34), (70, 52), (66, 51)]


@pytest.fixture
def recording(settings):
    settings.SEARCH_LOG = True
    settings.SEARCH_LOG_FLUSH_SECONDS = 0


def test_the_dashboard_shows_what_searches_found(portal, page, screenshot, recording):
    # Searches made in the browser this week: one answered, one not.
    for paste in ("Range of input length should be [1, 98304]", "Zorblax core melted"):
        page.goto(portal + "/")
        page.locator("#q").fill(paste)
        page.locator("form.search button[type=submit]").click()
        expect(page.locator("#results-region")).to_be_visible()
    this_week = SearchWeek.objects.get()
    assert (this_week.searches, this_week.good_matches) == (2, 1)
    for weeks_ago, (searches, good) in enumerate(reversed(EARLIER), start=1):
        SearchWeek.objects.create(
            week=this_week.week - timedelta(weeks=weeks_ago),
            searches=searches,
            good_matches=good,
        )
    entry = ErrorEntry.objects.order_by("source_position").first()
    for number in range(3):
        Feedback.objects.create(
            entry=entry, solved=False, client_key=f"k{number}", day=this_week.week
        )
    User.objects.create_superuser("keeper", "keeper@example.com", PASSWORD)

    page.goto(portal + "/admin/dashboard/")
    page.get_by_label("Username").fill("keeper")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(portal + "/admin/dashboard/")

    chart = page.get_by_role("img", name="Searches with a good match, per week")
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(len(EARLIER) + 1)
    expect(chart.locator("text", has_text="50%")).to_have_count(2)  # grid + bar
    box = chart.bounding_box()
    assert box["width"] > 600 and box["height"] > 150  # drawn, not collapsed
    unmatched = page.locator("section", has=page.locator("#unmatched-title"))
    expect(unmatched.locator("tbody tr")).to_have_count(1)
    expect(unmatched).to_contain_text("Zorblax core melted")
    not_solved = page.locator("section", has=page.locator("#not-solved-title"))
    expect(not_solved.locator("tbody tr").first).to_contain_text(entry.message[:40])
    unfound = page.locator("section", has=page.locator("#unfound-title"))
    expect(unfound).to_contain_text(
        f"{ErrorEntry.objects.count() - 1} entries; the first 20"
    )
    screenshot(page, "dashboard")
