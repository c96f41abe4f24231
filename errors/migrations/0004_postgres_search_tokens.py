"""PostgreSQL: index codes and dotted names word by word.

The default parser keeps "InvalidFile.NoHuman" as one token, so a search for
the code found nothing; the new expression turns dots, underscores and
slashes into spaces first. SQLite's FTS5 tokenizer already splits them.
"""

import importlib

from django.db import migrations

# The expression the search queries: errors.search.candidates reads it from
# here, since PostgreSQL uses the index only for the very same expression. A
# new expression needs a new migration, and candidates pointed at it.
PG_DOCUMENT = (
    "setweight(to_tsvector('english', translate(coalesce(code, '') || ' ' || coalesce(aliases, ''), '._/', '   ')), 'A')"
    " || setweight(to_tsvector('english', translate(coalesce(message, ''), '._/', '   ')), 'B')"
    " || setweight(to_tsvector('english', translate(coalesce(cause, ''), '._/', '   ')), 'C')"
    " || setweight(to_tsvector('english', translate(coalesce(solution, ''), '._/', '   ')), 'D')"
)
# What 0002 created, restored on the way back.
OLD_PG_DOCUMENT = importlib.import_module(
    "errors.migrations.0002_search_index"
).PG_DOCUMENT


def recreate(document):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP INDEX IF EXISTS errors_entry_search")
            schema_editor.execute(
                f"CREATE INDEX errors_entry_search ON errors_errorentry USING GIN (({document}))"
            )

    return apply


class Migration(migrations.Migration):
    dependencies = [("errors", "0003_history_redirects_lockout")]

    operations = [
        migrations.RunPython(recreate(PG_DOCUMENT), recreate(OLD_PG_DOCUMENT))
    ]
