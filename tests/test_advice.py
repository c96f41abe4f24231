"""What to do next: the rules on every entry, admin edits kept, and the
advice shown on the pages, the API and the terminal."""

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from errors.advice import RULES, advise, deciding_rule
from errors.catalogue.export import export_catalogue
from errors.catalogue.importer import import_export, import_source
from errors.models import ErrorEntry, hash_source_fields
from tests.test_catalogue import SOURCE

pytestmark = pytest.mark.django_db

TABLE = Path(__file__).parent / "data" / "advice_table.csv"
RANGE = "400-invalidparameter-range-of-n-should-be-1-4"


def reviewed_table() -> dict[str, tuple[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return {
            row["slug"]: (row["retryable"], row["who_acts"])
            for row in csv.DictReader(handle)
        }


def test_the_rules_give_the_reviewed_answer_for_every_entry(catalogue):
    table = reviewed_table()
    assert len(table) == 311
    found = {
        entry.slug: (entry.retryable, entry.who_acts)
        for entry in ErrorEntry.objects.all()
    }
    wrong = {
        slug: (found.get(slug), want)
        for slug, want in table.items()
        if found.get(slug) != want
    }
    assert wrong == {}
    assert set(found) == set(table)


def test_every_rule_decides_some_entry_and_the_readme_counts_them(catalogue):
    decided = Counter(deciding_rule(entry.source_fields()).name for entry in catalogue)
    assert set(decided) == {rule.name for rule in RULES}  # no dead rule, no fallback
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name, count in decided.items():
        assert f"| `{name}` | {count} |" in readme


def test_known_entries_get_plain_advice():
    assert advise({"status": 429, "code": "Throttling.RateQuota", "message": "x"}) == {
        "retryable": "after_backoff",
        "who_acts": "quota",
    }
    assert advise({"status": 401, "code": "InvalidApiKey", "message": "x"}) == {
        "retryable": "no",
        "who_acts": "credentials",
    }
    assert advise({"status": None, "code": "", "message": "", "category": "api"}) == {
        "retryable": "unknown",
        "who_acts": "unknown",
    }


def test_an_admin_edit_of_the_advice_survives_a_reimport_as_a_conflict(catalogue):
    text = SOURCE.read_text(encoding="utf-8")
    ErrorEntry.objects.filter(slug=RANGE).update(retryable="yes", who_acts="network")
    changed = text.replace(
        "Solution: Set the n parameter within the [1, 4] range.",
        "Solution: Use n between 1 and 4.",
    )
    report = import_source(changed)
    assert [conflict.slug for conflict in report.conflicts] == [RANGE]
    diff = "\n".join(report.conflicts[0].diff)
    assert "retryable: admin 'yes' / source 'no'" in diff
    entry = ErrorEntry.objects.get(slug=RANGE)
    assert (entry.retryable, entry.who_acts) == ("yes", "network")
    import_source(changed, take_source=True)
    entry.refresh_from_db()
    assert (entry.retryable, entry.who_acts) == ("no", "request")


def test_an_export_carries_the_advice_and_an_old_export_gets_the_rules(catalogue):
    data = export_catalogue()
    item = next(item for item in data["entries"] if item["slug"] == RANGE)
    assert (item["retryable"], item["who_acts"]) == ("no", "request")
    ErrorEntry.objects.all().delete()
    # As an export written before the advice fields: its import_hash did not
    # cover them.
    for item in data["entries"]:
        del item["retryable"], item["who_acts"]
        state = {key: item[key] for key in ErrorEntry().source_fields()}
        state.update(slug=item["slug"], products=item["products"])
        item["import_hash"] = hash_source_fields(state)
    import_export(data)
    entry = ErrorEntry.objects.get(slug="429-throttling-requests-throttling-triggered")
    assert (entry.retryable, entry.who_acts) == ("after_backoff", "quota")
    assert not entry.edited_since_import


def test_the_entry_page_and_api_show_the_advice(client, make_entry):
    entry = make_entry(slug="slow", retryable="after_backoff", who_acts="quota")
    page = client.get(entry.get_absolute_url())
    assert "Safe to retry after a pause" in page.content.decode()
    assert "Wait for, or raise, your quota" in page.content.decode()
    body = client.get(entry.get_api_url()).json()
    assert (body["retryable"], body["who_acts"]) == ("after_backoff", "quota")


def test_advice_facets_count_and_filter(client, make_entry):
    make_entry(retryable="no", who_acts="request")
    make_entry(retryable="no", who_acts="credentials")
    make_entry(retryable="after_backoff", who_acts="quota")
    body = client.get("/api/v1/errors/?retryable=no").json()
    assert body["count"] == 2
    assert {item["value"]: item["count"] for item in body["facets"]["who_acts"]} == {
        "request": 1,
        "credentials": 1,
    }
    assert {item["value"]: item["count"] for item in body["facets"]["retryable"]} == {
        "no": 2
    }
    assert client.get("/api/v1/errors/?retryable=maybe").status_code == 400
    page = client.get("/?who_acts=quota")
    assert "Wait for, or raise, your quota" in page.content.decode()


def test_a_search_answer_carries_advice_from_its_best_match(client, catalogue):
    body = client.get("/api/v1/errors/", {"q": "429 Throttling.RateQuota"}).json()
    assert body["advice"] == {
        "retryable": "after_backoff",
        "who_acts": "quota",
        "backoff_seconds": 30,
        "summary": "Safe to retry after a pause. Wait for, or raise, your quota.",
    }
    nothing = client.get("/api/v1/errors/", {"q": "zzqx wibble frobnicate"}).json()
    assert nothing["advice"] is None
    listing = client.get("/api/v1/errors/").json()
    assert listing["advice"] is None


def test_explain_prints_the_advice(catalogue):
    out = io.StringIO()
    call_command("explain", "Throttling.RateQuota", stdout=out)
    assert (
        "Next:     Safe to retry after a pause (about 30 s). Wait for, or raise, your quota."
        in out.getvalue()
    )


def test_the_answer_card_says_what_to_do_next(client, catalogue):
    page = client.get("/", {"q": "429 Throttling.RateQuota"}).content.decode()
    assert (
        '<p class="advice"><strong>Next:</strong> Safe to retry after a pause. '
        "Wait for, or raise, your quota.</p>"
    ) in page
