"""Each entry keeps its cause and solution as HTML, rendered when it is saved
(errors/rendering.py: rendering_key, ErrorEntry.store_rendering).

Added with a plain ADD COLUMN, as 0009 added the advice: Django's AddField
rebuilds the SQLite table, which drops its triggers (the search index's and
the catalogue version's). The HTML of the entries already there comes from
the renderer of the code, imported rather than copied: the key it is kept
under names that renderer, so HTML that another one would render differently
is never used.
"""

from django.db import migrations, models

from errors.rendering import render_markdown, rendering_key


def store_rendering(apps, schema_editor):
    ErrorEntry = apps.get_model("errors", "ErrorEntry")
    rows = ErrorEntry.objects.order_by("pk").values_list("pk", "cause", "solution")
    last = 0
    # In chunks read whole, not an open cursor over the table being updated.
    while chunk := list(rows.filter(pk__gt=last)[:2000]):
        for pk, cause, solution in chunk:
            ErrorEntry.objects.filter(pk=pk).update(
                rendered_cause=str(render_markdown(cause)),
                rendered_solution=str(render_markdown(solution)),
                rendered_key=rendering_key(cause, solution),
            )
        last = chunk[-1][0]


def column(name: str, sql_type: str, field) -> migrations.SeparateDatabaseAndState:
    return migrations.SeparateDatabaseAndState(
        database_operations=[
            migrations.RunSQL(
                f"ALTER TABLE errors_errorentry ADD COLUMN {name} "
                f"{sql_type} NOT NULL DEFAULT ''",
                f"ALTER TABLE errors_errorentry DROP COLUMN {name}",
            )
        ],
        state_operations=[
            migrations.AddField(model_name="errorentry", name=name, field=field)
        ],
    )


class Migration(migrations.Migration):
    dependencies = [("errors", "0012_search_weeks_entries_found")]

    operations = [
        column(
            "rendered_cause",
            "text",
            models.TextField(blank=True, editable=False),
        ),
        column(
            "rendered_solution",
            "text",
            models.TextField(blank=True, editable=False),
        ),
        column(
            "rendered_key",
            "varchar(64)",
            models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(store_rendering, migrations.RunPython.noop),
    ]
