"""PostgreSQL: index codes and dotted names word by word.

The default parser keeps "InvalidFile.NoHuman" as one token, so a search for
the code found nothing; the new expression turns dots, underscores and
slashes into spaces first. SQLite's FTS5 tokenizer already splits them.
"""

from django.db import migrations

PG_DOCUMENT = (
    "setweight(to_tsvector('english', translate(coalesce(code, '') || ' ' || coalesce(aliases, ''), '._/', '   ')), 'A')"
    " || setweight(to_tsvector('english', translate(coalesce(message, ''), '._/', '   ')), 'B')"
    " || setweight(to_tsvector('english', translate(coalesce(cause, ''), '._/', '   ')), 'C')"
    " || setweight(to_tsvector('english', translate(coalesce(solution, ''), '._/', '   ')), 'D')"
)
OLD_PG_DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(code, '') || ' ' || coalesce(aliases, '')), 'A')"
    " || setweight(to_tsvector('english', coalesce(message, '')), 'B')"
    " || setweight(to_tsvector('english', coalesce(cause, '')), 'C')"
    " || setweight(to_tsvector('english', coalesce(solution, '')), 'D')"
)


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
