"""Request guards: security headers everywhere, forwarded headers only from
trusted proxies, over-long URLs, NUL bytes, JSON errors under /api/."""

import pytest
from django.test import Client

from errors.web.guards import TrustedProxyMiddleware, client_address

pytestmark = pytest.mark.django_db


def assert_security_headers(response):
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_static_files_carry_the_security_headers(client):
    response = client.get("/static/errors/portal.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)  # the file itself
    assert_security_headers(response)


def test_redirects_carry_the_security_headers(client, make_entry):
    response = client.get("/stats")  # APPEND_SLASH
    assert response.status_code == 301
    assert response["Location"] == "/stats/"
    assert_security_headers(response)
    posted = client.post("/search/", {"q": "Quota exceeded"})
    assert posted.status_code == 303
    assert_security_headers(posted)


def test_the_https_redirect_carries_headers_and_spares_healthz(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    redirect = client.get("/stats/")
    assert redirect.status_code == 301
    assert redirect["Location"] == "https://testserver/stats/"
    assert_security_headers(redirect)
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"


def test_forwarded_proto_counts_only_from_a_trusted_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    forged = Client(REMOTE_ADDR="203.0.113.9").get(
        "/robots.txt", HTTP_X_FORWARDED_PROTO="https"
    )
    assert forged.status_code == 301
    proxied = Client(REMOTE_ADDR="10.0.0.2").get(
        "/robots.txt", HTTP_X_FORWARDED_PROTO="https"
    )
    assert proxied.status_code == 200
    assert b"Sitemap:" in proxied.content


def test_client_ip_header_counts_only_from_a_trusted_proxy(settings, rf):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    seen = []
    middleware = TrustedProxyMiddleware(lambda request: seen.append(request))
    for remote in ["203.0.113.9", "10.0.0.2"]:
        middleware(rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR="198.51.100.7"))
    assert [client_address(request) for request in seen] == [
        "203.0.113.9",
        "198.51.100.7",
    ]


def test_an_over_long_url_is_a_json_414_on_the_api(client, settings):
    query = "x" * (settings.MAX_URL_BYTES + 1)
    response = client.get(f"/api/v1/errors/?q={query}")
    assert response.status_code == 414
    assert response.json()["error"]["code"] == "uri_too_long"
    page = client.get(f"/?q={query}")
    assert page.status_code == 414
    assert b"POST long texts" in page.content


def test_a_64_kb_query_still_fits_in_a_url(client, make_entry):
    make_entry(message="Quota exceeded for this account")
    query = "Quota exceeded for this account " + "%2B" * 21_000
    response = client.get(f"/api/v1/errors/?q={query}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "status__exact=%00",
        "q=%00",
        "category__exact=a%00b",
        "products__id__exact=1%00",
    ],
)
def test_a_nul_byte_in_an_admin_filter_is_a_400(admin_client, query):
    response = admin_client.get(f"/admin/errors/errorentry/?{query}")
    assert response.status_code == 400
    assert b"NUL byte" in response.content


def test_a_nul_byte_in_the_public_search_is_only_a_space(client, make_entry):
    make_entry(message="Quota exceeded")
    response = client.get("/api/v1/errors/?q=Quota%00exceeded")
    assert response.status_code == 200
    assert response.json()["results"][0]["message"] == "Quota exceeded"
    refused = client.get("/api/v1/errors/?product=qwen%00")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invalid_parameter"


def test_a_disallowed_host_on_the_api_is_json(client):
    response = client.get("/api/v1/errors/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
