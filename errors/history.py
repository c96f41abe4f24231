"""History of entries and products: who changed what, when, and the way back.

Every admin save, delete and restore, and every import, stores a `Version`: a
snapshot of all the object's fields (many-to-many links as ids) as JSON. The
admin shows consecutive snapshots as a field-by-field diff and can write any of
them back, deleted objects included, so no edit is ever lost.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

# Bookkeeping fields: kept in snapshots and restored, but left out of diffs.
HIDDEN_IN_DIFF = {"created_at", "updated_at", "source_hash", "source_position"}
# A save that changes nothing but these is not worth a version.
IGNORED_IN_COMPARISON = {"updated_at"}
CONTEXT_LINES = 1
SIMILAR_LINE_RATIO = 0.4
WORD_RE = re.compile(r"\s+|\w+|[^\w\s]")


class SnapshotEncoder(DjangoJSONEncoder):
    """Django's encoder, keeping microseconds: a restored date is the same date."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Action(models.TextChoices):
    BASELINE = "baseline", "as it was before history began"
    CREATE = "create", "created"
    CHANGE = "change", "changed"
    DELETE = "delete", "deleted"
    RESTORE = "restore", "restored"


class VersionQuerySet(models.QuerySet):
    def for_object(self, model, object_id) -> VersionQuerySet:
        """Versions of one object (which may since have been deleted), oldest first."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=object_id
        ).order_by("id")


class Version(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.BigIntegerField()
    object_repr = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=Action.choices)
    data = models.JSONField(help_text="Every field as it was after the action.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept apart from `user` so the name survives the account's deletion.
    username = models.CharField(max_length=150, blank=True)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        # Ids, not timestamps: several app servers' clocks may disagree.
        ordering = ["id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.object_repr} {self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def author(self) -> str:
        return self.username or "(no user: importer or script)"


def snapshot(instance: models.Model, *, with_links: bool = False) -> dict:
    """Every field of `instance` as plain JSON values; many-to-many as sorted ids.

    `with_links` adds the rows that point at it through a many-to-many (a
    product's entries), so that restoring a deleted product relinks them.
    """
    opts = instance._meta
    data = {
        model_field.name: model_field.value_from_object(instance)
        for model_field in opts.concrete_fields
        if not model_field.primary_key
    }
    for model_field in opts.many_to_many:
        data[model_field.name] = sorted(
            row.pk for row in getattr(instance, model_field.name).all()
        )
    if with_links:
        for relation in opts.related_objects:
            if relation.many_to_many:
                manager = getattr(instance, relation.get_accessor_name())
                data[relation.name] = sorted(row.pk for row in manager.all())
    return json.loads(json.dumps(data, cls=SnapshotEncoder))


def same_content(old: dict, new: dict) -> bool:
    def strip(data):
        return {
            key: value
            for key, value in data.items()
            if key not in IGNORED_IN_COMPARISON
        }

    return strip(old) == strip(new)


def record(
    instance: models.Model, action: str, *, user=None, note: str = ""
) -> Version | None:
    """Store a version of `instance` as it is now; None for a change that changed nothing."""
    data = snapshot(instance, with_links=action == Action.DELETE)
    if action == Action.CHANGE:
        previous = (
            Version.objects.for_object(type(instance), instance.pk).only("data").last()
        )
        if previous is not None and same_content(previous.data, data):
            return None
    known_user = user if user is not None and user.is_authenticated else None
    return Version.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        object_repr=str(instance)[:200],
        action=action,
        data=data,
        user=known_user,
        username=known_user.get_username() if known_user else "",
        note=note[:200],
    )


def ensure_baseline(model, pk) -> None:
    """Snapshot the stored row before its first recorded change, if none exists yet.

    Rows made before history began (or by a script) would otherwise lose the
    state that the first recorded change overwrote.
    """
    if Version.objects.for_object(model, pk).exists():
        return
    instance = model._default_manager.filter(pk=pk).first()
    if instance is not None:
        record(instance, Action.BASELINE)


def record_baselines(model) -> int:
    """Snapshot every row of `model` that has no version yet (before a bulk change)."""
    content_type = ContentType.objects.get_for_model(model)
    known = Version.objects.filter(content_type=content_type).values("object_id")
    rows = model._default_manager.exclude(pk__in=known).prefetch_related(
        *[model_field.name for model_field in model._meta.many_to_many]
    )
    versions = [
        Version(
            content_type=content_type,
            object_id=row.pk,
            object_repr=str(row)[:200],
            action=Action.BASELINE,
            data=snapshot(row),
        )
        for row in rows
    ]
    Version.objects.bulk_create(versions)
    return len(versions)


def linked_rows(instance: models.Model) -> list[models.Model]:
    """Rows that link to `instance` through a many-to-many (a product's entries)."""
    rows = []
    for relation in instance._meta.related_objects:
        if relation.many_to_many:
            rows.extend(getattr(instance, relation.get_accessor_name()).all())
    return rows


def delete(instance: models.Model, *, user=None, note: str = "") -> Version:
    """Record `instance` with its links, then delete it.

    Rows that lose a link (entries of a deleted product) get a version too.
    """
    label = f"{instance._meta.verbose_name} “{instance}” deleted"
    linked = linked_rows(instance)
    for row in linked:
        ensure_baseline(type(row), row.pk)
    version = record(instance, Action.DELETE, user=user, note=note)
    instance.delete()
    for row in linked:
        record(row, Action.CHANGE, user=user, note=label)
    return version


@transaction.atomic
def restore(version: Version, *, user=None) -> models.Model:
    """Write `version` back, recreating the object (same id) if it was deleted.

    Raises ValidationError when a unique value (the slug) is now someone else's.
    """
    model = version.content_type.model_class()
    opts = model._meta
    instance = model._default_manager.filter(pk=version.object_id).first()
    created = instance is None
    if created:
        instance = model(pk=version.object_id)
    else:
        ensure_baseline(model, instance.pk)
    for model_field in opts.concrete_fields:
        if not model_field.primary_key and model_field.name in version.data:
            value = model_field.to_python(version.data[model_field.name])
            setattr(instance, model_field.attname, value)
    instance.validate_unique()
    instance.save(force_insert=created)
    if created:
        # auto_now_add stamped the insert with today; keep the original date.
        originals = {
            model_field.name: model_field.to_python(version.data[model_field.name])
            for model_field in opts.concrete_fields
            if getattr(model_field, "auto_now_add", False)
            and model_field.name in version.data
        }
        if originals:
            model._default_manager.filter(pk=instance.pk).update(**originals)
            instance.refresh_from_db()
    for model_field in opts.many_to_many:
        if model_field.name in version.data:
            related = model_field.related_model._default_manager.filter(
                pk__in=version.data[model_field.name]
            )
            getattr(instance, model_field.name).set(related)
    relinked = []
    if created:
        for relation in opts.related_objects:
            if relation.many_to_many and relation.name in version.data:
                rows = list(
                    relation.related_model._default_manager.filter(
                        pk__in=version.data[relation.name]
                    )
                )
                for row in rows:
                    ensure_baseline(type(row), row.pk)
                getattr(instance, relation.get_accessor_name()).add(*rows)
                relinked.extend(rows)
    record(instance, Action.RESTORE, user=user, note=f"restored version {version.pk}")
    for row in relinked:
        label = f"{opts.verbose_name} “{instance}” restored"
        record(row, Action.CHANGE, user=user, note=label)
    return instance


def deleted_versions(model) -> list[Version]:
    """The latest deletion of each `model` object that is still deleted, newest first."""
    content_type = ContentType.objects.get_for_model(model)
    deletions = (
        Version.objects.filter(content_type=content_type, action=Action.DELETE)
        .exclude(object_id__in=model._default_manager.values("pk"))
        .select_related("user")
        .order_by("-id")
    )
    latest = {}
    for version in deletions:
        latest.setdefault(version.object_id, version)
    return list(latest.values())


# Diffs ---------------------------------------------------------------------
# Plain text pieces only: templates escape them, so nothing an admin typed is
# ever trusted as HTML.


@dataclass
class DiffLine:
    kind: str  # "same", "removed", "added", "changed" or "gap"
    parts: list[tuple[str, str]]  # (tag, text); tag is "", "del" or "ins"


@dataclass
class FieldChange:
    name: str
    label: str
    lines: list[DiffLine]


@dataclass
class HistoryRow:
    version: Version
    changes: list[FieldChange] = field(default_factory=list)
    is_current: bool = False


def diff_words(old: str, new: str) -> list[tuple[str, str]]:
    old_words, new_words = WORD_RE.findall(old), WORD_RE.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    parts = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("", "".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("del", "".join(old_words[i1:i2])))
        if j2 > j1:
            parts.append(("ins", "".join(new_words[j1:j2])))
    return parts


def diff_text(old: str, new: str) -> list[DiffLine]:
    """Line-by-line diff of two texts; a line edited in place shows word changes."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    lines = []
    for number, group in enumerate(matcher.get_grouped_opcodes(CONTEXT_LINES)):
        if number:
            lines.append(DiffLine("gap", [("", "…")]))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(
                    DiffLine("same", [("", line)]) for line in old_lines[i1:i2]
                )
                continue
            # Lines edited in place read best word by word; lines mostly
            # rewritten read best as removed and added.
            pairs = zip(old_lines[i1:i2], new_lines[j1:j2], strict=False)
            if (
                tag == "replace"
                and i2 - i1 == j2 - j1
                and all(
                    difflib.SequenceMatcher(None, a, b).ratio() >= SIMILAR_LINE_RATIO
                    for a, b in pairs
                )
            ):
                lines.extend(
                    DiffLine("changed", diff_words(a, b))
                    for a, b in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True)
                )
                continue
            lines.extend(
                DiffLine("removed", [("del", line)]) for line in old_lines[i1:i2]
            )
            lines.extend(
                DiffLine("added", [("ins", line)]) for line in new_lines[j1:j2]
            )
    return lines


def related_names(model, versions: list[Version]) -> dict[str, dict[int, str]]:
    """Names of the rows each many-to-many field refers to, one query per field."""
    names = {}
    for model_field in model._meta.many_to_many:
        ids = {
            pk for version in versions for pk in version.data.get(model_field.name, [])
        }
        rows = model_field.related_model._default_manager.filter(pk__in=ids)
        names[model_field.name] = {row.pk: str(row) for row in rows}
    return names


def field_text(model_field, value, names: dict[str, dict[int, str]]) -> str:
    if model_field.many_to_many:
        known = names.get(model_field.name, {})
        return "\n".join(
            sorted(known.get(pk, f"#{pk} (since deleted)") for pk in value or [])
        )
    return "" if value is None else str(value)


def diff_data(model, old: dict, new: dict, names: dict) -> list[FieldChange]:
    """Field-by-field differences between two snapshots of a `model` object."""
    opts = model._meta
    fields = [
        *(
            model_field
            for model_field in opts.concrete_fields
            if not model_field.primary_key
        ),
        *opts.many_to_many,
    ]
    changes = []
    for model_field in fields:
        if model_field.name in HIDDEN_IN_DIFF:
            continue
        before = field_text(model_field, old.get(model_field.name), names)
        after = field_text(model_field, new.get(model_field.name), names)
        if before != after:
            label = str(model_field.verbose_name)
            changes.append(
                FieldChange(model_field.name, label, diff_text(before, after))
            )
    return changes


def history_rows(model, versions: list[Version], *, exists: bool) -> list[HistoryRow]:
    """Each version with what it changed since the one before, newest first."""
    names = related_names(model, versions)
    rows, previous = [], {}
    for version in versions:
        rows.append(
            HistoryRow(version, diff_data(model, previous, version.data, names))
        )
        previous = version.data
    if rows and exists:
        rows[-1].is_current = True
    return rows[::-1]
