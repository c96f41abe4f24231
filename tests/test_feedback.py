""" "Did this solve it?": without JavaScript, CSRF-checked, throttled by a
keyed hash of address and day, counted for admins and on the entry page."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from errors.feedback import Feedback
from errors.limits import FEEDBACK_PER_DAY
from errors.web.feedback import client_key

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.9"


def feedback_url(entry) -> str:
    return reverse("errors:entry_feedback", kwargs={"slug": entry.slug})


def answer(entry, solved="no", note="", address=ADDRESS, client=None):
    """Open the form as a browser would, then send it with its CSRF token."""
    client = client or Client(enforce_csrf_checks=True)
    page = client.get(feedback_url(entry), {"solved": solved}, REMOTE_ADDR=address)
    token = page.cookies["csrftoken"].value
    return client.post(
        feedback_url(entry),
        {"solved": solved, "note": note, "csrfmiddlewaretoken": token},
        REMOTE_ADDR=address,
    )


def test_the_entry_page_asks_with_a_plain_get_form(client, make_entry):
    entry = make_entry(slug="range-of-n")
    page = client.get(entry.get_absolute_url()).content.decode()
    assert (
        '<form class="feedback-prompt" method="get" action="/errors/range-of-n/feedback/">'
        in page
    )
    assert '<button type="submit" name="solved" value="no">No</button>' in page
    assert "csrfmiddlewaretoken" not in page  # the same page for everyone


def test_the_answer_card_asks_too(client, make_entry):
    make_entry(slug="quokka", message="Quokka overflow detected")
    page = client.get("/", {"q": "Quokka overflow detected"}).content.decode()
    assert 'action="/errors/quokka/feedback/"' in page


def test_the_form_page_preselects_and_is_private(make_entry):
    entry = make_entry()
    response = Client(enforce_csrf_checks=True).get(
        feedback_url(entry), {"solved": "no"}
    )
    page = response.content.decode()
    assert 'name="solved" value="no" required id="id_solved_1" checked>' in page
    assert "csrfmiddlewaretoken" in page
    assert response["Cache-Control"] == "private, no-store"


def test_an_answer_is_stored_without_the_address_and_redirects(make_entry):
    entry = make_entry()
    response = answer(entry, "no", note="  Still fails with n=5  ")
    assert response.status_code == 303
    assert response["Location"] == feedback_url(entry) + "?sent=recorded"
    [row] = Feedback.objects.values()
    assert (row["entry_id"], row["solved"], row["note"]) == (
        entry.pk,
        False,
        "Still fails with n=5",
    )
    assert row["client_key"] == client_key_for(ADDRESS, row["day"])
    assert ADDRESS not in " ".join(str(value) for value in row.values())
    thanks = Client().get(response["Location"]).content.decode()
    assert "Thank you: your answer is recorded." in thanks


def whole_database_text() -> str:
    """Every row of every table, as text, read in this test's transaction (so
    on PostgreSQL too, where another session would not see the rows)."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(rows)


def test_the_database_holds_no_address(make_entry):
    entry = make_entry()
    answer(entry, "yes", note="worked")
    everything = whole_database_text()
    assert "worked" in everything  # the scan does reach the answer
    assert ADDRESS not in everything


def test_a_note_is_kept_redacted(make_entry):
    entry = make_entry()
    answer(entry, "no", note="Still 401 with sk-9f8e7d6c5b4a3928 from me@example.com")
    assert Feedback.objects.get().note == "Still 401 with sk-<redacted> from <email>"


def client_key_for(address: str, day: date) -> str:
    class Request:
        META = {"REMOTE_ADDR": address}
        headers = {}

    return client_key(Request, day)


def test_the_key_changes_with_the_day_and_the_secret(settings):
    monday = client_key_for(ADDRESS, date(2026, 11, 30))
    assert monday != client_key_for(ADDRESS, date(2026, 12, 1))
    assert monday != client_key_for("203.0.113.10", date(2026, 11, 30))
    settings.SECRET_KEY = "another secret key of enough length for the tests"
    assert monday != client_key_for(ADDRESS, date(2026, 11, 30))


def test_without_the_csrf_token_the_answer_is_refused(make_entry):
    entry = make_entry()
    response = Client(enforce_csrf_checks=True).post(
        feedback_url(entry), {"solved": "yes"}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_one_answer_per_entry_and_day(make_entry):
    entry = make_entry()
    assert answer(entry, "yes")["Location"].endswith("?sent=recorded")
    assert answer(entry, "no")["Location"].endswith("?sent=repeat")
    assert list(Feedback.objects.values_list("solved", flat=True)) == [True]
    assert answer(entry, "no", address="198.51.100.7")["Location"].endswith(
        "?sent=recorded"
    )


def test_a_client_is_throttled_after_the_daily_limit(make_entry):
    entries = [make_entry() for _ in range(FEEDBACK_PER_DAY + 1)]
    for entry in entries[:-1]:
        assert answer(entry, "yes").status_code == 303
    refused = answer(entries[-1], "yes")
    assert refused.status_code == 429
    assert "enough answers from your address for today" in refused.content.decode()
    assert Feedback.objects.count() == FEEDBACK_PER_DAY
    assert answer(entries[-1], "yes", address="198.51.100.7").status_code == 303


def test_a_long_note_or_a_bad_answer_is_refused(make_entry):
    entry = make_entry()
    assert answer(entry, "no", note="x" * 501).status_code == 400
    assert answer(entry, "maybe").status_code == 400
    assert not Feedback.objects.exists()
    assert answer(entry, "no", note="x" * 500).status_code == 303


def test_the_entry_page_counts_helpful_answers_from_three(client, make_entry):
    entry = make_entry()
    for number in range(2):
        answer(entry, "yes", address=f"192.0.2.{number}")
    answer(entry, "no", address="192.0.2.50")
    first = client.get(entry.get_absolute_url())
    assert "found this helpful" not in first.content.decode()
    answer(entry, "yes", address="192.0.2.3")
    second = client.get(entry.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200  # a new answer is a new page
    assert "3 people found this helpful." in second.content.decode()


def test_admins_see_counts_sorted_by_not_solved_and_the_notes(admin_client, make_entry):
    calm = make_entry(message="Calm entry")
    troubled = make_entry(message="Troubled entry")
    answer(calm, "yes", address="192.0.2.1")
    for number in range(2):
        answer(troubled, "no", note=f"note {number}", address=f"192.0.2.{number}")
    url = reverse("admin:errors_errorentry_changelist")
    page = admin_client.get(url, {"o": "-9"}).content.decode()  # not solved, desc
    assert page.index("Troubled entry") < page.index("Calm entry")
    assert f'?entry__id__exact={troubled.pk}&amp;solved__exact=0">2</a>' in page
    notes = admin_client.get(
        reverse("admin:errors_feedback_changelist"),
        {"entry__id__exact": troubled.pk, "solved__exact": "0"},
    ).content.decode()
    assert "note 0" in notes and "note 1" in notes
