import pytest

pytestmark = pytest.mark.django_db

ORIGIN = "https://elsewhere.example"


def test_api_get_allows_any_origin(client, make_entry):
    make_entry(slug="400-range")
    for url in [
        "/api/v1/errors/",
        "/api/v1/errors/400-range/",
        "/api/v1/products/",
        "/api/v1/openapi.json",
    ]:
        response = client.get(url, HTTP_ORIGIN=ORIGIN)
        assert response.status_code == 200, url
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response


def test_api_errors_carry_cors_too(client, db):
    response = client.get("/api/v1/errors/?page_size=0", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"


def test_preflight_for_get_is_answered(client, db):
    response = client.options(
        "/api/v1/errors/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Content-Type" in response["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_preflight_for_post_is_refused(client, db):
    response = client.options(
        "/api/v1/search", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Methods" not in response


def test_post_gets_no_cors_headers(client, make_entry):
    make_entry(message="Payload Too Large.")
    response = client.post(
        "/api/v1/search",
        "payload too large",
        content_type="text/plain",
        HTTP_ORIGIN=ORIGIN,
    )
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_pages_outside_the_api_get_no_cors_headers(client, make_entry):
    entry = make_entry()
    for url in ["/", entry.get_absolute_url(), "/stats/", "/sitemap.xml"]:
        response = client.get(url, HTTP_ORIGIN=ORIGIN)
        assert response.status_code == 200, url
        assert "Access-Control-Allow-Origin" not in response, url
    response = client.options(
        "/", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "Access-Control-Allow-Origin" not in response
