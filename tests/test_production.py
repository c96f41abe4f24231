"""Production behaviour: headers, conditional requests, methods, error pages."""

import os
import secrets
import subprocess
import sys

import pytest
from django.db import OperationalError
from pytest_django.asserts import assertContains

from tests.servers import ROOT

pytestmark = pytest.mark.django_db


def test_check_deploy_is_clean_under_production_settings():
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="errors.example.com",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://errors.example.com",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_secret_key_one_is_created_once_with_mode_0600(tmp_path):
    key_file = tmp_path / "secret_key"
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    }
    env["DJANGO_SECRET_KEY_FILE"] = str(key_file)
    code = (
        "from django.conf import settings; print(settings.SECRET_KEY, settings.DEBUG)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    key, debug = runs[0]
    assert debug == "False"
    assert len(key) >= 50
    assert key_file.read_text().strip() == key
    assert key_file.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    "path",
    ["/", "/api/v1/errors/", "/errors/no-such-entry/", "/api/v1/nothing", "/healthz"],
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]:
        assert directive in policy
    script_src = next(
        part for part in policy.split(";") if part.strip().startswith("script-src")
    )
    assert "unsafe-inline" not in script_src
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_hsts_only_over_https_and_without_preload(client, settings):
    assert "Strict-Transport-Security" not in client.get("/")
    secure = client.get("/", secure=True)
    assert secure["Strict-Transport-Security"] == (
        f"max-age={settings.SECURE_HSTS_SECONDS}; includeSubDomains"
    )


def test_pages_and_api_answer_conditional_requests(client, make_entry):
    entry = make_entry(message="Cached message")
    for url in ["/", entry.get_absolute_url(), "/api/v1/errors/", entry.get_api_url()]:
        first = client.get(url)
        assert first.status_code == 200
        assert (
            "max-age=0" in first["Cache-Control"] and "public" in first["Cache-Control"]
        )
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
    etag = client.get(entry.get_api_url())["ETag"]
    entry.message = "Edited message"
    entry.save()
    changed = client.get(entry.get_api_url(), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["message"] == "Edited message"


def test_admin_is_never_cached(client):
    response = client.get("/admin/login/")
    assert (
        "no-store" in response["Cache-Control"]
        or "private" in response["Cache-Control"]
    )


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
@pytest.mark.parametrize("path", ["/api/v1/errors/", "/api/v1/products/"])
def test_writes_on_read_only_api_get_json_405(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "TRACE"])
def test_writes_on_pages_get_405_with_allow(client, method):
    response = client.generic(method, "/")
    assert response.status_code == 405
    assert "GET" in response["Allow"]


def test_trace_on_the_api_is_refused(client):
    response = client.generic("TRACE", "/api/v1/errors/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_get_on_the_search_endpoint_says_post(client):
    response = client.get("/api/v1/search")
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_own_404_page(client):
    response = client.get("/errors/no-such-entry/")
    assertContains(response, "Page not found", status_code=404)


def test_database_errors_become_503_with_retry_after(client, monkeypatch):
    from errors.web import views

    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server: secret-host.internal")

    client.raise_request_exception = False
    monkeypatch.setattr(views, "facet_counts", broken)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"secret-host" not in response.content
    assertContains(response, "not answering right now", status_code=503)


def test_unexpected_errors_get_the_portal_500_page(client, monkeypatch):
    from errors.web import views

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail")

    client.raise_request_exception = False
    monkeypatch.setattr(views, "facet_counts", broken)
    response = client.get("/")
    assert response.status_code == 500
    assert b"internal detail" not in response.content
    assertContains(response, "Something went wrong on our side", status_code=500)


def test_healthz_reports_the_database_and_counts_the_catalogue(client, make_entry):
    make_entry()
    make_entry()
    response = client.get("/healthz")
    assert response.json() == {
        "status": "ok",
        "database": "postgresql"
        if "postgres" in os.environ.get("DATABASE_URL", "")
        else "sqlite",
        "entries": 2,
    }


def test_a_new_release_changes_the_etag(client, make_entry, monkeypatch):
    from errors.web.caching import release

    make_entry()
    before = client.get("/")["ETag"]
    monkeypatch.setenv("PORTAL_RELEASE", "next-deploy")
    release.cache_clear()
    try:
        after = client.get("/", HTTP_IF_NONE_MATCH=before)
    finally:
        release.cache_clear()
    assert after.status_code == 200
    assert after["ETag"] != before
