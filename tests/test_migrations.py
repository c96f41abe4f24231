"""The advice columns arrive without costing the table its triggers."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from errors.catalogue import import_source
from errors.models import ErrorEntry
from tests.test_catalogue import SOURCE

BEFORE = [("errors", "0005_catalogue_version_import_hash")]
AFTER = [("errors", "0006_entry_advice")]


def triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_0006_keeps_the_triggers_and_fills_the_advice():
    import_source(SOURCE.read_text(encoding="utf-8"))
    present = triggers()
    assert any("version" in name for name in present)
    try:
        migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE errors_errorentry SET message = 'Edited' "
                "WHERE slug = '429-throttling-requests-throttling-triggered'"
            )
        migrate(AFTER)
    finally:
        migrate(AFTER)
    assert triggers() == present
    throttled = ErrorEntry.objects.get(
        slug="429-throttling-requests-throttling-triggered"
    )
    unchanged = ErrorEntry.objects.get(
        slug="401-invalidapikey-invalid-api-key-provided-incorrect-api-key-provided"
    )
    assert (unchanged.retryable, unchanged.who_acts) == ("no", "credentials")
    assert not unchanged.edited_since_import  # as imported, advice included
    assert throttled.edited_since_import  # the edit made before stays an edit
    # The search index still follows writes made after the migration.
    ErrorEntry.objects.filter(pk=unchanged.pk).update(message="Quokka overflow")
    found = ErrorEntry.objects.search("quokka overflow").search_result
    assert found.ordered_ids[:1] == [unchanged.pk]
