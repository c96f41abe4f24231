"""Migration 0006: the old history table becomes django-reversion's revisions."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from errors import history
from errors.models import ErrorEntry, Product

BEFORE = [("errors", "0005_catalogue_version_import_hash")]
AFTER = [("errors", "0006_reversion_history")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_the_end():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def old_apps(transactional_db):
    """The models as they were before 0006, on a database migrated back to it;
    forward to the end again afterwards, whatever the test did."""
    try:
        yield migrate(BEFORE)
    finally:
        migrate_to_the_end()


def write_old_history(apps, admin):
    """Rows as errors/history.py wrote them before django-reversion."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    OldVersion = apps.get_model("errors", "Version")
    product_type = ContentType.objects.get(app_label="errors", model="product")
    entry_type = ContentType.objects.get(app_label="errors", model="errorentry")
    qwen = apps.get_model("errors", "Product").objects.create(slug="qwen", name="Qwen")
    entry = apps.get_model("errors", "ErrorEntry").objects.create(
        slug="disk-full", code="DiskFull", message="Disk quota full"
    )
    created = "2026-01-02T03:04:05.123456+00:00"
    fields = {"slug": "disk-full", "code": "DiskFull", "created_at": created}

    def old(content_type, object_id, action, data, **values):
        return OldVersion.objects.create(
            content_type=content_type,
            object_id=object_id,
            object_repr=values.pop("object_repr", "Disk quota full"),
            action=action,
            data=data,
            **values,
        ).pk

    return qwen.pk, entry.pk, [
        old(entry_type, entry.pk, "baseline", {**fields, "message": "Disk full", "products": [qwen.pk]}),
        old(entry_type, entry.pk, "change", {**fields, "message": "Disk quota full", "products": [qwen.pk]}, user_id=admin.pk, username="admin"),
        # Deleted by an account deleted since: its name is all that is left.
        old(product_type, qwen.pk, "delete", {"slug": "qwen", "name": "Qwen", "aliases": "", "entries": [entry.pk]}, object_repr="Qwen", username="gone"),
        old(entry_type, entry.pk, "change", {**fields, "message": "Disk quota full", "products": []}, note="product “Qwen” deleted"),
        old(entry_type, entry.pk + 1, "delete", {"slug": "removed", "code": "Gone", "message": "Removed", "created_at": created, "products": []}, object_repr="Removed", note="import"),
    ]  # fmt: skip


def test_old_versions_become_revisions_that_restore(old_apps, admin_user):
    qwen_pk, entry_pk, ids = write_old_history(old_apps, admin_user)
    old_apps.get_model("errors", "Product").objects.filter(pk=qwen_pk).delete()

    migrate(AFTER)

    versions = list(history.versions_of(ErrorEntry, entry_pk))
    assert [version.pk for version in versions] == [ids[0], ids[1], ids[3]]
    assert [version.revision.comment for version in versions] == [
        history.BASELINE_COMMENT,
        "Changed.",
        "product “Qwen” deleted (by gone)",
    ]
    assert [version.revision.user for version in versions] == [None, admin_user, None]
    baseline = versions[0].field_dict
    assert (baseline["message"], baseline["products"]) == ("Disk full", [qwen_pk])
    # The old snapshots' dates keep their microseconds.
    assert baseline["created_at"] == datetime.datetime.fromisoformat(
        "2026-01-02T03:04:05.123456+00:00"
    )
    # The product's deletion and the entry it unlinked share a revision.
    [deletion] = history.deleted_versions(Product)
    assert deletion.pk == ids[2]
    assert deletion.revision == versions[2].revision
    [removed] = history.deleted_versions(ErrorEntry)
    assert removed.revision.comment == "error entry “Removed” deleted (import)"

    # Restored under today's schema (later migrations add columns the old
    # snapshots never had: their defaults apply).
    migrate_to_the_end()
    history.restore(deletion)
    history.restore(removed)

    assert list(
        Product.objects.get(pk=qwen_pk).entries.values_list("pk", flat=True)
    ) == [entry_pk]
    assert ErrorEntry.objects.get(pk=entry_pk + 1).slug == "removed"
    # New ids follow the kept ones (PostgreSQL's sequences were moved on).
    assert history.versions_of(ErrorEntry, entry_pk + 1).last().pk > ids[-1]


def test_migrating_back_returns_the_history_to_the_old_table(old_apps, admin_user):
    qwen_pk, entry_pk, _ = write_old_history(old_apps, admin_user)
    migrate(AFTER)

    apps = migrate(BEFORE)

    rows = apps.get_model("errors", "Version").objects.order_by("id")
    assert [(row.object_id, row.action, row.username) for row in rows] == [
        (entry_pk, "baseline", ""),
        (entry_pk, "change", "admin"),
        (qwen_pk, "delete", ""),
        (entry_pk, "change", ""),
        (entry_pk + 1, "delete", ""),
    ]
    assert rows[1].data["message"] == "Disk quota full"
    assert rows[2].note == "product “Qwen” deleted (by gone)"
