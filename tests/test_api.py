import pytest

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
