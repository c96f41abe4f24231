import json
from pathlib import Path

import pytest
from django.core.management import call_command

from errors.catalogue.export import dump_export, export_catalogue
from errors.catalogue.importer import import_export, import_source
from errors.models import ErrorEntry, Product

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "fixtures" / "source" / "model-studio-error-codes.txt"


@pytest.fixture
def source_text():
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture
def two_entries(source_text):
    """The vendor text cut after its first two entries: enough for what an
    import reports, at a fraction of the whole catalogue's cost (the whole
    import is test_import_creates_every_entry_with_products)."""
    return source_text.split("This model only support stream mode")[0]


def test_import_creates_every_entry_with_products(db, source_text):
    report = import_source(source_text)
    assert len(report.added) == 311 == ErrorEntry.objects.count()
    tts = ErrorEntry.objects.get(message="[tts:]Engine return error code: 418")
    assert "cosyvoice" in {product.slug for product in tts.products.all()}
    vl = ErrorEntry.objects.get(
        message="The image length and width do not meet the model restrictions."
    )
    assert "qwen-vl" in {product.slug for product in vl.products.all()}
    tagged = Product.objects.filter(entries__isnull=False).distinct().count()
    assert tagged >= 15


def test_reimporting_the_same_file_changes_nothing(catalogue, source_text):
    before = dict(ErrorEntry.objects.values_list("slug", "updated_at"))
    report = import_source(source_text)
    assert (report.added, report.changed, report.removed, report.conflicts) == (
        [],
        [],
        [],
        [],
    )
    assert report.unchanged == 311
    assert dict(ErrorEntry.objects.values_list("slug", "updated_at")) == before


def test_reimporting_a_changed_file_reports_what_changed(catalogue, source_text):
    changed = source_text.replace(
        "Cause: The n parameter is not within the [1, 4] range.",
        "Cause: The n parameter is outside [1, 4].",
    ).replace(
        "Model is unavailable, please try again later.",
        "Model is resting, please try again later.",
    )
    old = ErrorEntry.objects.get(
        slug="503-modelunavailable-model-is-unavailable-please-try-again-later"
    )
    report = import_source(changed)
    assert report.changed == ["400-invalidparameter-range-of-n-should-be-1-4"]
    assert (report.added, report.removed) == ([], [])
    assert [(r.old_slug, r.new_slug) for r in report.reworded] == [
        (old.slug, "503-modelunavailable-model-is-resting-please-try-again-later")
    ]
    assert ErrorEntry.objects.get(pk=old.pk).slug == report.reworded[0].new_slug
    assert (
        ErrorEntry.objects.get(slug=report.changed[0]).cause
        == "The n parameter is outside [1, 4]."
    )


def test_admin_edits_survive_a_reimport_as_conflicts(catalogue, source_text):
    entry = ErrorEntry.objects.get(slug="400-invalidparameter-range-of-n-should-be-1-4")
    entry.solution = "Our own better advice."
    entry.save()
    changed = source_text.replace(
        "Solution: Set the n parameter within the [1, 4] range.",
        "Solution: Use n between 1 and 4.",
    )
    report = import_source(changed)
    assert [conflict.slug for conflict in report.conflicts] == [entry.slug]
    assert ErrorEntry.objects.get(pk=entry.pk).solution == "Our own better advice."
    report = import_source(changed, take_source=True)
    assert report.changed == [entry.slug]
    assert ErrorEntry.objects.get(pk=entry.pk).solution == "Use n between 1 and 4."


def test_dry_run_writes_nothing(db, two_entries):
    report = import_source(two_entries, dry_run=True)
    assert len(report.added) == 2
    assert ErrorEntry.objects.count() == 0


def test_committed_fixture_is_the_export_of_a_fresh_import(catalogue):
    # fixtures/catalogue.json is generated (make fixtures), never hand-edited;
    # `catalogue` holds the rows of this session's fresh import.
    assert dump_export(export_catalogue()) == (
        ROOT / "fixtures" / "catalogue.json"
    ).read_text(encoding="utf-8")


def test_export_round_trips_byte_for_byte(catalogue):
    entry = ErrorEntry.objects.get(slug="400-invalidparameter-range-of-n-should-be-1-4")
    entry.products.add(Product.objects.get(slug="qwen"))
    first = dump_export(export_catalogue())
    ErrorEntry.objects.all().delete()
    Product.objects.all().delete()
    import_export(json.loads(first))
    assert dump_export(export_catalogue()) == first


def test_import_command_prints_the_report(db, capsys, tmp_path, two_entries):
    path = tmp_path / "two-entries.txt"
    path.write_text(two_entries, encoding="utf-8")
    call_command("import_catalogue", str(path))
    assert "added 2, changed 0, removed 0" in capsys.readouterr().out
    call_command("import_catalogue", str(path))
    assert (
        "added 0, changed 0, removed 0, unchanged 2, conflicts 0"
        in capsys.readouterr().out
    )


def test_import_command_rejects_a_missing_file(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No such file"):
        call_command("import_catalogue", "/nonexistent/file.txt")


def test_load_catalogue_fills_only_an_empty_database(db, capsys):
    call_command("load_catalogue")
    assert ErrorEntry.objects.count() == 311
    call_command("load_catalogue")
    assert "already loaded" in capsys.readouterr().out
