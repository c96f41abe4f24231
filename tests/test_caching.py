"""Validators: one per representation, none on errors, and every write path
changes them (database triggers, so nothing can write around them)."""

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from errors.catalogue.importer import import_source
from errors.models import ErrorEntry, Product, SlugRedirect

pytestmark = pytest.mark.django_db
FRAGMENT = {"HTTP_X_REQUESTED_WITH": "fetch"}


def etags(client, entry) -> dict:
    """The validators of a page, its fragment, the API list and one entry."""
    urls = {
        "page": ("/?q=Message", {}),
        "fragment": ("/?q=Message", FRAGMENT),
        "api_list": ("/api/v1/errors/", {}),
        "api_entry": (f"/api/v1/errors/{entry.slug}/", {}),
        "products": ("/api/v1/products/", {}),
    }
    result = {}
    for name, (url, headers) in urls.items():
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        result[name] = response["ETag"]
    return result


def test_the_page_and_its_fragment_never_share_a_validator(client, make_entry):
    make_entry(message="Message one")
    page = client.get("/?q=Message")
    fragment = client.get("/?q=Message", **FRAGMENT)
    assert b"<html" in page.content and b"<html" not in fragment.content
    assert page["ETag"] != fragment["ETag"]
    assert "X-Requested-With" in page["Vary"] and "X-Requested-With" in fragment["Vary"]
    # The page's validator does not revalidate the fragment, nor the reverse.
    crossed = client.get("/?q=Message", HTTP_IF_NONE_MATCH=page["ETag"], **FRAGMENT)
    assert crossed.status_code == 200
    assert crossed.content == fragment.content
    crossed = client.get("/?q=Message", HTTP_IF_NONE_MATCH=fragment["ETag"])
    assert crossed.status_code == 200 and b"<html" in crossed.content
    assert client.get("/?q=Message", HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304


def test_every_representation_and_address_has_its_own_validator(client, make_entry):
    entry = make_entry(message="Message one")
    tags = etags(client, entry)
    assert len(set(tags.values())) == len(tags)
    other_host = client.get(f"/api/v1/errors/{entry.slug}/", HTTP_HOST="localhost")
    assert other_host.json()["url"].startswith("http://localhost/")
    assert other_host["ETag"] != tags["api_entry"]


@pytest.mark.parametrize(
    "url,status",
    [
        ("/?status=999", 400),
        ("/api/v1/errors/?page_size=0", 400),
        ("/api/v1/errors/no-such-entry/", 404),
        ("/errors/no-such-entry/", 404),
    ],
)
def test_error_answers_carry_no_validator_and_never_become_304(
    client, make_entry, url, status
):
    entry = make_entry()
    good_tag = client.get(f"/api/v1/errors/{entry.slug}/")["ETag"]
    response = client.get(url)
    assert response.status_code == status
    assert not response.has_header("ETag")
    for header in ["*", good_tag, '"anything"']:
        again = client.get(url, HTTP_IF_NONE_MATCH=header)
        assert again.status_code == status, header
        assert not again.has_header("ETag")


def test_a_redirect_carries_no_validator(client, make_entry):
    entry = make_entry(slug="old-slug")
    entry.slug = "new-slug"
    entry.save()
    response = client.get("/errors/old-slug/", HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 301
    assert response["Location"] == "/errors/new-slug/"
    assert not response.has_header("ETag")


def test_if_none_match_star_is_a_304_only_for_a_200(client, make_entry):
    entry = make_entry()
    response = client.get(f"/api/v1/errors/{entry.slug}/", HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 304
    assert response["ETag"] == client.get(f"/api/v1/errors/{entry.slug}/")["ETag"]


def admin_save(client, entry):
    client.post(
        reverse("admin:errors_errorentry_change", args=[entry.pk]),
        {
            "status": entry.status,
            "code": entry.code,
            "aliases": entry.aliases,
            "message": "Changed in the admin",
            "category": entry.category,
            "products": [],
            "slug": entry.slug,
            "cause": entry.cause,
            "solution": entry.solution,
            "heading": entry.heading,
            "retryable": entry.retryable,
            "who_acts": entry.who_acts,
            "_save": "Save",
        },
    )
    assert ErrorEntry.objects.get(pk=entry.pk).message == "Changed in the admin"


def raw_update(entry):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE errors_errorentry SET solution = %s WHERE id = %s",
            ["Raw SQL", entry.pk],
        )


def raw_insert(entry):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO errors_errorentry (slug, status, code, aliases, message, cause,"
            " solution, category, heading, source_key, source_hash, import_hash,"
            " created_at, updated_at) VALUES ('raw-one', 400, 'X', '', 'Raw message',"
            " '', '', 'api', '', '', '', '', %s, %s)",
            [entry.created_at, entry.created_at],
        )


SOURCE = settings.BASE_DIR / "fixtures" / "source" / "model-studio-error-codes.txt"
# The vendor text's first two entries: an import that writes, at a fraction
# of the whole catalogue's cost.
SOURCE_START = SOURCE.read_text(encoding="utf-8").split(
    "This model only support stream mode"
)[0]
WRITES = {
    "orm_save": lambda client, entry: (
        ErrorEntry.objects.filter(pk=entry.pk).first().save()
    ),
    "queryset_update": lambda client, entry: ErrorEntry.objects.filter(
        pk=entry.pk
    ).update(source_position=99),
    "queryset_update_text": lambda client, entry: ErrorEntry.objects.filter(
        pk=entry.pk
    ).update(cause="Changed"),
    "bulk_create": lambda client, entry: ErrorEntry.objects.bulk_create(
        [ErrorEntry(slug="bulk", message="Bulk")]
    ),
    "delete": lambda client, entry: ErrorEntry.objects.filter(pk=entry.pk).delete(),
    "product_tag": lambda client, entry: entry.products.add(
        Product.objects.create(slug="p2", name="P2")
    ),
    "product_untag": lambda client, entry: entry.products.clear(),
    "product_rename": lambda client, entry: Product.objects.update(name="Renamed"),
    "slug_redirect": lambda client, entry: SlugRedirect.objects.create(
        old_slug="gone", entry=entry
    ),
    "raw_sql_update": lambda client, entry: raw_update(entry),
    "raw_sql_insert": lambda client, entry: raw_insert(entry),
    "import": lambda client, entry: import_source(SOURCE_START),
    "admin": lambda client, entry: admin_save(client, entry),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_path_changes_the_etag(
    admin_client, make_product, make_entry, write
):
    product = make_product(slug="p1", name="P1")
    entry = make_entry(message="Message one", products=[product])
    before = etags(admin_client, entry)
    WRITES[write](admin_client, entry)
    if write == "delete":
        after = admin_client.get("/api/v1/errors/")["ETag"]
        assert after != before["api_list"]
        return
    after = etags(admin_client, entry)
    for name in before:
        assert after[name] != before[name], name
