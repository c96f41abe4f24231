import pytest

from errors.catalogue.export import export_catalogue
from errors.models import ErrorEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_entries(make_entry, make_product):
    voice = make_product(slug="cosyvoice", name="CosyVoice")
    first = make_entry(
        slug="400-invalidparameter-n",
        code="InvalidParameter",
        aliases="invalid_parameter",
        message="Range of n should be [1, 4]",
        cause="The **n** parameter is out of range.",
        solution="Set n within [1, 4].",
        products=[voice],
    )
    second = make_entry(
        slug="429-throttling",
        status=429,
        code="Throttling",
        message="Requests throttling triggered.",
        cause="Too many calls.",
        solution="Retry later.",
    )
    return first, second


def test_list_returns_the_documented_shape(client, two_entries):
    first, _ = two_entries
    body = client.get("/api/v1/errors/?status=400").json()
    assert body["count"] == 1
    assert body["next"] is None and body["previous"] is None
    assert body["results"] == [
        {
            "id": first.pk,
            "slug": "400-invalidparameter-n",
            "status": 400,
            "code": "InvalidParameter",
            "aliases": ["invalid_parameter"],
            "message": "Range of n should be [1, 4]",
            "cause": "The **n** parameter is out of range.",
            "solution": "Set n within [1, 4].",
            "cause_html": "<p>The <strong>n</strong> parameter is out of range.</p>",
            "solution_html": "<p>Set n within [1, 4].</p>",
            "products": [{"slug": "cosyvoice", "name": "CosyVoice"}],
            "category": "api",
            "retryable": "unknown",
            "who_acts": "unknown",
            "url": "http://testserver/errors/400-invalidparameter-n/",
            "api_url": "http://testserver/api/v1/errors/400-invalidparameter-n/",
            "updated_at": first.updated_at.isoformat(),
        }
    ]


def test_facets_count_the_filtered_rows(client, two_entries):
    body = client.get("/api/v1/errors/").json()
    assert body["facets"]["status"] == [
        {"value": "400", "label": "400", "count": 1, "selected": False},
        {"value": "429", "label": "429", "count": 1, "selected": False},
    ]
    assert body["facets"]["product"] == [
        {"value": "cosyvoice", "label": "CosyVoice", "count": 1, "selected": False}
    ]
    body = client.get("/api/v1/errors/?product=cosyvoice").json()
    assert [item["value"] for item in body["facets"]["status"]] == ["400"]
    assert body["facets"]["product"][0]["selected"] is True


def test_code_filter_matches_aliases(client, two_entries):
    body = client.get("/api/v1/errors/?code=INVALID_PARAMETER").json()
    assert [entry["slug"] for entry in body["results"]] == ["400-invalidparameter-n"]


def test_detail_and_unknown_slug(client, two_entries):
    assert (
        client.get("/api/v1/errors/429-throttling/").json()["message"]
        == "Requests throttling triggered."
    )
    response = client.get("/api/v1/errors/no-such-entry/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


def test_products_endpoint_counts_entries(client, two_entries, make_product):
    make_product(slug="paraformer", name="Paraformer")
    body = client.get("/api/v1/products/").json()
    assert body == {
        "count": 2,
        "results": [
            {"slug": "cosyvoice", "name": "CosyVoice", "count": 1},
            {"slug": "paraformer", "name": "Paraformer", "count": 0},
        ],
    }


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ("page=abc", "page", "invalid_page"),
        ("page=0", "page", "invalid_page"),
        ("page=-1", "page", "invalid_page"),
        ("page=99", "page", "invalid_page"),
        ("page_size=100000", "page_size", "invalid_page_size"),
        ("page_size=0", "page_size", "invalid_page_size"),
        ("page_size=1e3", "page_size", "invalid_page_size"),
        ("status=999", "status", "invalid_parameter"),
        ("status=abc", "status", "invalid_parameter"),
        ("category=nope", "category", "invalid_parameter"),
        ("product=no-such-product", "product", "invalid_parameter"),
    ],
)
def test_bad_parameters_get_a_400_json_error(client, two_entries, query, field, code):
    response = client.get(f"/api/v1/errors/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert (error["field"], error["code"]) == (field, code)
    assert error["message"]


def test_pagination_links(client, make_entry):
    for number in range(5):
        make_entry(message=f"Paged message {number}")
    body = client.get("/api/v1/errors/?page_size=2&page=2").json()
    assert body["count"] == 5
    assert [entry["message"] for entry in body["results"]] == [
        "Paged message 2",
        "Paged message 3",
    ]
    assert body["next"] == "http://testserver/api/v1/errors/?page_size=2&page=3"
    assert body["previous"] == "http://testserver/api/v1/errors/?page_size=2&page=1"


def test_status_none_selects_entries_without_status(client, make_entry):
    make_entry(
        status=None,
        code="NetworkError",
        message="NoApiKeyException: Can not find api-key.",
    )
    make_entry(message="With status")
    body = client.get("/api/v1/errors/?status=none").json()
    assert [entry["code"] for entry in body["results"]] == ["NetworkError"]


def test_entries_added_by_hand_follow_the_catalogue_on_every_database(
    client, make_entry
):
    # No position in the vendor's page: after its entries, where SQLite
    # would put NULLs first and PostgreSQL last.
    make_entry(slug="by-hand", source_position=None)
    make_entry(slug="second", source_position=2)
    make_entry(slug="first", source_position=1)
    listed = [item["slug"] for item in client.get("/api/v1/errors/").json()["results"]]
    assert listed == ["first", "second", "by-hand"]
    exported = [item["slug"] for item in export_catalogue()["entries"]]
    assert exported == ["first", "second", "by-hand"]


def test_unknown_api_path_is_json_404(client, db):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_whole_catalogue_through_the_api(client, catalogue):
    assert (
        client.get("/api/v1/errors/").json()["count"]
        == 311
        == ErrorEntry.objects.count()
    )
    body = client.get("/api/v1/errors/?page_size=100").json()
    facet_total = sum(item["count"] for item in body["facets"]["status"])
    assert facet_total == 311
    for item in body["facets"]["status"] + body["facets"]["category"]:
        name = "status" if item in body["facets"]["status"] else "category"
        filtered = client.get(f"/api/v1/errors/?{name}={item['value']}").json()
        assert filtered["count"] == item["count"]
    for item in body["facets"]["product"]:
        filtered = client.get(f"/api/v1/errors/?product={item['value']}").json()
        assert filtered["count"] == item["count"]
    assert len(body["facets"]["product"]) >= 15


def test_json_nested_a_thousand_deep_is_a_400(client):
    body = '{"q":' * 1000 + '"x"' + "}" * 1000
    response = client.post("/api/v1/search", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_body"
    deeper = "[" * 30_000 + "]" * 30_000
    response = client.post("/api/v1/search", deeper, content_type="application/json")
    assert response.status_code == 400


def test_the_declared_charset_is_honoured(client, make_entry):
    make_entry(message="Modèle introuvable pour ce compte")
    # The test client encodes the text in the charset the header names.
    body = "Modèle introuvable pour ce compte"
    response = client.post(
        "/api/v1/search", body, content_type="text/plain; charset=latin-1"
    )
    assert response.status_code == 200
    assert response.json()["search"]["query"] == "Modèle introuvable pour ce compte"
    assert (
        response.json()["results"][0]["message"] == "Modèle introuvable pour ce compte"
    )


@pytest.mark.parametrize("charset", ["no-such-charset", "rot13", "base64"])
def test_an_unknown_charset_is_a_415(client, charset):
    response = client.generic(
        "POST", "/api/v1/search", b"text", content_type=f"text/plain; charset={charset}"
    )
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_charset"


def test_too_many_searches_a_minute_get_429_with_retry_after(
    client, settings, make_entry
):
    settings.SEARCH_POST_PER_MINUTE = 3
    make_entry(message="Quota exceeded")
    for _ in range(3):
        response = client.post(
            "/api/v1/search", "Quota exceeded", content_type="text/plain"
        )
        assert response.status_code == 200
    refused = client.post("/api/v1/search", "Quota exceeded", content_type="text/plain")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "too_many_requests"
    # Another address has its own share.
    other = client.post(
        "/api/v1/search",
        "Quota exceeded",
        content_type="text/plain",
        REMOTE_ADDR="192.0.2.4",
    )
    assert other.status_code == 200


def test_searches_at_once_per_client_are_capped(settings):
    from errors.web.throttle import ClientLimits

    settings.SEARCH_POST_CONCURRENCY = 2
    limits = ClientLimits()
    assert limits.acquire("192.0.2.1", 0.0) is None
    assert limits.acquire("192.0.2.1", 0.1) is None
    assert limits.acquire("192.0.2.1", 0.2) == 1.0  # a third at once waits
    assert limits.acquire("192.0.2.2", 0.2) is None  # others are not held up
    limits.release("192.0.2.1")
    assert limits.acquire("192.0.2.1", 0.3) is None


def test_a_server_error_on_the_api_is_json(client, monkeypatch):
    from errors.web import api

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail")

    client.raise_request_exception = False
    monkeypatch.setattr(api, "facet_counts", broken)
    response = client.get("/api/v1/errors/")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert b"internal detail" not in response.content
