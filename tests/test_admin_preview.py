"""The admin's preview of unsaved text, editor help and work-list filters."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from errors.models import ErrorEntry
from tests.test_history import change_url, entry_form

pytestmark = pytest.mark.django_db


def test_preview_shows_the_unsaved_text_and_saves_nothing(admin_client, make_entry):
    entry = make_entry(slug="quota", solution="Wait a minute.")
    data = entry_form(
        entry,
        solution="Raise the **quota** at <https://example.com/quota>.\n\n| a | b |\n| --- | --- |\n| 1 | 2 |",
    )
    data["_preview"] = "Preview"
    response = admin_client.post(change_url(entry), data)
    assert response.status_code == 200  # the form again, not a redirect
    assertContains(response, "Preview of the unsaved text")
    assertContains(response, "Raise the <strong>quota</strong>", html=False)
    assertContains(
        response,
        '<a href="https://example.com/quota" rel="nofollow noopener noreferrer">',
        html=False,
    )
    assertContains(response, "<td>1</td>", html=False)
    assertContains(response, "nothing was saved")
    # The form keeps what was typed…
    assertContains(response, "Raise the **quota**")
    # …and the database still has the old text.
    assert ErrorEntry.objects.get(pk=entry.pk).solution == "Wait a minute."


def test_preview_of_hostile_text_is_inert(admin_client, make_entry):
    entry = make_entry()
    data = entry_form(
        entry, solution="<script>alert(1)</script> [x](javascript:alert(1))"
    )
    data["_preview"] = "Preview"
    response = admin_client.post(change_url(entry), data)
    section = response.content.decode().split("Preview of the unsaved text", 1)[1]
    section = section.split("</section>", 1)[0]
    assert "<script>" not in section and "javascript:" not in section


def test_save_still_saves(admin_client, make_entry):
    entry = make_entry(solution="Old.")
    response = admin_client.post(change_url(entry), entry_form(entry, solution="New."))
    assert response.status_code == 302
    assert ErrorEntry.objects.get(pk=entry.pk).solution == "New."


def test_editor_is_monospace_with_a_cheat_sheet(admin_client, make_entry):
    entry = make_entry()
    response = admin_client.get(change_url(entry))
    assertContains(response, 'class="markdown-editor"', count=2, html=False)
    assertContains(response, "indent four spaces to nest")
    assertContains(response, 'name="_preview"', html=False)


def test_work_list_filters(admin_client, make_entry, make_product):
    make_entry(message="Unlinked reference", solution="See Rate Limiting for details.")
    make_entry(
        message="Linked reference",
        solution="See [Rate Limiting](https://example.com).",
        products=[make_product()],
    )
    make_entry(
        message="Holds a table",
        solution="Regions:\n\n| a | b |\n| --- | --- |\n| 1 | 2 |",
        products=[make_product(slug="qwen", name="Qwen", aliases="")],
    )
    url = "/admin/errors/errorentry/"
    needs_link = admin_client.get(url + "?needs_link=yes")
    assertContains(needs_link, "Unlinked reference")
    assertNotContains(needs_link, "Linked reference")
    no_products = admin_client.get(url + "?no_products=yes")
    assertContains(no_products, "Unlinked reference")
    assertNotContains(no_products, "Holds a table")
    has_table = admin_client.get(url + "?has_table=yes")
    assertContains(has_table, "Holds a table")
    assertNotContains(has_table, "Unlinked reference")


def test_staff_see_an_edit_link_on_entry_pages(admin_client, client, make_entry):
    entry = make_entry()
    edit = f'href="/admin/errors/errorentry/{entry.pk}/change/">Edit</a>'
    assertContains(admin_client.get(entry.get_absolute_url()), edit, html=False)
    assertNotContains(client.get(entry.get_absolute_url()), edit, html=False)


def test_the_catalogue_work_lists(admin_client, catalogue):
    url = "/admin/errors/errorentry/"
    has_table = admin_client.get(url + "?has_table=yes")
    assertContains(has_table, "1 error entry")
    needs_link = admin_client.get(url + "?needs_link=yes").content.decode()
    assert "Throttling.RateQuota" in needs_link
