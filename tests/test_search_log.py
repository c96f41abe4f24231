"""Searches without a good match are kept, deduplicated and redacted, after
the answer, and never at the cost of it."""

import io
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from errors.redaction import redact
from errors.search_log import EntryFound, MissedSearch, SearchWeek, week_of
from errors.web import search_log
from tests.leaks import LEAKS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def search_log_on(settings):
    """On, and written after every answer rather than every two seconds."""
    settings.SEARCH_LOG = True
    settings.SEARCH_LOG_FLUSH_SECONDS = 0


def search(client: Client, text: str, way: int):
    """The three ways a search arrives: the page, the API's GET and POST."""
    if way == 0:
        return client.get("/", {"q": text})
    if way == 1:
        return client.get("/api/v1/errors/", {"q": text})
    return client.post("/api/v1/search", text, content_type="text/plain")


def test_each_way_keeps_the_words_and_markers_not_the_values(client):
    # The whole corpus, scanned in the database files: test_search_log_server.py.
    for way in range(3):
        search(client, f"Failed to connect to 47.88.123.{way}:443 after 3 retries", way)
    assert list(MissedSearch.objects.values_list("message", "count")) == [
        ("Failed to connect to <ip>:443 after 3 retries", 3)
    ]


@pytest.mark.parametrize("text,secret", LEAKS)
def test_redact_removes_each_secret(text, secret):
    assert secret not in redact(text)


def test_redaction_keeps_the_error_words():
    assert redact("Range of n should be [1, 4] at 12:30:45") == (
        "Range of n should be [1, 4] at 12:30:45"
    )
    assert redact('"request_id": "ab12cd34"') == '"request_id": "<id>"'


def test_a_repeated_miss_is_one_row_with_a_count(client):
    for _ in range(3):
        client.get("/api/v1/errors/", {"q": "Zorblax failure 42"})
    client.get("/api/v1/errors/", {"q": "Zorblax failure 42", "status": "500"})
    rows = list(MissedSearch.objects.values_list("message", "count", "filters"))
    assert sorted(rows) == [
        ("Zorblax failure 42", 1, '{"status": "500"}'),
        ("Zorblax failure 42", 3, ""),
    ]
    row = MissedSearch.objects.get(count=3)
    assert row.first_seen <= row.last_seen
    assert row.example == "Zorblax failure 42"


def test_a_good_match_is_not_kept(client, make_entry):
    make_entry(message="Quokka overflow detected")
    body = client.get("/api/v1/errors/", {"q": "Quokka overflow detected"}).json()
    assert body["search"]["good_match"] is True
    assert not MissedSearch.objects.exists()


def test_an_example_is_cut_to_two_kilobytes(client):
    client.post("/api/v1/search", "Zorblax " + "é" * 5000, content_type="text/plain")
    row = MissedSearch.objects.get()
    assert len(row.example.encode()) <= 2048 and row.example.startswith("Zorblax é")


def test_search_log_off_keeps_nothing(client, settings):
    settings.SEARCH_LOG = False
    client.get("/", {"q": "Zorblax failure 42"})
    assert not MissedSearch.objects.exists()


def test_purge_removes_rows_not_seen_within_the_retention(client):
    client.get("/", {"q": "Zorblax old"})
    client.get("/", {"q": "Zorblax recent"})
    MissedSearch.objects.filter(message="Zorblax old").update(
        last_seen=timezone.now() - timedelta(days=91)
    )
    out = io.StringIO()
    call_command("purge_search_log", stdout=out)
    assert out.getvalue().strip() == "deleted 1 searches not seen for 90 days"
    assert list(MissedSearch.objects.values_list("message", flat=True)) == [
        "Zorblax recent"
    ]


def test_admins_create_an_entry_from_a_kept_search(client, admin_client):
    paste = (
        '{"status_code": 400, "code": "Zorblax.Limit", '
        '"message": "Zorblax limit of 25 reached for \'wav\' from 10.1.2.3"}'
    )
    client.post("/api/v1/search", paste, content_type="text/plain")
    client.get("/", {"q": "Another zorblax thing"})
    client.get("/", {"q": "Another zorblax thing"})
    listing = admin_client.get(reverse("admin:errors_missedsearch_changelist"))
    page = listing.content.decode()
    assert page.index("Another zorblax thing") < page.index("Zorblax limit of 25")
    row = MissedSearch.objects.get(code="Zorblax.Limit")
    assert (row.status, row.message) == (
        400,
        "Zorblax limit of 25 reached for 'wav' from <ip>",
    )
    assert row.template_message == "Zorblax limit of xxx reached for 'xxx' from xxx"
    link = reverse("admin:errors_errorentry_add") + (
        "?message=Zorblax+limit+of+xxx+reached+for+%27xxx%27+from+xxx"
        "&amp;code=Zorblax.Limit&amp;status=400"
    )
    assert f'<a href="{link}">Create an entry from this</a>' in page
    form = admin_client.get(link.replace("&amp;", "&")).content.decode()
    assert (
        "Zorblax limit of xxx reached for &#x27;xxx&#x27; from xxx</textarea>" in form
    )
    assert 'name="code" value="Zorblax.Limit"' in form
    assert 'name="status" value="400"' in form


def test_resolve_marks_searches_an_entry_now_answers(client, make_entry):
    client.get("/", {"q": "Quokka overflow detected"})
    client.get("/", {"q": "Zorblax failure 42"})
    make_entry(message="Quokka overflow detected")
    out = io.StringIO()
    call_command("resolve_search_log", stdout=out)
    assert out.getvalue().strip() == "resolved 1 searches"
    resolved = MissedSearch.objects.filter(resolved_at__isnull=False)
    assert list(resolved.values_list("message", flat=True)) == [
        "Quokka overflow detected"
    ]


def test_writes_are_batched_and_repeats_counted_in_memory(client, settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 3600
    search_log._last_flush[0] = time.monotonic()
    for _ in range(3):
        client.get("/", {"q": "Zorblax failure 42"})
    assert not MissedSearch.objects.exists()  # noted, not yet written
    settings.SEARCH_LOG_FLUSH_SECONDS = 0
    client.get("/", {"q": "Another zorblax thing"})  # the next answer writes all
    assert sorted(MissedSearch.objects.values_list("message", "count")) == [
        ("Another zorblax thing", 1),
        ("Zorblax failure 42", 3),
    ]


def test_every_first_page_search_counts_in_its_week(client, make_entry):
    entry = make_entry(message="Quokka overflow detected")
    client.get("/", {"q": "Quokka overflow detected"})
    client.get("/api/v1/errors/", {"q": "Zorblax failure 42"})
    client.post("/api/v1/search", "Quokka overflow detected", content_type="text/plain")
    # Not counted: later pages, and search-as-you-type fragments.
    client.get("/api/v1/errors/", {"q": "Zorblax failure 42", "page": "2"})
    client.get("/", {"q": "Quokka overflow"}, headers={"X-Requested-With": "fetch"})
    week = SearchWeek.objects.get()
    assert (week.week, week.searches, week.good_matches) == (
        week_of(timezone.localdate()),
        3,
        2,
    )
    assert week.week.weekday() == 0  # a Monday
    assert list(EntryFound.objects.values_list("entry_id", flat=True)) == [entry.pk]


def test_a_resolved_search_missed_again_is_open_again(client):
    client.get("/", {"q": "Zorblax failure 42"})
    MissedSearch.objects.update(resolved_at=timezone.now())
    client.get("/", {"q": "Zorblax failure 42"})
    row = MissedSearch.objects.get()
    assert (row.count, row.resolved_at) == (2, None)


def test_an_entry_deleted_before_the_write_is_left_out(client, make_entry, settings):
    entry = make_entry(message="Quokka overflow detected")
    settings.SEARCH_LOG_FLUSH_SECONDS = 3600
    search_log._last_flush[0] = time.monotonic()
    client.get("/", {"q": "Quokka overflow detected"})
    entry.delete()
    settings.SEARCH_LOG_FLUSH_SECONDS = 0
    client.get("/", {"q": "Zorblax failure 42"})
    assert not EntryFound.objects.exists()
    assert SearchWeek.objects.get().searches == 2
