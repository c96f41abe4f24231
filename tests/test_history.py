"""History: every admin and importer change is recorded, diffed and restorable.

Stored by django-reversion: each version sits in a revision that holds the
user and the comment (the admin's change message, "import", a deletion...).
"""

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Revision, Version

from errors import history
from errors.catalogue.importer import import_path, import_source
from errors.history import BASELINE_COMMENT
from errors.history_diff import diff_text, history_rows
from errors.models import ErrorEntry, Product

SOURCE_PATH = settings.BASE_DIR / "fixtures" / "source" / "model-studio-error-codes.txt"


def entry_form(entry: ErrorEntry, **changes) -> dict:
    """The admin change form's fields for `entry`, with `changes` applied."""
    data = {
        "status": entry.status or "",
        "code": entry.code,
        "aliases": entry.aliases,
        "message": entry.message,
        "category": entry.category,
        "products": [product.pk for product in entry.products.all()],
        "slug": entry.slug,
        "cause": entry.cause,
        "solution": entry.solution,
        "heading": entry.heading,
        "retryable": entry.retryable,
        "who_acts": entry.who_acts,
        "_save": "Save",
    }
    data.update(changes)
    return data


def change_url(entry) -> str:
    return reverse("admin:errors_errorentry_change", args=[entry.pk])


def history_url(model, pk) -> str:
    return reverse(f"admin:errors_{model._meta.model_name}_history", args=[pk])


def restore_url(model, version) -> str:
    """The POST that writes `version` back: a revert while the object exists,
    a recover once it is deleted."""
    name = model._meta.model_name
    if model._default_manager.filter(pk=version.object_id).exists():
        args = [version.object_id, version.pk]
        return reverse(f"admin:errors_{name}_revision", args=args)
    return reverse(f"admin:errors_{name}_recover", args=[version.pk])


def recoverlist_url(model) -> str:
    return reverse(f"admin:errors_{model._meta.model_name}_recoverlist")


def versions_of(entry_or_model, pk=None) -> list[Version]:
    if pk is None:
        return list(history.versions_of(type(entry_or_model), entry_or_model.pk))
    return list(history.versions_of(entry_or_model, pk))


def comments(versions) -> list[str]:
    return [version.revision.comment for version in versions]


@pytest.fixture
def products(make_product):
    return (
        make_product(slug="qwen", name="Qwen", aliases="Qwen"),
        make_product(slug="cosyvoice", name="CosyVoice", aliases="CosyVoice"),
    )


def test_it_records_an_admin_create_with_user_and_products(
    admin_client, admin_user, products
):
    qwen, _ = products
    data = {
        "status": "429",
        "code": "Throttling",
        "aliases": "",
        "message": "Requests rate limit exceeded",
        "category": "api",
        "products": [qwen.pk],
        "slug": "throttling-rate",
        "cause": "Too many requests.",
        "solution": "Slow down.",
        "heading": "",
        "retryable": "after_backoff",
        "who_acts": "quota",
        "_save": "Save",
    }
    response = admin_client.post(reverse("admin:errors_errorentry_add"), data)
    assert response.status_code == 302
    entry = ErrorEntry.objects.get(slug="throttling-rate")
    [version] = versions_of(entry)
    assert version.revision.comment == "Added."
    assert version.revision.user == admin_user
    assert version.field_dict["message"] == "Requests rate limit exceeded"
    assert version.field_dict["status"] == 429
    assert version.field_dict["products"] == [qwen.pk]
    # The product is in the revision too (follow=), as it was then.
    followed = version.revision.version_set.exclude(pk=version.pk)
    assert [(v.object_repr, v.field_dict["slug"]) for v in followed] == [
        ("Qwen", "qwen")
    ]


def test_it_records_an_admin_change_with_a_baseline_and_diff(
    admin_client, make_entry, products
):
    qwen, cosyvoice = products
    entry = make_entry(
        message="Disk full", cause="Line one.\nThe quota is small.", products=[qwen]
    )
    response = admin_client.post(
        change_url(entry),
        entry_form(
            entry,
            message="Disk quota full",
            cause="Line one.\nThe quota is too small.",
            products=[cosyvoice.pk],
        ),
    )
    assert response.status_code == 302
    baseline, change = versions_of(entry)
    assert baseline.revision.comment == BASELINE_COMMENT
    assert baseline.field_dict["message"] == "Disk full"
    assert baseline.field_dict["products"] == [qwen.pk]
    assert baseline.revision.user is None
    assert change.revision.get_comment() == "Changed Message, Products and Cause."
    assert change.revision.user.username == "admin"
    assert change.field_dict["message"] == "Disk quota full"
    assert change.field_dict["products"] == [cosyvoice.pk]

    [row, _] = history_rows(ErrorEntry, [baseline, change], exists=True)
    assert [field.name for field in row.changes] == ["message", "cause", "products"]
    message, cause, product_change = row.changes
    assert message.lines[0].kind == "changed"
    assert ("ins", "quota ") in message.lines[0].parts
    assert [line.kind for line in cause.lines] == ["same", "changed"]
    assert [line.parts for line in product_change.lines] == [
        [("del", "Qwen")],
        [("ins", "CosyVoice")],
    ]


def test_history_page_shows_the_diff(admin_client, make_entry):
    entry = make_entry(message="Disk full", solution="Free some space.")
    admin_client.post(
        change_url(entry), entry_form(entry, solution="Free some disk space.")
    )
    response = admin_client.get(history_url(ErrorEntry, entry.pk))
    assertContains(response, "Version")
    assertContains(response, "Changed Solution.")
    assertContains(response, BASELINE_COMMENT)
    assertContains(response, "admin")
    assertContains(response, "<h3>Solution</h3>", html=False)
    assertContains(response, "<ins>disk </ins>", html=False)
    assertContains(response, "Restore this version")


def test_history_page_escapes_what_was_typed(admin_client, make_entry):
    entry = make_entry(solution="Fine.")
    admin_client.post(
        change_url(entry),
        entry_form(
            entry, solution="<script>alert(1)</script> <img src=x onerror=alert(1)>"
        ),
    )
    response = admin_client.get(history_url(ErrorEntry, entry.pk))
    assertNotContains(response, "<script>alert(1)</script>", html=False)
    assertNotContains(response, "<img src=x", html=False)
    assertContains(response, "&lt;script&gt;", html=False)


def test_an_unchanged_save_records_no_version(admin_client, make_entry):
    entry = make_entry()
    admin_client.post(change_url(entry), entry_form(entry))
    admin_client.post(change_url(entry), entry_form(entry))
    assert comments(versions_of(entry)) == [BASELINE_COMMENT]


def test_it_records_an_admin_delete(admin_client, admin_user, make_entry, products):
    entry = make_entry(slug="gone", message="Soon gone", products=products)
    pk = entry.pk
    response = admin_client.post(
        reverse("admin:errors_errorentry_delete", args=[pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not ErrorEntry.objects.filter(pk=pk).exists()
    [version] = versions_of(ErrorEntry, pk)
    assert version.revision.comment == f"error entry “{entry}” deleted"
    assert version.revision.user == admin_user
    assert version.field_dict["slug"] == "gone"
    assert sorted(version.field_dict["products"]) == sorted(p.pk for p in products)


def test_bulk_delete_action_records_each_entry(admin_client, make_entry):
    first, second = make_entry(), make_entry()
    response = admin_client.post(
        reverse("admin:errors_errorentry_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [first.pk, second.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert ErrorEntry.objects.count() == 0
    deleted = history.deleted_versions(ErrorEntry)
    assert sorted(deleted.values_list("object_id", flat=True)) == sorted(
        [str(first.pk), str(second.pk)]
    )
    assert comments(deleted) == [
        f"error entry “{second}” deleted",
        f"error entry “{first}” deleted",
    ]


def test_restoring_an_old_version_brings_back_fields_and_products(
    admin_client, admin_user, make_entry, products
):
    qwen, cosyvoice = products
    entry = make_entry(
        message="Original text", solution="Original fix.", products=[qwen]
    )
    admin_client.post(
        change_url(entry),
        entry_form(
            entry,
            message="Edited text",
            solution="Edited fix.",
            products=[cosyvoice.pk],
        ),
    )
    baseline = versions_of(entry)[0]

    response = admin_client.post(restore_url(ErrorEntry, baseline))

    assert response.status_code == 302
    assert response["Location"] == change_url(entry)
    entry.refresh_from_db()
    assert entry.message == "Original text"
    assert entry.solution == "Original fix."
    assert list(entry.products.all()) == [qwen]
    latest = versions_of(entry)[-1]
    assert latest.revision.user == admin_user
    assert latest.revision.comment == (
        f"error entry “{entry}” restored from version {baseline.pk}"
    )
    assert latest.field_dict["message"] == "Original text"
    page = admin_client.get(change_url(entry))
    assertContains(page, f"is back as it was in version {baseline.pk}")


def test_restore_is_post_only_with_csrf_and_for_staff(admin_user, make_entry, client):
    entry = make_entry()
    history.ensure_baseline(ErrorEntry, entry.pk)
    version = versions_of(entry)[0]
    url = restore_url(ErrorEntry, version)

    assert client.post(url).status_code == 302  # anonymous: to the login page
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(admin_user)
    assert csrf_client.post(url).status_code == 403
    assert csrf_client.get(url).status_code == 405


def test_deleted_entry_can_be_restored_with_slug_fields_and_products(
    admin_client, make_entry, products
):
    entry = make_entry(
        slug="model-not-found",
        code="ModelNotFound",
        message="Model not exist.",
        solution="Check the model name.",
        products=products,
    )
    pk, created_at = entry.pk, entry.created_at
    admin_client.post(
        reverse("admin:errors_errorentry_delete", args=[pk]), {"post": "yes"}
    )
    assert admin_client.get("/errors/model-not-found/").status_code == 404

    deleted_page = admin_client.get(recoverlist_url(ErrorEntry))
    assertContains(deleted_page, "model-not-found")
    assertContains(deleted_page, "Model not exist.")
    assertContains(deleted_page, 'value="Restore"')
    [deletion] = history.deleted_versions(ErrorEntry)

    response = admin_client.post(restore_url(ErrorEntry, deletion))

    assert response.status_code == 302
    restored = ErrorEntry.objects.get(slug="model-not-found")
    assert restored.pk == pk
    # Django's JSON serializer keeps dates to the millisecond.
    assert restored.created_at == created_at.replace(
        microsecond=created_at.microsecond // 1000 * 1000
    )
    assert restored.code == "ModelNotFound"
    assert restored.solution == "Check the model name."
    assert set(restored.products.all()) == set(products)
    assert not history.deleted_versions(ErrorEntry).exists()
    assertContains(
        admin_client.get("/errors/model-not-found/"), "Check the model name."
    )
    assertNotContains(admin_client.get(recoverlist_url(ErrorEntry)), "model-not-found")


def test_restoring_a_deleted_entry_whose_slug_was_taken_is_refused(
    admin_client, make_entry
):
    entry = make_entry(slug="taken", message="The first")
    admin_client.post(
        reverse("admin:errors_errorentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    make_entry(slug="taken", message="The newcomer")
    [deletion] = history.deleted_versions(ErrorEntry)

    response = admin_client.post(restore_url(ErrorEntry, deletion), follow=True)

    assertContains(response, "Not restored")
    assertContains(response, "already exists")
    assert ErrorEntry.objects.get(slug="taken").message == "The newcomer"


def test_history_of_a_deleted_entry_stays_readable(admin_client, make_entry):
    entry = make_entry(message="Old message")
    admin_client.post(change_url(entry), entry_form(entry, message="New message"))
    admin_client.post(
        reverse("admin:errors_errorentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    response = admin_client.get(history_url(ErrorEntry, entry.pk))
    assertContains(response, "is deleted")
    assertContains(response, "<del>Old</del>", html=False)
    assertContains(response, "deleted")


def test_deleting_and_restoring_a_product_relinks_its_entries(
    admin_client, make_entry, products
):
    qwen, cosyvoice = products
    entry = make_entry(products=[qwen, cosyvoice])
    admin_client.post(
        reverse("admin:errors_product_delete", args=[qwen.pk]), {"post": "yes"}
    )
    assert list(entry.products.all()) == [cosyvoice]
    baseline, unlinked = versions_of(entry)
    assert baseline.revision.comment == BASELINE_COMMENT
    assert sorted(baseline.field_dict["products"]) == sorted([qwen.pk, cosyvoice.pk])
    assert unlinked.revision.comment == "product “Qwen” deleted"
    assert unlinked.field_dict["products"] == [cosyvoice.pk]

    [deletion] = history.deleted_versions(Product)
    assert deletion.revision == unlinked.revision
    admin_client.post(restore_url(Product, deletion))

    assert set(entry.products.all()) == {qwen, cosyvoice}
    relinked = versions_of(entry)[-1]
    assert relinked.revision.comment == (
        f"product “Qwen” restored from version {deletion.pk}"
    )
    assert sorted(relinked.field_dict["products"]) == sorted([qwen.pk, cosyvoice.pk])


def test_restoring_a_deleted_product_from_its_import_relinks_its_entries_only(
    admin_client, catalogue
):
    # One revision holds all an import added, every entry among them: the
    # product comes back linked to the entries recorded with it there.
    product = Product.objects.filter(entries__isnull=False).distinct().first()
    linked = set(product.entries.values_list("pk", flat=True))
    assert 0 < len(linked) < ErrorEntry.objects.count()
    admin_client.post(
        reverse("admin:errors_product_delete", args=[product.pk]), {"post": "yes"}
    )
    entry_type = ContentType.objects.get_for_model(ErrorEntry)
    imported = next(
        version
        for version in history.versions_of(Product, product.pk)
        if version.revision.comment == "import"
        and version.revision.version_set.filter(content_type=entry_type).exists()
    )
    admin_client.post(restore_url(Product, imported))
    restored = Product.objects.get(pk=product.pk)
    assert set(restored.entries.values_list("pk", flat=True)) == linked


def test_restoring_a_product_from_another_s_deletion_relinks_only_its_own(
    admin_client, make_entry, make_product
):
    # Two products of one name: the first's deletion records the second (an
    # entry it followed), whose version there must not read as its own
    # deletion and take the first's entries.
    first = make_product(slug="gizmo-a", name="Gizmo", aliases="")
    second = make_product(slug="gizmo-b", name="Gizmo", aliases="")
    make_entry(slug="only-first", products=[first])
    make_entry(slug="both", products=[first, second])
    make_entry(slug="only-second", products=[second])
    first_pk, second_pk = first.pk, second.pk
    history.delete(first)
    history.delete(second)
    product_type = ContentType.objects.get_for_model(Product)
    in_first_deletion = next(
        version
        for version in history.versions_of(Product, second_pk)
        if version.revision.comment == history.deletion_comment("product", "Gizmo")
        and version.revision.version_set.filter(
            content_type=product_type, object_id=str(first_pk)
        ).exists()
    )
    admin_client.post(restore_url(Product, in_first_deletion))
    restored = Product.objects.get(pk=second_pk)
    assert set(restored.entries.values_list("slug", flat=True)) == {"both"}


def test_restoring_a_version_brings_back_a_product_deleted_since(
    admin_client, make_entry, products
):
    qwen, cosyvoice = products
    entry = make_entry(products=[qwen, cosyvoice])
    qwen_pk = qwen.pk
    admin_client.post(
        reverse("admin:errors_product_delete", args=[qwen_pk]), {"post": "yes"}
    )
    baseline = versions_of(entry)[0]

    response = admin_client.post(restore_url(ErrorEntry, baseline))

    assert response.status_code == 302
    back = Product.objects.get(pk=qwen_pk)
    assert (back.slug, back.name, back.aliases) == ("qwen", "Qwen", "Qwen")
    assert set(entry.products.all()) == {back, cosyvoice}
    assert not history.deleted_versions(Product).exists()


def test_restore_writes_back_one_entry_not_its_whole_revision(
    admin_client, make_entry, make_product, products
):
    qwen, cosyvoice = products
    entry = make_entry(message="Old text", products=[qwen])
    admin_client.post(
        change_url(entry),
        entry_form(entry, message="New text", products=[qwen.pk, cosyvoice.pk]),
    )
    admin_client.post(
        reverse("admin:errors_product_change", args=[qwen.pk]),
        {"slug": "qwen", "name": "Qwen Max", "aliases": "Qwen", "_save": "Save"},
    )
    baseline = versions_of(entry)[0]
    assert baseline.revision.version_set.count() == 2  # the entry and Qwen

    admin_client.post(restore_url(ErrorEntry, baseline))

    entry.refresh_from_db()
    assert entry.message == "Old text"
    assert list(entry.products.all()) == [qwen]
    # A revert of the whole revision would rename Qwen back, and its
    # delete=True would delete CosyVoice, added since.
    assert Product.objects.get(pk=qwen.pk).name == "Qwen Max"
    assert Product.objects.filter(pk=cosyvoice.pk).exists()


def test_restoring_an_imported_version_is_not_an_edit(admin_client, catalogue):
    text = SOURCE_PATH.read_text(encoding="utf-8")
    entry = ErrorEntry.objects.get(slug="400-invalidparameter-range-of-n-should-be-1-4")
    admin_client.post(change_url(entry), entry_form(entry, solution="Admin's fix."))
    entry.refresh_from_db()
    assert entry.edited_since_import
    imported, _ = versions_of(entry)

    admin_client.post(restore_url(ErrorEntry, imported))

    entry.refresh_from_db()
    assert not entry.edited_since_import
    changed = text.replace("Range of n should be [1, 4]", "Range of n is [1, 4]")
    report = import_source(changed)
    assert report.conflicts == []
    assert len(report.reworded) == 1


def test_a_restore_failing_mid_write_brings_nothing_back(
    admin_client, make_entry, products, failing_trigger
):
    entry = make_entry(slug="gone", products=products)
    pk = entry.pk
    admin_client.post(
        reverse("admin:errors_errorentry_delete", args=[pk]), {"post": "yes"}
    )
    [deletion] = history.deleted_versions(ErrorEntry)
    revisions = Revision.objects.count()
    failing_trigger("errors_errorentry_products")

    response = admin_client.post(restore_url(ErrorEntry, deletion), follow=True)

    assertContains(response, "Nothing was changed: the database could not write")
    assertContains(response, "injected failure")
    assert not ErrorEntry.objects.filter(pk=pk).exists()
    assert Revision.objects.count() == revisions
    assert list(history.deleted_versions(ErrorEntry)) == [deletion]


def test_a_reimport_failing_in_its_history_write_changes_nothing(
    admin_client, failing_trigger, catalogue
):
    text = SOURCE_PATH.read_text(encoding="utf-8")
    edited = ErrorEntry.objects.get(
        slug="400-invalidparameter-range-of-n-should-be-1-4"
    )
    admin_client.post(change_url(edited), entry_form(edited, solution="Admin's fix."))
    other = ErrorEntry.objects.exclude(pk=edited.pk).exclude(source_key="").first()
    before = {
        entry.pk: (entry.message, entry.solution) for entry in ErrorEntry.objects.all()
    }
    revisions = Revision.objects.count()
    changed = text.replace("Range of n should be [1, 4]", "Range of n is [1, 4]")
    changed = changed.replace(other.message, other.message + " (reworded)", 1)
    failing_trigger("reversion_version")

    with pytest.raises(DatabaseError, match="injected failure"):
        import_source(changed)

    after = {
        entry.pk: (entry.message, entry.solution) for entry in ErrorEntry.objects.all()
    }
    assert after == before
    assert after[edited.pk][1] == "Admin's fix."
    assert Revision.objects.count() == revisions


def test_product_edits_are_recorded(admin_client, make_product):
    product = make_product(slug="qwen", name="Qwen", aliases="Qwen")
    admin_client.post(
        reverse("admin:errors_product_change", args=[product.pk]),
        {
            "slug": "qwen",
            "name": "Qwen (Tongyi)",
            "aliases": "Qwen\nTongyi",
            "_save": "Save",
        },
    )
    response = admin_client.get(history_url(Product, product.pk))
    assertContains(response, "Qwen<ins> (Tongyi)</ins>", html=False)
    assertContains(response, "<ins>Tongyi</ins>", html=False)


def test_changelist_links_to_deleted_entries(admin_client):
    response = admin_client.get(reverse("admin:errors_errorentry_changelist"))
    assertContains(response, recoverlist_url(ErrorEntry))
    assertContains(response, "Recover deleted error entries")


def test_imports_are_recorded_without_a_user(db):
    text = SOURCE_PATH.read_text(encoding="utf-8")
    report = import_source(text)
    created = Version.objects.get_for_model(ErrorEntry)
    assert created.count() == len(report.added) > 0
    assert set(created.values_list("revision__comment", flat=True)) == {"import"}
    assert not created.filter(revision__user__isnull=False).exists()
    # One revision for the entries the import added (fewer than a batch),
    # with the products they follow; the curated products created first
    # are recorded too.
    [revision] = {version.revision for version in created}
    product_type = ContentType.objects.get_for_model(Product)
    followed = revision.version_set.filter(content_type=product_type)
    assert (
        followed.count()
        == Product.objects.filter(entries__isnull=False).distinct().count()
    )
    recorded = Version.objects.get_for_model(Product).filter(revision__comment="import")
    assert {int(pk) for pk in recorded.values_list("object_id", flat=True)} == set(
        Product.objects.values_list("pk", flat=True)
    )

    first = (
        ErrorEntry.objects.exclude(source_key="").order_by("source_position").first()
    )
    assert first.message in text
    changed_text = text.replace(first.message, first.message + " (reworded)", 1)
    report = import_source(changed_text)
    assert first.slug in report.changed
    latest = versions_of(first)[-1]
    assert latest.revision.comment == "import"
    assert latest.revision.user is None
    assert latest.field_dict["message"].endswith("(reworded)")
    # What the import wrote, bookkeeping included: restoring it is not an edit.
    first.refresh_from_db()
    assert latest.field_dict["import_hash"] == first.import_hash != ""


def test_an_export_s_additions_are_recorded_a_batch_to_a_revision(db, monkeypatch):
    monkeypatch.setattr(history, "RECORD_BATCH", 100)
    report = import_path(settings.BASE_DIR / "fixtures" / "catalogue.json")
    created = Version.objects.get_for_model(ErrorEntry)
    assert created.count() == len(report.added) == ErrorEntry.objects.count() > 300
    batches = {}
    for version in created:
        batches.setdefault(version.revision_id, []).append(version)
    # The export's products (added first) and entries, 100 rows a revision.
    added = len(report.added) + Product.objects.count()
    assert len(batches) == -(-added // 100)
    assert max(map(len, batches.values())) == 100
    products = Version.objects.get_for_model(Product)
    assert {int(pk) for pk in products.values_list("object_id", flat=True)} == set(
        Product.objects.values_list("pk", flat=True)
    )


def test_import_keeps_a_baseline_of_rows_made_before_history(catalogue):
    text = SOURCE_PATH.read_text(encoding="utf-8")
    entry = ErrorEntry.objects.exclude(source_key="").first()
    Revision.objects.all().delete()  # as if history began only now
    import_source(text.replace(entry.message, entry.message + " (reworded)", 1))
    baseline, change = versions_of(entry)
    assert baseline.revision.comment == BASELINE_COMMENT
    assert baseline.field_dict["message"] == entry.message
    assert change.revision.comment == "import"
    assert change.field_dict["message"] == entry.message + " (reworded)"


def test_diff_text_shows_words_for_a_line_edited_in_place():
    [line] = diff_text("Check the model name.", "Check the model code.")
    assert line.kind == "changed"
    assert line.parts == [
        ("", "Check the model "),
        ("del", "name"),
        ("ins", "code"),
        ("", "."),
    ]


def test_diff_text_shows_added_and_removed_lines_with_context():
    old = "one\ntwo\nthree\nfour\nfive\nsix"
    new = "zero\none\ntwo\nthree\nfour\nsix\nseven"
    lines = diff_text(old, new)
    assert [(line.kind, line.parts) for line in lines] == [
        ("added", [("ins", "zero")]),
        ("same", [("", "one")]),
        ("gap", [("", "…")]),
        ("same", [("", "four")]),
        ("removed", [("del", "five")]),
        ("same", [("", "six")]),
        ("added", [("ins", "seven")]),
    ]


def test_diff_of_a_rewritten_line_is_remove_and_add():
    lines = diff_text("Short.", "Something entirely different here")
    assert [(line.kind, line.parts) for line in lines] == [
        ("removed", [("del", "Short.")]),
        ("added", [("ins", "Something entirely different here")]),
    ]
