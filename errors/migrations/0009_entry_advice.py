"""What to do next: `retryable` and `who_acts` on every entry.

Added with a plain ADD COLUMN, as 0005 added `import_hash`: Django's AddField
rebuilds the SQLite table, which drops its triggers (the search index's and
the catalogue version's).

The values come from the rules in errors/advice.py, imported rather than
copied: they are the documented derivation, and a database migrated later
should hold what an import at that time would write. An entry that was as
last imported stays so (its `import_hash` now covers the advice too); an
edited one keeps its differing hash, so its edits stay edits.
"""

import hashlib
import json

from django.db import migrations, models

from errors.advice import Retryable, WhoActs, advise

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


def fill_advice(apps, schema_editor):
    ErrorEntry = apps.get_model("errors", "ErrorEntry")
    for entry in ErrorEntry.objects.prefetch_related("products"):
        source = {name: getattr(entry, name) for name in SOURCE_FIELDS}
        advice = advise(source)
        state = {
            **source,
            "slug": entry.slug,
            "products": sorted(product.slug for product in entry.products.all()),
        }
        import_hash = entry.import_hash
        if import_hash and import_hash == fingerprint(state):
            import_hash = fingerprint({**state, **advice})
        ErrorEntry.objects.filter(pk=entry.pk).update(**advice, import_hash=import_hash)


def column(name: str, field) -> migrations.SeparateDatabaseAndState:
    return migrations.SeparateDatabaseAndState(
        database_operations=[
            migrations.RunSQL(
                f"ALTER TABLE errors_errorentry ADD COLUMN {name} "
                "varchar(20) NOT NULL DEFAULT 'unknown'",
                f"ALTER TABLE errors_errorentry DROP COLUMN {name}",
            )
        ],
        state_operations=[
            migrations.AddField(model_name="errorentry", name=name, field=field)
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("errors", "0008_merge_0006_reversion_history_0007_remove_old_lockout")
    ]

    operations = [
        column(
            "retryable",
            models.CharField(
                choices=Retryable.choices,
                default="unknown",
                help_text="Whether retrying the same call can succeed.",
                max_length=20,
            ),
        ),
        column(
            "who_acts",
            models.CharField(
                choices=WhoActs.choices,
                default="unknown",
                help_text="Who has to do something for the error to go away.",
                max_length=20,
            ),
        ),
        migrations.RunPython(fill_advice, migrations.RunPython.noop),
    ]
