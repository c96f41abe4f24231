"""Admin: edits show at once, failed saves keep the typing, staff only.

The login lock-out is tested in tests/test_login_lockout.py."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Revision

from errors import history
from errors.models import ErrorEntry, SlugRedirect
from tests.test_history import change_url, entry_form

XSS_SOLUTION = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))"
LOGIN_URL = "/admin/login/?next=/admin/"
PASSWORD = "correct horse battery staple"


def test_an_admin_edit_shows_at_once_on_the_page_and_in_the_api(
    admin_client, client, make_entry
):
    entry = make_entry(
        slug="quota", message="Quota exceeded", solution="Wait a minute."
    )
    assertContains(client.get("/errors/quota/"), "Wait a minute.")
    assert client.get("/api/v1/errors/quota/").json()["solution"] == "Wait a minute."

    admin_client.post(
        change_url(entry), entry_form(entry, solution="Raise the quota in the console.")
    )

    page = client.get("/errors/quota/")
    assertContains(page, "Raise the quota in the console.")
    assertNotContains(page, "Wait a minute.")
    body = client.get("/api/v1/errors/quota/").json()
    assert body["solution"] == "Raise the quota in the console."
    assert body["solution_html"] == "<p>Raise the quota in the console.</p>"


def test_xss_in_a_solution_comes_out_inert_everywhere(admin_client, client, make_entry):
    entry = make_entry(slug="xss", message="Harmless message")
    admin_client.post(change_url(entry), entry_form(entry, solution=XSS_SOLUTION))
    assert ErrorEntry.objects.get(slug="xss").solution == XSS_SOLUTION

    page = client.get("/errors/xss/").content.decode()
    for dangerous in ["<script>alert(1)", "<img src=x onerror", 'href="javascript:']:
        assert dangerous not in page

    solution_html = client.get("/api/v1/errors/xss/").json()["solution_html"]
    assert (
        solution_html
        == '\n\n<p></p>\n<p><a rel="nofollow noopener noreferrer">x</a></p>'
    )

    admin_page = admin_client.get(change_url(entry)).content.decode()
    preview = re.search(
        r'<div class="portal-preview">.*?</div>', admin_page, re.S
    ).group()
    assert "<h3>Solution</h3>" in preview
    for dangerous in ["<script", "<img", "onerror", "javascript:"]:
        assert dangerous not in preview
    # The raw text is shown escaped in the textarea, never as markup.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in admin_page
    assert "<script>alert(1)</script>" not in admin_page


# A save the database refuses mid-way (a trigger raising on the real database,
# where the risk is: the many-to-many write, the history write, a rename)
# keeps what was typed, and the transaction leaves nothing half-saved.
FAILING_WRITES = {
    "many-to-many": "errors_errorentry_products",
    "history": "reversion_version",
    "rename": "errors_slugredirect",
}


@pytest.mark.parametrize("table", FAILING_WRITES.values(), ids=FAILING_WRITES.keys())
def test_a_save_failing_mid_write_keeps_the_typed_text_and_the_row(
    admin_client, client, make_entry, make_product, failing_trigger, table
):
    qwen = make_product(slug="qwen", name="Qwen", aliases="Qwen")
    cosyvoice = make_product()
    entry = make_entry(
        slug="stored", message="Stored message", solution="Stored.", products=[qwen]
    )
    data = entry_form(
        entry,
        slug="typed",
        message="Typed message",
        solution="Typed solution, not lost.",
        products=[cosyvoice.pk],
    )
    # With a version already, the change's own revision is the history write.
    history.ensure_baseline(ErrorEntry, entry.pk)
    failing_trigger(table)

    response = admin_client.post(change_url(entry), data)

    assert response.status_code == 200
    assertContains(response, "Typed message")
    assertContains(response, "Typed solution, not lost.")
    assertContains(response, 'value="typed"')
    assertContains(
        response, "Nothing was saved: the database could not write the change"
    )
    assertContains(response, "injected failure")
    entry.refresh_from_db()
    assert (entry.slug, entry.message, entry.solution) == (
        "stored",
        "Stored message",
        "Stored.",
    )
    assert list(entry.products.all()) == [qwen]
    assert not SlugRedirect.objects.exists()
    assert Revision.objects.get().comment == history.BASELINE_COMMENT
    assertContains(client.get("/errors/stored/"), "Stored message")


def test_a_failed_first_change_leaves_no_baseline_behind(
    admin_client, make_entry, make_product, failing_trigger
):
    entry = make_entry(message="Stored message")
    failing_trigger("errors_errorentry_products")
    data = entry_form(entry, message="Typed", products=[make_product().pk])
    assertContains(admin_client.post(change_url(entry), data), "injected failure")
    assert not Revision.objects.exists()


@pytest.mark.parametrize("table", ["errors_errorentry_products", "reversion_version"])
def test_a_new_entry_the_database_refuses_keeps_the_typed_text(
    admin_client, make_entry, make_product, failing_trigger, table
):
    data = entry_form(
        make_entry(), slug="brand-new", message="A brand new entry", products=[]
    )
    data["products"] = [make_product().pk]
    failing_trigger(table)
    response = admin_client.post(reverse("admin:errors_errorentry_add"), data)
    assertContains(response, "A brand new entry")
    assertContains(response, "injected failure")
    assert not ErrorEntry.objects.filter(slug="brand-new").exists()
    assert not Revision.objects.exists()


def test_a_delete_the_database_refuses_says_so(
    admin_client, make_entry, failing_trigger
):
    entry = make_entry()
    failing_trigger("errors_errorentry", "DELETE")
    response = admin_client.post(
        reverse("admin:errors_errorentry_delete", args=[entry.pk]),
        {"post": "yes"},
        follow=True,
    )
    assertContains(response, "Nothing was changed: the database could not write")
    assert ErrorEntry.objects.filter(pk=entry.pk).exists()
    assert not Revision.objects.exists()  # the deletion's revision rolled back


def test_a_bulk_delete_failing_halfway_deletes_nothing(
    admin_client, make_entry, failing_trigger
):
    first, second = make_entry(), make_entry()
    # The first row goes, the second is refused: all of it rolls back.
    failing_trigger("errors_errorentry", "DELETE", when=f"OLD.id = {second.pk}")
    response = admin_client.post(
        reverse("admin:errors_errorentry_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [first.pk, second.pk],
            "post": "yes",
        },
        follow=True,
    )
    assertContains(response, "Nothing was changed: the database could not write")
    assert ErrorEntry.objects.count() == 2
    assert not Revision.objects.exists()
    assert not LogEntry.objects.exists()


def test_a_renamed_entry_redirects_from_its_old_page_and_api_url(
    admin_client, client, make_entry
):
    entry = make_entry(slug="old-name", message="Renamed entry")
    admin_client.post(change_url(entry), entry_form(entry, slug="new-name"))

    page = client.get("/errors/old-name/")
    assert page.status_code == 301
    assert page["Location"] == "/errors/new-name/"
    api = client.get("/api/v1/errors/old-name/")
    assert api.status_code == 301
    assert api["Location"] == "/api/v1/errors/new-name/"
    assertContains(client.get("/errors/new-name/"), "Renamed entry")


def test_redirects_follow_every_rename_and_yield_to_live_slugs(
    admin_client, client, make_entry
):
    entry = make_entry(slug="first")
    admin_client.post(change_url(entry), entry_form(entry, slug="second"))
    entry.refresh_from_db()
    admin_client.post(change_url(entry), entry_form(entry, slug="third"))
    assert client.get("/errors/first/")["Location"] == "/errors/third/"
    assert client.get("/errors/second/")["Location"] == "/errors/third/"

    newcomer = make_entry(slug="first", message="A new entry under an old slug")
    assertContains(client.get("/errors/first/"), "A new entry under an old slug")
    assert not SlugRedirect.objects.filter(old_slug="first").exists()
    assert newcomer.slug == "first"


def test_unknown_slug_is_still_404(client, db):
    assert client.get("/errors/never-existed/").status_code == 404
    response = client.get("/api/v1/errors/never-existed/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_admin_is_staff_only(client, django_user_model):
    reader = django_user_model.objects.create_user(username="reader", password=PASSWORD)
    client.force_login(reader)
    response = client.get("/admin/errors/errorentry/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    response = client.post(LOGIN_URL, {"username": "reader", "password": PASSWORD})
    assertContains(
        response, "Please enter the correct username and password for a staff account"
    )


def test_every_admin_change_list_answers(admin_client, catalogue):
    # Models without history get Django's own change list, not one linking to
    # a "deleted" page they do not have.
    from django.apps import apps
    from django.contrib import admin

    for model in apps.get_app_config("errors").get_models():
        if not admin.site.is_registered(model):
            continue
        opts = model._meta
        response = admin_client.get(f"/admin/{opts.app_label}/{opts.model_name}/")
        assert response.status_code == 200, opts.label
        deleted = b"Recover deleted " + str(opts.verbose_name_plural).encode()
        has_history = hasattr(admin.site.get_model_admin(model), "recoverlist_view")
        assert (deleted in response.content) == has_history, opts.label
