"""The advice and rendering columns arrive without costing the table its
triggers; on PostgreSQL the search document is stored and indexed.

The test migrates the test database backwards and forwards again; it always
returns to the latest migrations it found (every leaf of the graph), and
checks that the tables are the ones it started with: a test that left the
schema behind would break every test after it.
"""

import importlib
import os

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from errors.catalogue.importer import import_source
from errors.models import ErrorEntry
from errors.rendering import render_markdown
from errors.search.results import find_entries
from tests.test_catalogue import SOURCE

ADVICE = ("errors", "0009_entry_advice")
RENDERING = ("errors", "0013_entry_rendering")
DOCUMENT = ("errors", "0014_postgres_search_document")
PG_DOCUMENT = importlib.import_module(
    "errors.migrations.0004_postgres_search_tokens"
).PG_DOCUMENT


def triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def graph():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.loader.graph


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_0006_keeps_the_triggers_and_fills_the_advice():
    import_source(SOURCE.read_text(encoding="utf-8"))
    present = triggers()
    tables = set(connection.introspection.table_names())
    assert any("version" in name for name in present)
    latest = graph().leaf_nodes()
    before = sorted(graph().node_map[ADVICE].parents)
    try:
        migrate([parent.key for parent in before])
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE errors_errorentry SET message = 'Edited' "
                "WHERE slug = '429-throttling-requests-throttling-triggered'"
            )
        migrate([ADVICE])
    finally:
        migrate(latest)
    assert set(connection.introspection.table_names()) == tables
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
    found = find_entries(ErrorEntry.objects.all(), "quokka overflow").search
    assert found.ordered_ids[:1] == [unchanged.pk]


@pytest.mark.django_db(transaction=True)
def test_0013_keeps_the_triggers_and_renders_every_entry():
    import_source(SOURCE.read_text(encoding="utf-8"))
    present = triggers()
    tables = set(connection.introspection.table_names())
    latest = graph().leaf_nodes()
    before = sorted(graph().node_map[RENDERING].parents)
    try:
        migrate([parent.key for parent in before])  # the columns go
        migrate([RENDERING])  # and come back, filled
    finally:
        migrate(latest)
    assert set(connection.introspection.table_names()) == tables
    assert triggers() == present
    entries = list(ErrorEntry.objects.all())
    assert len(entries) > 10
    for entry in entries:
        assert entry.rendering_is_current
        assert entry.rendered_cause == str(render_markdown(entry.cause))
        assert entry.rendered_solution == str(render_markdown(entry.solution))


def search_index() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'errors_entry_search'"
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (make test-postgres)",
)
@pytest.mark.django_db(transaction=True)
def test_0014_stores_the_search_document_and_indexes_it():
    import_source(SOURCE.read_text(encoding="utf-8"))
    latest = graph().leaf_nodes()
    try:
        migrate([RENDERING])  # the column goes, the index is the expression's
        assert "to_tsvector" in search_index()
        migrate([DOCUMENT])
    finally:
        migrate(latest)
    assert "search_document" in search_index()
    # The stored document is the expression's, and follows an edit.
    entry = ErrorEntry.objects.order_by("pk").first()
    entry.message = "Zyxwidget exploded."
    entry.save()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM errors_errorentry "
            f"WHERE search_document IS DISTINCT FROM ({PG_DOCUMENT})"
        )
        assert cursor.fetchone()[0] == 0
    assert [e.pk for e in find_entries(ErrorEntry.objects.all(), "zyxwidget")] == [
        entry.pk
    ]
