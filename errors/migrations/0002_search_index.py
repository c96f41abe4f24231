"""Full-text index in the database's own engine.

SQLite: an external-content FTS5 table kept in sync by triggers, so every save,
delete and import (ORM or raw SQL) updates it. PostgreSQL: a GIN index on a
weighted tsvector expression (0004 replaces it).
"""

from django.db import migrations

# The expression as this migration created it: a migration keeps what it did,
# so a new expression gets a migration of its own (0004).
PG_DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(code, '') || ' ' || coalesce(aliases, '')), 'A')"
    " || setweight(to_tsvector('english', coalesce(message, '')), 'B')"
    " || setweight(to_tsvector('english', coalesce(cause, '')), 'C')"
    " || setweight(to_tsvector('english', coalesce(solution, '')), 'D')"
)

COLUMNS = "code, aliases, message, cause, solution"
NEW = "new.code, new.aliases, new.message, new.cause, new.solution"
OLD = "old.code, old.aliases, old.message, old.cause, old.solution"

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE errors_entry_fts USING fts5({COLUMNS},
        content='errors_errorentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER errors_entry_fts_insert AFTER INSERT ON errors_errorentry BEGIN
        INSERT INTO errors_entry_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",
    f"""CREATE TRIGGER errors_entry_fts_delete AFTER DELETE ON errors_errorentry BEGIN
        INSERT INTO errors_entry_fts(errors_entry_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, {OLD});
    END""",
    f"""CREATE TRIGGER errors_entry_fts_update AFTER UPDATE ON errors_errorentry BEGIN
        INSERT INTO errors_entry_fts(errors_entry_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, {OLD});
        INSERT INTO errors_entry_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW});
    END""",
    "INSERT INTO errors_entry_fts(errors_entry_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS errors_entry_fts_insert",
    "DROP TRIGGER IF EXISTS errors_entry_fts_delete",
    "DROP TRIGGER IF EXISTS errors_entry_fts_update",
    "DROP TABLE IF EXISTS errors_entry_fts",
]
PG_FORWARD = [
    f"CREATE INDEX errors_entry_search ON errors_errorentry USING GIN (({PG_DOCUMENT}))"
]
PG_BACKWARD = ["DROP INDEX IF EXISTS errors_entry_search"]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("errors", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        )
    ]
