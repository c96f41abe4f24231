import json
import re

import jsonschema_rs
import pytest
from pytest_django.asserts import assertContains

from errors.web.openapi import PYTHON_WHITESPACE, SEARCH_TEXT_PATTERN, STATUS_PATTERN

pytestmark = pytest.mark.django_db

BUDGET = "The thinking_budget parameter must be a positive integer and not greater than 38912"


@pytest.fixture
def document(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def validator(document: dict, name: str):
    """A JSON Schema validator for one of the document's component schemas."""
    schema = {
        "$ref": f"#/components/schemas/{name}",
        "components": document["components"],
    }
    return jsonschema_rs.Draft202012Validator(schema)


def test_document_lists_every_endpoint(document):
    assert document["openapi"] == "3.1.0"
    assert {
        path: list(operations) for path, operations in document["paths"].items()
    } == {
        "/api/v1/errors/": ["get"],
        "/api/v1/errors/{slug}/": ["get"],
        "/api/v1/products/": ["get"],
        "/api/v1/search": ["post"],
        "/api/v1/openapi.json": ["get"],
    }
    assert document["servers"] == [{"url": "http://testserver"}]
    list_parameters = [
        p["name"] for p in document["paths"]["/api/v1/errors/"]["get"]["parameters"]
    ]
    assert list_parameters == [
        "q",
        "status",
        "code",
        "product",
        "category",
        "retryable",
        "who_acts",
        "page",
        "page_size",
    ]


def test_document_is_a_valid_openapi_document(document):
    from schemathesis.openapi import from_dict

    schema = from_dict(document)
    schema.validate()  # against the OpenAPI 3.1 meta-schema; raises if invalid
    assert sorted(result.ok().label for result in schema.get_all_operations()) == [
        "GET /api/v1/errors/",
        "GET /api/v1/errors/{slug}/",
        "GET /api/v1/openapi.json",
        "GET /api/v1/products/",
        "POST /api/v1/search",
    ]


def test_product_enum_is_the_catalogue(document, make_product, client):
    make_product(slug="cosyvoice")
    make_product(slug="paraformer", name="Paraformer")
    parameters = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/errors/"][
        "get"
    ]["parameters"]
    product = next(p for p in parameters if p["name"] == "product")
    assert product["schema"] == {
        "type": "array",
        "items": {"type": "string", "enum": ["cosyvoice", "paraformer"]},
    }
    assert product["explode"] is True


def test_real_answers_match_the_schemas(client, document, make_entry, make_product):
    voice = make_product()
    make_entry(
        slug="400-thinking-budget",
        message="The thinking_budget parameter must be a positive integer and not greater than xxx",
        products=[voice],
    )
    make_entry(
        slug="429-throttling",
        status=429,
        code="Throttling",
        message="Requests throttling triggered.",
    )
    make_entry(
        slug="sdk-none",
        status=None,
        code="",
        category="sdk",
        message="Connection reset.",
    )
    cases = [
        ("/api/v1/errors/", "EntryList"),
        (
            "/api/v1/errors/?q=The+thinking_budget+parameter+must+be+a+positive+integer"
            "+and+not+greater+than+38912",
            "EntryList",
        ),
        ("/api/v1/errors/?status=none&page_size=1", "EntryList"),
        ("/api/v1/errors/400-thinking-budget/", "Entry"),
        ("/api/v1/errors/sdk-none/", "Entry"),
        ("/api/v1/products/", "ProductList"),
        ("/api/v1/errors/?page_size=0", "Error"),
        ("/api/v1/errors/?page=9", "Error"),
        ("/api/v1/errors/no-such-entry/", "Error"),
    ]
    for url, name in cases:
        body = client.get(url).json()
        errors = [
            error.message for error in validator(document, name).iter_errors(body)
        ]
        assert errors == [], url
    response = client.post(
        "/api/v1/search",
        BUDGET,
        content_type="text/plain",
    )
    body = response.json()
    assert body["search"]["query"] == BUDGET
    assert body["results"][0]["match"]["kind"] in {"template", "code", "text", "fuzzy"}
    assert list(validator(document, "EntryList").iter_errors(body)) == []


def test_status_pattern_is_what_the_filter_accepts(client, make_entry):
    make_entry(status=400)
    pattern = re.compile(STATUS_PATTERN)
    for value in ["400", " 400 ", "0400", "none", "", "599", "100"]:
        assert pattern.search(value), value
        assert client.get("/api/v1/errors/", {"status": value}).status_code == 200, (
            value
        )
    for value in ["99", "600", "4000", "abc", "40O", "00000000400"]:
        assert not pattern.search(value), value
        assert client.get("/api/v1/errors/", {"status": value}).status_code == 400, (
            value
        )


def test_search_text_pattern_is_what_the_endpoint_accepts(client, make_entry):
    make_entry()
    assert re.fullmatch(f"[{PYTHON_WHITESPACE}]+", " \t\n\x1c\x1f\x85\u3000")
    for text in [" ", "\x1d", "\u2028 \u3000"]:
        assert not re.search(SEARCH_TEXT_PATTERN, text)
        response = client.post(
            "/api/v1/search", text.encode(), content_type="text/plain"
        )
        assert response.json()["error"]["code"] == "empty_query"
    for text in ["x", " \x00 ", "\ufeff"]:
        assert re.search(SEARCH_TEXT_PATTERN, text)
        assert (
            client.post(
                "/api/v1/search", text.encode(), content_type="text/plain"
            ).status_code
            == 200
        )


def test_undeclared_methods_get_a_json_405_not_a_csrf_403(client, make_entry):
    make_entry(slug="400-range")
    for url in ["/api/v1/errors/", "/api/v1/errors/400-range/", "/api/v1/products/"]:
        for method in ["post", "put", "delete", "patch"]:
            response = getattr(client, method)(url)
            assert response.status_code == 405, (method, url)
            assert response.json()["error"]["code"] == "method_not_allowed"
            assert response["Allow"] == "GET, HEAD"


def test_a_slug_with_a_nul_byte_is_a_404_not_a_database_error(client, db):
    # PostgreSQL refuses NUL in a query; the route never passes one on.
    for url in [
        "/api/v1/errors/%00/",
        "/api/v1/errors/a%00b/",
        "/api/v1/errors/caf%C3%A9/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"


def test_api_page_lists_endpoints_with_curl_examples(client, make_entry):
    entry = make_entry(slug="400-range")
    response = client.get("/api/")
    assertContains(response, "<code>GET /api/v1/errors/</code>", html=False)
    assertContains(response, "<code>POST /api/v1/search</code>", html=False)
    assertContains(response, "<code>GET /api/v1/errors/{slug}/</code>", html=False)
    assertContains(response, "<code>GET /api/v1/products/</code>", html=False)
    assertContains(
        response,
        f"curl &#x27;http://testserver/api/v1/errors/{entry.slug}/&#x27;",
        html=False,
    )
    assertContains(response, "--data-binary", html=False)
    assertContains(response, 'href="/api/v1/openapi.json"', html=False)
    for parameter in [
        "q",
        "status",
        "code",
        "product",
        "category",
        "retryable",
        "who_acts",
        "page",
        "page_size",
    ]:
        assertContains(response, f"<code>{parameter}</code>", html=False)


def test_a_post_to_an_unknown_api_path_is_a_json_404(client, db):
    response = client.post("/api/v1/nothing-here", "x", content_type="text/plain")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_parameters_are_the_filtersets(document):
    from errors.filters import ErrorEntryFilter
    from errors.limits import MAX_CODE_CHARS

    operations = document["paths"]
    listed = operations["/api/v1/errors/"]["get"]["parameters"]
    assert [p["name"] for p in listed] == [
        *ErrorEntryFilter.base_filters,
        "page",
        "page_size",
    ]
    posted = operations["/api/v1/search"]["post"]["parameters"]
    assert [p["name"] for p in posted] == [
        p["name"] for p in listed if p["name"] != "q"
    ]
    code = next(p for p in listed if p["name"] == "code")
    assert code["schema"]["maxLength"] == MAX_CODE_CHARS
    category = next(p for p in listed if p["name"] == "category")
    assert category["schema"]["enum"] == ["api", "sdk", "websocket", "coding-plan"]


def test_every_status_the_api_answers_is_documented(document):
    from errors.web.error_codes import ErrorCode

    assert document["components"]["schemas"]["Error"]["properties"]["error"][
        "properties"
    ]["code"]["enum"] == [code.value for code in ErrorCode]
    for path, operations in document["paths"].items():
        if path == "/api/v1/openapi.json":
            continue
        for operation in operations.values():
            assert {"500", "503"} <= set(operation["responses"]), path
            assert operation["responses"]["503"]["headers"]["Retry-After"]
    detail = document["paths"]["/api/v1/errors/{slug}/"]["get"]["responses"]
    assert detail["301"]["headers"]["Location"]
    assert "4xx status" not in document["info"]["description"].replace(
        "a 4xx status for the request", ""
    )


def test_server_side_error_bodies_match_the_error_schema(document, rf):
    from errors.web.failures import server_error, unavailable

    request = rf.get("/api/v1/errors/")
    answers = [unavailable(request)]
    try:
        raise ValueError("a bug")
    except ValueError:
        answers.append(server_error(request))
    assert [answer.status_code for answer in answers] == [503, 500]
    for answer in answers:
        body = json.loads(answer.content)
        assert list(validator(document, "Error").iter_errors(body)) == []


def test_byte_limits_are_stated_and_counted_in_bytes(client, document, make_entry):
    from errors.limits import MAX_QUERY_BYTES

    make_entry()
    q = document["paths"]["/api/v1/errors/"]["get"]["parameters"][0]
    assert q["schema"]["x-max-bytes"] == MAX_QUERY_BYTES
    assert f"{MAX_QUERY_BYTES} bytes" in q["description"]
    body = document["paths"]["/api/v1/search"]["post"]["requestBody"]["content"]
    assert body["text/plain"]["schema"]["x-max-bytes"] == MAX_QUERY_BYTES
    fits, too_long = "é" * (MAX_QUERY_BYTES // 2), "é" * (MAX_QUERY_BYTES // 2) + "x"
    assert len(too_long) < MAX_QUERY_BYTES  # fewer characters, more bytes
    assert client.get("/api/v1/errors/", {"q": fits}).status_code == 200
    refused = client.get("/api/v1/errors/", {"q": too_long})
    assert refused.status_code == 400
    assert refused.json()["error"]["field"] == "q"
    assert f"{MAX_QUERY_BYTES} bytes" in refused.json()["error"]["message"]
    for content_type, payload in [
        ("text/plain", too_long.encode()),
        ("application/json", json.dumps({"q": too_long}).encode()),
    ]:
        response = client.post("/api/v1/search", payload, content_type=content_type)
        assert response.status_code == 413, content_type
    ok = client.post("/api/v1/search", fits.encode(), content_type="text/plain")
    assert ok.status_code == 200


def test_readme_states_the_limits_as_declared():
    from django.conf import settings

    from errors.limits import MAX_BODY_BYTES, MAX_PAGE_SIZE, MAX_QUERY_BYTES

    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert f"{MAX_QUERY_BYTES:,} bytes" in readme
    assert f"{MAX_BODY_BYTES:,} bytes" in readme
    assert f"page size 1–{MAX_PAGE_SIZE}" in readme
    assert "64 KB" not in readme
