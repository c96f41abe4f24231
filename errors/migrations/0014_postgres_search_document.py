"""PostgreSQL: keep each entry's search document in a stored column.

The GIN index was built on the document's expression, so ts_rank computed the
document again for every row it scored (about 40 microseconds a row, four
to_tsvector calls), and a text match the planner sent past the index did so
for every row. A generated column holds it once, written with the row; the
index is built on the column. SQLite's FTS5 table keeps its own copy already.

PostgreSQL refuses to change the type of, or drop, a column a generated column
reads (code, aliases, message, cause, solution): a later migration that does
must run this one's backwards step before the change and its forwards step
after it.
"""

import importlib

from django.db import migrations

PG_DOCUMENT = importlib.import_module(
    "errors.migrations.0004_postgres_search_tokens"
).PG_DOCUMENT
# The column the search queries (errors.search.candidates reads it here).
COLUMN = "search_document"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS errors_entry_search")
    schema_editor.execute(
        f"ALTER TABLE errors_errorentry ADD COLUMN {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX errors_entry_search ON errors_errorentry USING GIN ({COLUMN})"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS errors_entry_search")
    schema_editor.execute(f"ALTER TABLE errors_errorentry DROP COLUMN {COLUMN}")
    schema_editor.execute(
        f"CREATE INDEX errors_entry_search ON errors_errorentry "
        f"USING GIN (({PG_DOCUMENT}))"
    )


class Migration(migrations.Migration):
    dependencies = [("errors", "0013_entry_rendering")]

    operations = [migrations.RunPython(forwards, backwards)]
