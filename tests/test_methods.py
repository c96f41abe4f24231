"""Every URL × method: 405 with Allow (JSON under /api/), with CSRF enforced,
and HEAD answers without running the search."""

import pytest
from django.test import Client

from errors.search import results as search_module

pytestmark = pytest.mark.django_db

READ_ONLY_PAGES = [
    "/",
    "/?q=rate+limit",
    "/errors/{slug}/",
    "/healthz",
    "/stats/",
    "/robots.txt",
    "/sitemap.xml",
    "/opensearch.xml",
    "/favicon.ico",
    "/api/",
]
READ_ONLY_API = [
    "/api/v1/openapi.json",
    "/api/v1/errors/",
    "/api/v1/errors/{slug}/",
    "/api/v1/products/",
]
WRITES = ["POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS"]


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def slug(make_entry):
    return make_entry(slug="quota-exceeded", message="Quota exceeded").slug


@pytest.mark.parametrize("method", WRITES)
@pytest.mark.parametrize("path", READ_ONLY_PAGES)
def test_pages_answer_405_with_allow_under_csrf_checks(csrf_client, slug, path, method):
    response = csrf_client.generic(method, path.format(slug=slug), "x=1")
    assert response.status_code == 405, response.content[:200]
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("method", WRITES)
@pytest.mark.parametrize("path", READ_ONLY_API)
def test_api_answers_json_405_under_csrf_checks(csrf_client, slug, path, method):
    response = csrf_client.generic(method, path.format(slug=slug), "x=1")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH", "TRACE"])
def test_search_endpoint_takes_only_post(csrf_client, method):
    response = csrf_client.generic(method, "/api/v1/search")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_search_endpoint_post_passes_csrf_checks(csrf_client, make_entry):
    make_entry(message="Quota exceeded for this account")
    response = csrf_client.post(
        "/api/v1/search", "Quota exceeded for this account", content_type="text/plain"
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["message"] == "Quota exceeded for this account"


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_the_search_form_takes_get_and_post(csrf_client, method):
    response = csrf_client.generic(method, "/search/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"


def test_writes_to_static_files_get_405(csrf_client):
    response = csrf_client.post("/static/errors/portal.css")
    assert response.status_code == 405
    assert "GET" in response["Allow"]


@pytest.mark.parametrize(
    "path", ["/?q=Quota+exceeded", "/api/v1/errors/?q=Quota+exceeded"]
)
def test_head_does_not_run_the_search(client, make_entry, monkeypatch, path):
    make_entry(message="Quota exceeded")
    calls = []
    real_find = search_module.find
    monkeypatch.setattr(
        search_module, "find", lambda *args: calls.append(args) or real_find(*args)
    )
    head = client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert calls == []
    assert client.get(path).status_code == 200
    assert len(calls) == 1  # the same spy sees GET run it
