"""History: every admin and importer change is recorded, diffed and restorable."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from errors import history
from errors.catalogue.importer import import_source
from errors.history import Action, Version
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
    return reverse(f"admin:errors_{model._meta.model_name}_restore", args=[version.pk])


def versions_of(entry_or_model, pk=None) -> list[Version]:
    if pk is None:
        return list(Version.objects.for_object(type(entry_or_model), entry_or_model.pk))
    return list(Version.objects.for_object(entry_or_model, pk))


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
    assert version.action == Action.CREATE
    assert version.user == admin_user
    assert version.username == "admin"
    assert version.data["message"] == "Requests rate limit exceeded"
    assert version.data["status"] == 429
    assert version.data["products"] == [qwen.pk]


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
    assert baseline.action == Action.BASELINE
    assert baseline.data["message"] == "Disk full"
    assert baseline.user is None
    assert change.action == Action.CHANGE
    assert change.username == "admin"
    assert change.data["message"] == "Disk quota full"
    assert change.data["products"] == [cosyvoice.pk]

    [row, _] = history.history_rows(ErrorEntry, [baseline, change], exists=True)
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
    assertContains(response, "changed")
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
    assert [version.action for version in versions_of(entry)] == [Action.BASELINE]


def test_it_records_an_admin_delete(admin_client, admin_user, make_entry, products):
    entry = make_entry(slug="gone", message="Soon gone", products=products)
    pk = entry.pk
    response = admin_client.post(
        reverse("admin:errors_errorentry_delete", args=[pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not ErrorEntry.objects.filter(pk=pk).exists()
    [version] = versions_of(ErrorEntry, pk)
    assert version.action == Action.DELETE
    assert version.user == admin_user
    assert version.data["slug"] == "gone"
    assert version.data["products"] == sorted(product.pk for product in products)


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
    deleted = Version.objects.filter(action=Action.DELETE)
    assert sorted(deleted.values_list("object_id", flat=True)) == sorted(
        [first.pk, second.pk]
    )


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
    assert latest.action == Action.RESTORE
    assert latest.user == admin_user
    assert latest.note == f"restored version {baseline.pk}"
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

    deleted_page = admin_client.get(reverse("admin:errors_errorentry_deleted"))
    assertContains(deleted_page, "model-not-found")
    assertContains(deleted_page, "Model not exist.")
    assertContains(deleted_page, 'value="Restore"')
    [deletion] = history.deleted_versions(ErrorEntry)

    response = admin_client.post(restore_url(ErrorEntry, deletion))

    assert response.status_code == 302
    restored = ErrorEntry.objects.get(slug="model-not-found")
    assert restored.pk == pk
    assert restored.created_at == created_at
    assert restored.code == "ModelNotFound"
    assert restored.solution == "Check the model name."
    assert set(restored.products.all()) == set(products)
    assert history.deleted_versions(ErrorEntry) == []
    assertContains(
        admin_client.get("/errors/model-not-found/"), "Check the model name."
    )
    assertNotContains(
        admin_client.get(reverse("admin:errors_errorentry_deleted")), "model-not-found"
    )


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
    entry_versions = versions_of(entry)
    assert [version.action for version in entry_versions] == [
        Action.BASELINE,
        Action.CHANGE,
    ]
    assert entry_versions[-1].note == "product “Qwen” deleted"

    [deletion] = history.deleted_versions(Product)
    admin_client.post(restore_url(Product, deletion))

    assert set(entry.products.all()) == {qwen, cosyvoice}
    assert versions_of(entry)[-1].note == "product “Qwen” restored"


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
    assertContains(response, reverse("admin:errors_errorentry_deleted"))
    assertContains(response, "Deleted error entries")


def test_imports_are_recorded_without_a_user(db):
    text = SOURCE_PATH.read_text(encoding="utf-8")
    report = import_source(text)
    created = Version.objects.filter(
        action=Action.CREATE, content_type__model="errorentry"
    )
    assert created.count() == len(report.added) > 0
    assert set(created.values_list("note", flat=True)) == {"import"}
    assert not created.filter(user__isnull=False).exists()

    first = (
        ErrorEntry.objects.exclude(source_key="").order_by("source_position").first()
    )
    assert first.message in text
    changed_text = text.replace(first.message, first.message + " (reworded)", 1)
    report = import_source(changed_text)
    assert first.slug in report.changed
    latest = versions_of(first)[-1]
    assert latest.action == Action.CHANGE
    assert latest.note == "import"
    assert latest.user is None
    assert latest.data["message"].endswith("(reworded)")


def test_import_keeps_a_baseline_of_rows_made_before_history(make_entry):
    text = SOURCE_PATH.read_text(encoding="utf-8")
    import_source(text)
    entry = ErrorEntry.objects.exclude(source_key="").first()
    Version.objects.all().delete()  # as if history began only now
    import_source(text.replace(entry.message, entry.message + " (reworded)", 1))
    baseline, change = versions_of(entry)
    assert baseline.action == Action.BASELINE
    assert not baseline.data["message"].endswith("(reworded)")
    assert change.data["message"].endswith("(reworded)")


def test_diff_text_shows_words_for_a_line_edited_in_place():
    [line] = history.diff_text("Check the model name.", "Check the model code.")
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
    lines = history.diff_text(old, new)
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
    lines = history.diff_text("Short.", "Something entirely different here")
    assert [(line.kind, line.parts) for line in lines] == [
        ("removed", [("del", "Short.")]),
        ("added", [("ins", "Something entirely different here")]),
    ]
