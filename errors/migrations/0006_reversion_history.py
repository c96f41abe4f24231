"""The edit history moves to django-reversion; the old table goes.

Every row of errors_version (migration 0003) becomes a reversion Version in a
Revision of its own, with its date, user and note as the revision's comment
(the action's name when it had no note), and its snapshot serialized as
Django's JSON serializer does. Ids are kept, so notes such as "restored
version 12" still name the right version. A product's deletion and the
versions it wrote for the entries that lost the link ("product “X” deleted")
share one revision, as errors/history.py records deletions now: recovering
the product relinks those entries. A user deleted since is kept as a name in
the comment.

Backwards, reversion's versions of entries and products move back into
errors_version (the action read from the comment).
"""

import json

from django.conf import settings
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations

BASELINE = "as it was before history began"
COMMENTS = {"baseline": BASELINE, "create": "Added.", "change": "Changed."}
BATCH = 500


def comment_of(old, verbose_name: str) -> str:
    if old.action == "delete":
        comment = f"{verbose_name} “{old.object_repr}” deleted"
        comment += f" ({old.note})" if old.note else ""
    else:
        comment = old.note or COMMENTS.get(old.action, old.action)
    if old.user_id is None and old.username:
        comment += f" (by {old.username})"
    return comment


def serialize(model, old) -> str:
    names = {
        model_field.name
        for model_field in model._meta.local_fields + model._meta.local_many_to_many
        if not model_field.primary_key
    }
    fields = {name: value for name, value in old.data.items() if name in names}
    label = model._meta.label_lower
    item = {"model": label, "pk": old.object_id, "fields": fields}
    return json.dumps([item], cls=DjangoJSONEncoder, ensure_ascii=False)


def to_reversion(apps, schema_editor):
    OldVersion = apps.get_model("errors", "Version")
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")
    ContentType = apps.get_model("contenttypes", "ContentType")
    alias = schema_editor.connection.alias
    # The only models the old history held.
    models = {
        content_type.pk: apps.get_model("errors", content_type.model)
        for content_type in ContentType.objects.filter(
            app_label="errors", model__in=["product", "errorentry"]
        )
    }
    # "product “X” deleted" -> (revision id, ids of the entries it unlinked)
    deletions: dict[str, tuple[int, set[str]]] = {}
    revisions, versions = [], []
    for old in OldVersion.objects.using(alias).order_by("id").iterator():
        model = models[old.content_type_id]
        verbose_name = model._meta.verbose_name
        object_id = str(old.object_id)
        revision_id = old.id
        pending = deletions.get(old.note)
        if old.action == "change" and pending and object_id in pending[1]:
            revision_id = pending[0]
            pending[1].discard(object_id)
        else:
            revisions.append(
                Revision(
                    id=old.id,
                    date_created=old.created_at,
                    user_id=old.user_id,
                    comment=comment_of(old, verbose_name),
                )
            )
        if old.action == "delete" and old.data.get("entries"):
            label = f"{verbose_name} “{old.object_repr}” deleted"
            deletions[label] = (old.id, {str(pk) for pk in old.data["entries"]})
        versions.append(
            Version(
                id=old.id,
                revision_id=revision_id,
                object_id=object_id,
                content_type_id=old.content_type_id,
                db=alias,
                format="json",
                serialized_data=serialize(model, old),
                object_repr=old.object_repr,
            )
        )
    Revision.objects.using(alias).bulk_create(revisions, batch_size=BATCH)
    Version.objects.using(alias).bulk_create(versions, batch_size=BATCH)
    # Explicit ids leave PostgreSQL's sequences behind.
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Revision, Version]):
            cursor.execute(sql)


def action_of(comment: str, subject: str, first: bool) -> str:
    # "product “X” deleted" is X's deletion, and a change of the entries (and
    # their other products) recorded with it.
    about_itself = comment.startswith(subject)
    if comment.startswith(BASELINE):
        return "baseline"
    if about_itself and "” deleted" in comment:
        return "delete"
    if about_itself and "” restored" in comment:
        return "restore"
    return "create" if first else "change"


def from_reversion(apps, schema_editor):
    OldVersion = apps.get_model("errors", "Version")
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")
    ContentType = apps.get_model("contenttypes", "ContentType")
    alias = schema_editor.connection.alias
    verbose_names = {
        content_type.pk: str(
            apps.get_model("errors", content_type.model)._meta.verbose_name
        )
        for content_type in ContentType.objects.filter(
            app_label="errors", model__in=["product", "errorentry"]
        )
    }
    seen, rows = set(), []
    versions = Version.objects.using(alias).filter(content_type__in=verbose_names)
    for version in versions.select_related("revision__user").order_by("id"):
        [item] = json.loads(version.serialized_data)
        key = (version.content_type_id, version.object_id)
        user = version.revision.user
        comment = version.revision.comment
        subject = f"{verbose_names[version.content_type_id]} “{version.object_repr}”"
        rows.append(
            OldVersion(
                content_type_id=version.content_type_id,
                object_id=int(version.object_id),
                object_repr=version.object_repr[:200],
                action=action_of(comment, subject, key not in seen),
                data=item["fields"],
                user=user,
                username=user.username if user else "",
                note=comment[:200],
                created_at=version.revision.date_created,
            )
        )
        seen.add(key)
    OldVersion.objects.using(alias).bulk_create(rows, batch_size=BATCH)
    # Moved back, not copied: migrating forward again starts from them alone.
    Revision.objects.using(alias).filter(version__in=versions).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("errors", "0005_catalogue_version_import_hash"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(to_reversion, from_reversion),
        migrations.DeleteModel(name="Version"),
    ]
