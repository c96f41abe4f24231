"""Re-imports keep every admin decision and every permalink; dry runs write nothing."""

import io
import json

import pytest
from django.core.management import call_command

from errors.catalogue.export import dump_export, export_catalogue
from errors.catalogue.importer import import_export, import_path, import_source
from errors.catalogue.plan import REWORD_THRESHOLD, match_rewordings, similarity
from errors.history import versions_of
from errors.models import ErrorEntry, Product
from tests.test_catalogue import SOURCE

pytestmark = pytest.mark.django_db

RANGE = "400-invalidparameter-range-of-n-should-be-1-4"
UNAVAILABLE = "503-modelunavailable-model-is-unavailable-please-try-again-later"
THROTTLED = "429-throttling-requests-throttling-triggered"
ROUTE = "429-throttling-too-many-requests-in-route-please-try-again-later"
REWRITE = "500-rewritefailed-failed-to-rewrite-content-for-prompt"
# Several messages reworded, one heading split in two, one entry removed.
REWORDINGS = [
    ("Range of n should be [1, 4]", "Range of n must be [1, 4]"),
    (
        "Model is unavailable, please try again later.",
        "Model is temporarily unavailable, please try again later.",
    ),
    ("Requests throttling triggered.", "Requests throttling has been triggered."),
    (
        "Too many requests in route. Please try again later.",
        "429-Throttling.Route\n\nToo many requests in route. Please try again later.",
    ),
    (
        "500-RewriteFailed\n\nFailed to rewrite content for prompt.\n\n"
        "Cause: Large model call for prompt rewriting failed.\n\nSolution: Retry later.\n\n",
        "",
    ),
]


def source_text() -> str:
    return SOURCE.read_text(encoding="utf-8")


def reworded_source() -> str:
    text = source_text()
    for old, new in REWORDINGS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def dump() -> str:
    """Every row of every table, as Django serialises them."""
    out = io.StringIO()
    call_command("dumpdata", "--indent", "1", stdout=out)
    return out.getvalue()


def slug_of(prefix: str) -> str:
    return ErrorEntry.objects.get(slug__startswith=prefix).slug


@pytest.fixture
def imported(catalogue):
    """The vendor text as the importer wrote it (the session's one import)."""
    return {slug: ErrorEntry.objects.get(slug=slug).pk for slug in [RANGE, UNAVAILABLE]}


def test_a_reworded_source_keeps_every_permalink(client, imported):
    old = {
        slug: ErrorEntry.objects.get(slug=slug)
        for slug in [RANGE, UNAVAILABLE, THROTTLED, ROUTE]
    }
    removed = ErrorEntry.objects.get(message="Failed to rewrite content for prompt.")
    report = import_source(reworded_source())
    assert (report.added, report.changed, report.conflicts) == ([], [], [])
    assert report.undecided == []
    assert report.removed == [removed.slug]
    moved = {item.old_slug: item.new_slug for item in report.reworded}
    assert moved == {
        RANGE: "400-invalidparameter-range-of-n-must-be-1-4",
        UNAVAILABLE: "503-modelunavailable-model-is-temporarily-unavailable-please-try-again-later",
        THROTTLED: "429-throttling-requests-throttling-has-been-triggered",
        ROUTE: "429-throttlingroute-too-many-requests-in-route-please-try-again-later",
    }
    assert ErrorEntry.objects.count() == 310
    for old_slug, entry in old.items():
        new = ErrorEntry.objects.get(pk=entry.pk)  # same id
        assert new.slug == moved[old_slug]
        page = client.get(f"/errors/{old_slug}/")
        assert (page.status_code, page["Location"]) == (301, f"/errors/{new.slug}/")
        api = client.get(f"/api/v1/errors/{old_slug}/")
        assert api.status_code == 301
        assert api["Location"] == f"/api/v1/errors/{new.slug}/"
        assert client.get(f"/api/v1/errors/{new.slug}/").json()["id"] == entry.pk
        notes = [v.revision.comment for v in versions_of(ErrorEntry, entry.pk)]
        assert notes == ["import", "import: reworded"]
    assert ErrorEntry.objects.get(pk=old[ROUTE].pk).heading == "429-Throttling.Route"
    lines = "\n".join(report.lines())
    assert f"reworded: {RANGE} -> 400-invalidparameter-range-of-n-must-be-1-4" in lines
    assert (
        "message: old 'Range of n should be [1, 4]' / new 'Range of n must be [1, 4]'"
        in lines
    )
    # The same source again: nothing left to do.
    again = import_source(reworded_source())
    assert again.unchanged == 310 and again.reworded == again.added == []


def test_explain_diff_shows_the_plan_without_a_database(tmp_path, capsys, db):
    new_path = tmp_path / "new.txt"
    new_path.write_text(reworded_source(), encoding="utf-8")
    call_command("import_catalogue", "--explain-diff", str(SOURCE), str(new_path))
    out = capsys.readouterr().out
    assert out.startswith(
        "added 0, changed 0, removed 1, unchanged 306, conflicts 0, reworded 4, undecided 0"
    )
    assert (
        f"reworded: {UNAVAILABLE} -> 503-modelunavailable-model-is-temporarily" in out
    )
    assert f"removed: {REWRITE}" in out
    assert ErrorEntry.objects.count() == 0


def test_the_similarity_threshold_separates_rewordings_from_other_messages():
    assert similarity("Range of n should be [1, 4]", "Range of n must be [1, 4]") > 0.8
    assert (
        similarity("Requests throttling triggered.", "Quota exhausted for this minute.")
        < REWORD_THRESHOLD
    )
    # Templated messages of different entries can pass the threshold: a pair
    # is made only when each is the other's one candidate (see the test below).
    assert (
        similarity("Range of n should be [1, 4]", "Range of top_k should be [1, 100]")
        >= REWORD_THRESHOLD
    )


def test_several_candidates_are_undecided():
    def fields(message):
        return {
            "status": 400,
            "category": "api",
            "heading": "400-InvalidParameter",
            "code": "InvalidParameter",
            "aliases": "",
            "message": message,
        }

    vanished = {
        "n-4": fields("Range of n should be [1, 4]"),
        "n-8": fields("Range of n should be [1, 8]"),
    }
    appeared = {"n-must": fields("Range of n must be [1, 4]")}
    matching = match_rewordings(vanished, appeared)
    assert matching.reworded == {}
    [group] = matching.undecided
    assert (group.old_keys, group.new_keys) == (["n-4", "n-8"], ["n-must"])
    forced = match_rewordings(vanished, appeared, forced={"n-8": "n-must"})
    assert forced.reworded == {"n-must": ("n-8", pytest.approx(0.714, abs=0.001))}


def test_an_edited_entry_reworded_in_the_source_is_a_conflict_not_a_duplicate(
    client, imported
):
    entry = ErrorEntry.objects.get(slug=RANGE)
    entry.products.add(Product.objects.get(slug="qwen-vl"))
    report = import_source(reworded_source())
    [conflict] = report.conflicts
    assert conflict.slug == RANGE and "reworded" in conflict.reason
    text = "\n".join(conflict.diff)
    assert (
        "message: admin 'Range of n should be [1, 4]' / source 'Range of n must be [1, 4]'"
        in text
    )
    assert "products: admin " in text and "qwen-vl" in text
    assert ErrorEntry.objects.count() == 310  # no duplicate added
    assert not ErrorEntry.objects.filter(message="Range of n must be [1, 4]").exists()
    assert import_source(reworded_source()).added == []
    report = import_source(reworded_source(), take_source=True)
    moved = ErrorEntry.objects.get(pk=entry.pk)
    assert report.changed == [moved.slug]
    assert moved.message == "Range of n must be [1, 4]"
    assert client.get(f"/errors/{RANGE}/")["Location"] == f"/errors/{moved.slug}/"


def test_a_products_only_edit_survives_a_reimport_as_a_conflict(imported):
    entry = ErrorEntry.objects.get(slug=RANGE)
    before = sorted(p.slug for p in entry.products.all())
    entry.products.add(Product.objects.get(slug="cosyvoice"))  # a shell, no admin
    changed = source_text().replace(
        "Solution: Set the n parameter within the [1, 4] range.",
        "Solution: Use n between 1 and 4.",
    )
    report = import_source(changed)
    assert [conflict.slug for conflict in report.conflicts] == [RANGE]
    text = "\n".join(report.conflicts[0].diff)
    assert "cosyvoice" in text and "products:" in text and "solution:" in text
    assert "cosyvoice" in {p.slug for p in entry.products.all()}
    report = import_source(changed, take_source=True)
    assert report.changed == [RANGE]
    assert sorted(p.slug for p in entry.products.all()) == before


@pytest.mark.parametrize(
    "field,value",
    [
        ("slug", "our-own-slug"),
        ("status", 418),
        ("category", "sdk"),
        ("aliases", "n_out_of_range"),
        ("heading", "Our heading"),
    ],
)
def test_any_field_changed_by_a_script_is_an_edit(imported, field, value):
    pk = imported[RANGE]
    ErrorEntry.objects.filter(pk=pk).update(**{field: value})
    changed = source_text().replace(
        "Solution: Set the n parameter within the [1, 4] range.",
        "Solution: Use n between 1 and 4.",
    )
    report = import_source(changed)
    assert len(report.conflicts) == 1
    assert f"{field}: admin " in "\n".join(report.conflicts[0].diff)
    assert getattr(ErrorEntry.objects.get(pk=pk), field) == value


def test_undecided_rewordings_are_left_for_an_admin(imported):
    throttled = ErrorEntry.objects.get(slug=THROTTLED)
    text = source_text().replace(
        "Requests throttling triggered.", "Quota exhausted for this minute."
    )
    report = import_source(text)
    [group] = report.undecided
    assert group.old_keys == [THROTTLED]
    assert group.new_keys == ["429-throttling-quota-exhausted-for-this-minute"]
    assert report.added == report.removed == []
    assert ErrorEntry.objects.filter(pk=throttled.pk, slug=THROTTLED).exists()
    assert "undecided" in "\n".join(report.lines())
    report = import_source(
        text, reword={THROTTLED: "429-throttling-quota-exhausted-for-this-minute"}
    )
    assert [item.new_slug for item in report.reworded] == [
        "429-throttling-quota-exhausted-for-this-minute"
    ]
    assert ErrorEntry.objects.get(pk=throttled.pk).message == (
        "Quota exhausted for this minute."
    )


def test_undecided_entries_may_be_added_and_removed_instead(imported):
    text = source_text().replace(
        "Requests throttling triggered.", "Quota exhausted for this minute."
    )
    report = import_source(text, not_reworded=True)
    assert report.added == ["429-throttling-quota-exhausted-for-this-minute"]
    assert report.removed == [THROTTLED]


def test_dry_run_of_the_vendor_text_leaves_the_dump_byte_identical(
    imported, capsys, tmp_path
):
    ErrorEntry.objects.filter(slug=UNAVAILABLE).update(solution="Admin's advice")
    before = dump()
    # In tmp_path, not next to the vendor text: suites may run side by side.
    path = tmp_path / "reworded.txt"
    path.write_text(reworded_source(), encoding="utf-8")
    for options, counts in [
        ([], "conflicts 1, reworded 3"),
        (["--take-source"], "conflicts 0, reworded 4"),
    ]:
        call_command("import_catalogue", str(path), "--dry-run", *options)
        dry = capsys.readouterr().out
        assert dump() == before
        assert counts in dry
        assert dry.endswith("dry run: rolled back, nothing written\n")
    call_command("import_catalogue", str(path), "--take-source")
    real = capsys.readouterr().out
    # The dry run printed exactly what the real run did.
    assert dry.removesuffix("dry run: rolled back, nothing written\n") == real
    assert dump() != before


def test_dry_run_of_a_json_export_leaves_the_dump_byte_identical(imported, tmp_path):
    data = export_catalogue()
    data["entries"][0]["solution"] = "Changed in the export"
    data["entries"].append({**data["entries"][1], "slug": "a-new-one"})
    path = tmp_path / "export.json"
    path.write_text(dump_export(data), encoding="utf-8")
    ErrorEntry.objects.filter(slug=data["entries"][0]["slug"]).update(cause="Edited")
    before = dump()
    report = import_path(path, dry_run=True)
    assert dump() == before
    assert report.added == ["a-new-one"]
    assert [conflict.slug for conflict in report.conflicts] == [
        data["entries"][0]["slug"]
    ]
    assert import_path(path, dry_run=True, take_source=True).changed == [
        data["entries"][0]["slug"]
    ]
    assert dump() == before


def test_take_source_applies_to_json_exports(imported):
    data = json.loads(dump_export(export_catalogue()))
    slug = data["entries"][0]["slug"]
    data["entries"][0]["solution"] = "The export's solution"
    ErrorEntry.objects.filter(slug=slug).update(solution="The admin's solution")
    report = import_export(data)
    assert [conflict.slug for conflict in report.conflicts] == [slug]
    assert ErrorEntry.objects.get(slug=slug).solution == "The admin's solution"
    report = import_export(data, take_source=True)
    assert report.changed == [slug]
    assert ErrorEntry.objects.get(slug=slug).solution == "The export's solution"
    # The export's own record of what the vendor import wrote travels with
    # it: this solution is not the vendor's, so it stays an edit.
    assert ErrorEntry.objects.get(slug=slug).edited_since_import
