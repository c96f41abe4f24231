"""The staff dashboard: weekly good-match share, top unmatched searches, most
"not solved", entries unfound for 90 days; staff only."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from errors.feedback import Feedback
from errors.search_log import EntryFound, MissedSearch, SearchWeek, week_of
from errors.web.dashboard import share_chart, weekly_shares

pytestmark = pytest.mark.django_db
URL = "/admin/dashboard/"


def this_week() -> date:
    return week_of(timezone.localdate())


def missed(message: str, count: int, **fields) -> MissedSearch:
    return MissedSearch.objects.create(
        message=message, key=message, count=count, **fields
    )


def answer(entry, solved: bool, number: int) -> None:
    Feedback.objects.create(
        entry=entry, solved=solved, client_key=f"k{number}", day=date(2026, 1, 1)
    )


def test_anonymous_visitors_and_non_staff_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/dashboard/"
    client.force_login(User.objects.create_user("reader"))
    assert client.get(URL).status_code == 302


def test_weekly_shares_cover_twelve_weeks_with_gaps(db):
    SearchWeek.objects.create(week=this_week(), searches=8, good_matches=6)
    SearchWeek.objects.create(
        week=this_week() - timedelta(weeks=2), searches=3, good_matches=1
    )
    SearchWeek.objects.create(  # too old to show
        week=this_week() - timedelta(weeks=20), searches=5, good_matches=5
    )
    rows = weekly_shares()
    assert len(rows) == 12
    assert rows[-1] == {
        "week": this_week(),
        "searches": 8,
        "good_matches": 6,
        "share": 75,
    }
    assert rows[-2]["share"] is None and rows[-2]["searches"] == 0
    assert rows[-3]["share"] == 33
    assert [row["week"] for row in rows] == sorted(row["week"] for row in rows)


def test_the_chart_scales_shares_to_the_plot(db):
    rows = [
        {"week": date(2026, 1, 5), "searches": 4, "good_matches": 4, "share": 100},
        {"week": date(2026, 1, 12), "searches": 4, "good_matches": 2, "share": 50},
        {"week": date(2026, 1, 19), "searches": 0, "good_matches": 0, "share": None},
    ]
    chart = share_chart(rows)
    full, half, empty = chart["bars"]
    assert (full["y"], full["height"]) == (16, 184)  # the whole plot
    assert (half["y"], half["height"]) == (108, 92)
    assert empty["height"] == 0
    assert [line["y"] for line in chart["grid"]] == [200, 154, 108, 62, 16]
    assert full["x"] < half["x"] < empty["x"]


def test_the_dashboard_shows_the_four_lists(
    admin_client, make_entry, django_assert_max_num_queries
):
    SearchWeek.objects.create(week=this_week(), searches=8, good_matches=6)
    missed("Zorblax rare", 2)
    missed("Zorblax frequent", 9, code="Zorblax.Limit", status=400)
    missed("Zorblax solved since", 50, resolved_at=timezone.now())
    troubled = make_entry(code="Troubled", message="Troubled entry")
    calm = make_entry(code="Calm", message="Calm entry")
    for number in range(3):
        answer(troubled, False, number)
    answer(calm, False, 9)
    answer(calm, True, 10)
    found = make_entry(code="Found", message="Found lately")
    EntryFound.objects.create(entry=found, last_found=timezone.now())
    stale = make_entry(code="Stale", message="Found long ago")
    EntryFound.objects.create(entry=stale, last_found=timezone.now() - timedelta(91))

    with django_assert_max_num_queries(12):
        page = admin_client.get(URL).content.decode()

    # The chart: one bar with its share, labelled for screen readers.
    assert 'role="img" aria-labelledby="share-title share-desc"' in page
    assert re.search(r'<rect x="[\d.]+" y="62.0" width="[\d.]+" height="138.0"', page)
    assert f"Week of {this_week():%-d %b %Y}: 75% of 8" in page
    assert f"<td>{this_week():%Y-%m-%d}</td><td>8</td><td>6</td><td>75%</td>" in page
    # Top unmatched: by count, resolved ones left out, each with its link.
    assert page.index("Zorblax frequent") < page.index("Zorblax rare")
    assert "Zorblax solved since" not in page
    assert (
        "/admin/errors/errorentry/add/?message=Zorblax+frequent"
        "&amp;code=Zorblax.Limit&amp;status=400"
    ) in page
    # Most "not solved", with both counts.
    section = page[page.index("not-solved-title") : page.index("unfound-title")]
    assert section.index("Troubled entry") < section.index("Calm entry")
    assert (
        f'entry__id__exact={troubled.pk}&amp;solved__exact=0">3</a></td><td>0</td>'
        in section
    )
    # Unfound for 90 days: never found, or found too long ago.
    unfound = page[page.index("unfound-title") :]
    assert "3 entries" in unfound
    assert "Troubled entry" in unfound and "Calm entry" in unfound
    assert "Found long ago</a></td><td>" in unfound
    assert "Found lately" not in unfound


def test_an_empty_dashboard_says_so(admin_client, settings):
    settings.SEARCH_LOG = False
    page = admin_client.get(URL).content.decode()
    assert "Searches are not being recorded" in page
    assert "0 searches in the last 12 weeks" in page
    assert "<rect" not in page
    assert "No entry has been marked “not solved”." in page
    assert "0 entries" in page


def test_the_missed_search_list_links_to_the_dashboard(admin_client):
    page = admin_client.get("/admin/errors/missedsearch/").content.decode()
    assert '<a href="/admin/dashboard/">Dashboard</a>' in page
