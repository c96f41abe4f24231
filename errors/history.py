"""Edit history on django-reversion: what we record, and how we write it back.

Entries and products are registered with django-reversion in errors/models.py;
an entry's versions follow its products. The admin (errors/admin_history.py)
records each add and change through `VersionAdmin`; the importer
(errors/catalogue.py) calls `record()` with the comment "import". This module
holds the parts the library leaves to us:

- baselines: a first version of rows made before history began (or by a
  script), written before their first recorded change overwrites them;
- deletions: a revision holding the object as it was and the rows whose links
  the deletion cut, so that recovering a product relinks its entries;
- restore: writes back one version of one object (recreating it with the same
  id if it was deleted). Never `Revision.revert()`: that would also roll back
  every product the revision followed, and with `delete=True` delete products
  added since. Products the version links to that were deleted since are
  recovered from their own latest version.
"""

from __future__ import annotations

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from reversion.models import Version

BASELINE_COMMENT = "as it was before history began"
ANONYMOUS = "(no user: importer or script)"
RECORD_BATCH = 1000


def versions_of(model, object_id) -> models.QuerySet[Version]:
    """Versions of one object (which may since have been deleted), oldest first."""
    return (
        Version.objects.get_for_object_reference(model, object_id)
        .select_related("revision__user")
        .order_by("pk")
    )


def deleted_versions(model) -> models.QuerySet[Version]:
    """The latest version of each `model` object that is deleted, newest first."""
    return (
        Version.objects.get_deleted(model)
        .select_related("revision__user")
        .order_by("-pk")
    )


def author(version: Version) -> str:
    user = version.revision.user
    return user.get_username() if user is not None else ANONYMOUS


def _describe(comment: str, user) -> None:
    reversion.set_comment(comment)
    if user is not None and user.is_authenticated:
        reversion.set_user(user)


def record(instance: models.Model, comment: str, *, user=None) -> None:
    """One revision holding `instance` as it is stored now (with what it follows).

    Read back from the database: callers often write part of a row with
    `update()`, which the instance in memory does not see.
    """
    stored = type(instance)._default_manager.get(pk=instance.pk)
    with reversion.create_revision():
        _describe(comment, user)
        reversion.add_to_revision(stored)


def record_all(instances: list[models.Model], comment: str, *, user=None) -> None:
    """Revisions holding each of `instances` as stored now, RECORD_BATCH rows
    to a revision: what an import adds is a few revisions, not one per row
    (each row still gets its version, and a product the rows follow is stored
    once per revision, not once per row). Bounded so that a revision's
    versions, which django-reversion keeps in memory and looks up by id in
    one query, stay few at 100,000 entries."""
    rows = [(type(instance), instance.pk) for instance in instances]
    for start in range(0, len(rows), RECORD_BATCH):
        by_model: dict[type[models.Model], list] = {}
        for model, key in rows[start : start + RECORD_BATCH]:
            by_model.setdefault(model, []).append(key)
        with reversion.create_revision():
            _describe(comment, user)
            for model, keys in by_model.items():
                many = [field.name for field in model._meta.many_to_many]
                stored = model._default_manager.prefetch_related(*many)
                for row in stored.filter(pk__in=keys).order_by("pk"):
                    reversion.add_to_revision(row)


def ensure_baseline(model, object_id) -> None:
    """Record the stored row before its first recorded change, if it has no version.

    Call it outside any open revision: inside one, the baseline would merge
    into the change it is meant to precede.
    """
    if versions_of(model, object_id).exists():
        return
    instance = model._default_manager.filter(pk=object_id).first()
    if instance is not None:
        record(instance, BASELINE_COMMENT)


def record_baselines(model) -> int:
    """Record, in one revision, every row of `model` that has no version yet."""
    known = set(
        Version.objects.get_for_model(model).values_list("object_id", flat=True)
    )
    many = [model_field.name for model_field in model._meta.many_to_many]
    rows = [
        row
        for row in model._default_manager.prefetch_related(*many)
        if str(row.pk) not in known
    ]
    if rows:
        with reversion.create_revision():
            reversion.set_comment(BASELINE_COMMENT)
            for row in rows:
                reversion.add_to_revision(row)
    return len(rows)


def deletion_comment(verbose_name: str, text: str) -> str:
    """The comment `delete()` gives its revision (a note may follow)."""
    return f"{verbose_name} “{text}” deleted"


def delete(instance: models.Model, note: str = "", *, user=None) -> None:
    """Record `instance` as it was, cut its links, then delete it.

    Rows linked to it through a many-to-many (a product's entries) lose the
    link first and are recorded without it in the same revision: `restore()`
    relinks exactly those. The revision is closed before the delete, since
    django-reversion keeps no version of a row that is gone when it saves.
    """
    comment = deletion_comment(instance._meta.verbose_name, str(instance))
    if note:
        comment += f" ({note})"
    with transaction.atomic():
        linked = []
        for relation in instance._meta.related_objects:
            if relation.many_to_many:
                manager = getattr(instance, relation.get_accessor_name())
                rows = list(manager.all())
                for row in rows:
                    ensure_baseline(type(row), row.pk)
                manager.clear()
                linked.extend(rows)
        with reversion.create_revision():
            _describe(comment, user)
            reversion.add_to_revision(instance)
            for row in linked:
                reversion.add_to_revision(row)
        instance.delete()


def restore(version: Version, *, user=None) -> models.Model:
    """Write `version` back as a new revision; recreate the object if it was deleted.

    Raises ValidationError when a unique value (the slug) is now someone else's.
    """
    model = version.content_type.model_class()
    with transaction.atomic():
        ensure_baseline(model, version.object_id)
        with reversion.create_revision():
            instance, relinked = _write_back(model, version)
            verbose_name = model._meta.verbose_name
            _describe(
                f"{verbose_name} “{instance}” restored from version {version.pk}",
                user,
            )
            reversion.add_to_revision(instance)
            for row in relinked:
                reversion.add_to_revision(row)
    return instance


def _write_back(model, version: Version) -> tuple[models.Model, list[models.Model]]:
    """Save the version's fields and links; returns the object and rows relinked."""
    opts = model._meta
    data = version.field_dict
    object_id = opts.pk.to_python(version.object_id)
    instance = model._default_manager.filter(pk=object_id).first()
    created = instance is None
    if created:
        instance = model(pk=object_id)
    for model_field in opts.concrete_fields:
        # A stored row keeps its creation date: versions hold it to the
        # millisecond only (Django's JSON serializer).
        kept = not created and getattr(model_field, "auto_now_add", False)
        if model_field.primary_key or kept or model_field.attname not in data:
            continue
        setattr(instance, model_field.attname, data[model_field.attname])
    instance.validate_unique()
    instance.save(force_insert=created)
    if created:
        # auto_now_add stamped the insert with today; keep the original date.
        originals = {
            model_field.attname: data[model_field.attname]
            for model_field in opts.concrete_fields
            if getattr(model_field, "auto_now_add", False)
            and data.get(model_field.attname) is not None
        }
        if originals:
            model._default_manager.filter(pk=instance.pk).update(**originals)
            instance.refresh_from_db()
    for model_field in opts.many_to_many:
        if model_field.attname in data:
            related = _existing_or_recovered(
                model_field.related_model, data[model_field.attname]
            )
            getattr(instance, model_field.name).set(related)
    return instance, _relink(instance, version) if created else []


def _existing_or_recovered(model, ids: list) -> list[models.Model]:
    """The rows `ids` name, recovering deleted ones from their latest version."""
    rows = list(model._default_manager.filter(pk__in=ids))
    missing = set(ids) - {row.pk for row in rows}
    if missing and reversion.is_registered(model):
        for object_id in sorted(missing):
            latest = Version.objects.get_for_object_reference(model, object_id).first()
            if latest is not None:
                rows.append(_write_back(model, latest)[0])
    return rows


def _relink(instance: models.Model, version: Version) -> list[models.Model]:
    """Link a recreated object again to the rows recorded with it; returns
    those rows. In the revision `delete()` wrote, every row recorded is one
    whose link it cut (recorded without it); in any other (an import's, which
    holds every entry it added), only the rows recorded with the link."""
    relinked = []
    revision_versions = version.revision.version_set.all()
    meta = instance._meta
    # Its deletion's: the comment names it, and no row there still links it
    # (another object of the same name deleted holds rows linked to this one).
    named = version.revision.comment.startswith(
        deletion_comment(meta.verbose_name, version.object_repr)
    )
    for relation in meta.related_objects:
        if not relation.many_to_many:
            continue
        content_type = ContentType.objects.get_for_model(relation.related_model)
        recorded = list(revision_versions.filter(content_type=content_type))
        name = relation.field.name
        linked = [
            row.object_id
            for row in recorded
            if instance.pk in row.field_dict.get(name, ())
        ]
        cut_here = named and not linked
        ids = [row.object_id for row in recorded] if cut_here else linked
        rows = list(relation.related_model._default_manager.filter(pk__in=ids))
        getattr(instance, relation.get_accessor_name()).add(*rows)
        relinked.extend(rows)
    return relinked
