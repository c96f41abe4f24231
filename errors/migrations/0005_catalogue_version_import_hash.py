"""The catalogue version counter and its triggers; what the last import wrote.

Triggers keep `errors_catalogueversion.counter` moving on every write to the
tables the public answers show (see errors/catalogue_version.py). SQLite has
row triggers only; PostgreSQL gets statement triggers that fire *before* the
statement, so every writer takes the counter's row lock before any row lock
of those tables, and two writers cannot deadlock on the counter.

`import_hash` fingerprints every field an import wrote (slug and products
included): any later difference, however made, is an edit the next import
keeps.
"""

import hashlib
import json

from django.db import migrations, models

# Copied, not imported: later changes to the code must not alter this migration.
TABLES = (
    "errors_errorentry",
    "errors_product",
    "errors_errorentry_products",
    "errors_slugredirect",
)
BUMP = "UPDATE errors_catalogueversion SET counter = counter + 1 WHERE id = 1"


def sqlite_forward():
    statements = []
    for table in TABLES:
        for operation in ("INSERT", "UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER {table}_version_{operation.lower()} "
                f"AFTER {operation} ON {table} BEGIN {BUMP}; END"
            )
    return statements


def sqlite_backward():
    return [
        f"DROP TRIGGER IF EXISTS {table}_version_{operation}"
        for table in TABLES
        for operation in ("insert", "update", "delete")
    ]


PG_FORWARD = [
    f"""CREATE FUNCTION errors_bump_catalogue_version() RETURNS trigger AS $$
    BEGIN {BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql""",
    *(
        f"CREATE TRIGGER {table}_version BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION errors_bump_catalogue_version()"
        for table in TABLES
    ),
]
PG_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {table}_version ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS errors_bump_catalogue_version()",
]


def create_triggers(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO errors_catalogueversion (id, counter) VALUES (1, 1)"
    )
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_forward(), "postgresql": PG_FORWARD}
    for statement in statements.get(vendor, []):
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_backward(), "postgresql": PG_BACKWARD}
    for statement in statements.get(vendor, []):
        schema_editor.execute(statement)


SOURCE_FIELDS = (
    "status",
    "code",
    "aliases",
    "message",
    "cause",
    "solution",
    "category",
    "heading",
)


def fingerprint(data: dict) -> str:
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def fill_import_hash(apps, schema_editor):
    """Entries whose source fields are as last imported are taken to be as
    imported, slug and products included; the others were edited before this
    field existed, and stay edits (an empty hash never matches)."""
    ErrorEntry = apps.get_model("errors", "ErrorEntry")
    for entry in ErrorEntry.objects.exclude(source_key="").prefetch_related("products"):
        source = {name: getattr(entry, name) for name in SOURCE_FIELDS}
        if fingerprint(source) != entry.source_hash:
            continue
        state = {
            **source,
            "slug": entry.slug,
            "products": sorted(product.slug for product in entry.products.all()),
        }
        ErrorEntry.objects.filter(pk=entry.pk).update(import_hash=fingerprint(state))


class Migration(migrations.Migration):
    dependencies = [("errors", "0004_postgres_search_tokens")]

    operations = [
        migrations.CreateModel(
            name="CatalogueVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("counter", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "catalogue version"},
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        # A plain ADD COLUMN: Django's AddField would rebuild the SQLite
        # table, dropping its triggers (the search index's and the version's).
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE errors_errorentry ADD COLUMN import_hash "
                    "varchar(64) NOT NULL DEFAULT ''",
                    "ALTER TABLE errors_errorentry DROP COLUMN import_hash",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="errorentry",
                    name="import_hash",
                    field=models.CharField(blank=True, editable=False, max_length=64),
                )
            ],
        ),
        migrations.RunPython(fill_import_hash, migrations.RunPython.noop),
    ]
