"""Hostile traffic and broken parts, against a real gunicorn on loopback:
CSRF-enforced 405s, chunked bodies, parallel logins from one address, a
missing or deleted database, a schema behind the code."""

import http.client
import os
import re
import secrets
import sqlite3
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from tests.servers import (
    fetch,
    gunicorn,
    manage,
    prepare_database,
    server_env,
)

WRONG = "Please enter the correct username and password"
LOCKED = "Too many failed logins"


@pytest.fixture(scope="module")
def sqlite_env(tmp_path_factory):
    database = tmp_path_factory.mktemp("server") / "portal.sqlite3"
    env = server_env(f"sqlite:///{database}", CLIENT_IP_HEADER="X-Forwarded-For")
    prepare_database(env)
    return env


@pytest.fixture(scope="module")
def sqlite_server(sqlite_env):
    """One server for the module: its tests change nothing another one reads
    (the login test uses a username of its own)."""
    with gunicorn(sqlite_env, workers=2) as base_url:
        yield base_url


@pytest.mark.sqlite_file
@pytest.mark.parametrize(
    "path,method",
    [
        ("/", "POST"),
        ("/stats/", "DELETE"),
        ("/healthz", "POST"),
        ("/sitemap.xml", "PUT"),
        ("/api/v1/errors/", "POST"),
        ("/api/v1/products/", "PATCH"),
    ],
)
def test_writes_get_405_from_a_real_server_without_csrf_tokens(
    sqlite_server, path, method
):
    status, headers, body = fetch(sqlite_server + path, method=method, data=b"x=1")
    assert status == 405, body[:200]
    assert headers["Allow"] == "GET, HEAD"
    if path.startswith("/api/"):
        assert b'"method_not_allowed"' in body


@pytest.mark.sqlite_file
def test_a_chunked_body_is_read(sqlite_server):
    parts = urlsplit(sqlite_server)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    text = b"Range of input length should be [1, 30720]"
    # A generator body has no length: http.client sends it chunked.
    connection.request(
        "POST",
        "/api/v1/search?page_size=1",
        body=(text[i : i + 7] for i in range(0, len(text), 7)),
        headers={"Content-Type": "text/plain", "Transfer-Encoding": "chunked"},
        encode_chunked=True,
    )
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    assert response.status == 200, body
    assert '"query": "Range of input length should be [1, 30720]"' in body
    assert "Range of input length should be [1, xxx]" in body


def login_attempt(
    base_url: str, username: str, address: str, timeout: float = 60
) -> str:
    """One wrong-password login from `address`, as a browser sends it (the
    generous timeout: a burst queues for the password hasher's CPU)."""
    status, headers, page = fetch(base_url + "/admin/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = headers["Set-Cookie"].split(";")[0]
    data = urllib.parse.urlencode(
        {
            "username": username,
            "password": "wrong-" + secrets.token_hex(4),
            "csrfmiddlewaretoken": token.decode(),
            "next": "/admin/",
        }
    ).encode()
    status, _, body = fetch(
        base_url + "/admin/login/",
        timeout=timeout,
        method="POST",
        data=data,
        headers={
            "Cookie": cookie,
            "Referer": base_url + "/admin/login/",
            "X-Forwarded-For": address,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    text = body.decode()
    if LOCKED in text:
        return "locked"
    if WRONG in text:
        return "checked"
    return f"unexpected {status}"


def failures_recorded(env: dict, username: str) -> int:
    """Login failures django-axes stored for `username`: one per password
    actually checked (an attempt refused by the lock-out adds none)."""
    code = (
        "from axes.models import AccessAttempt; "
        "from django.db.models import Sum; "
        f"print(AccessAttempt.objects.filter(username={username!r})"
        ".aggregate(total=Sum('failures_since_start'))['total'] or 0)"
    )
    return int(manage(env, "shell", "-c", code).stdout.split()[-1])


def assert_parallel_logins_hold(base_url: str, env: dict, attempts: int = 8):
    """A burst of parallel wrong logins for one username from one address,
    served by two workers: afterwards that pair is locked, for every worker
    (the counts are in the database), and the same username from another
    address still gets its password checked.

    django-axes checks the lock before the password and counts after it; the
    login gate (errors/web/login_gate.py) makes the attempts of one pair take
    turns, so exactly the limit's worth of passwords is checked."""
    username = "admin-" + secrets.token_hex(4)
    with ThreadPoolExecutor(max_workers=attempts) as pool:
        outcomes = list(
            pool.map(
                lambda n: login_attempt(base_url, username, "198.51.100.1"),
                range(attempts),
            )
        )
    # The fifth failure is answered with the lock-out page already.
    assert sorted(outcomes) == ["checked"] * 4 + ["locked"] * (attempts - 4)
    recorded = failures_recorded(env, username)
    assert recorded == 5  # passwords checked: the limit, not the burst
    for _ in range(4):
        assert login_attempt(base_url, username, "198.51.100.1") == "locked"
    assert failures_recorded(env, username) == recorded  # refused, not counted
    assert login_attempt(base_url, username, "203.0.113.7") == "checked"


@pytest.mark.sqlite_file
def test_parallel_logins_lock_the_address_not_the_user_on_sqlite(
    sqlite_server, sqlite_env
):
    assert_parallel_logins_hold(sqlite_server, sqlite_env)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (make test-postgres)",
)
def test_parallel_logins_lock_the_address_not_the_user_on_postgres(new_database):
    env = server_env(new_database("logins"), CLIENT_IP_HEADER="X-Forwarded-For")
    prepare_database(env)
    with gunicorn(env, workers=2) as base_url:
        assert_parallel_logins_hold(base_url, env)


@pytest.mark.sqlite_file
def test_a_missing_database_file_is_refused_at_start(tmp_path):
    database = tmp_path / "gone.sqlite3"
    env = server_env(f"sqlite:///{database}")
    with pytest.raises(RuntimeError, match="server exited"), gunicorn(env):
        pass
    ready = manage(env, "check_ready", check=False)
    assert ready.returncode == 1
    assert f"The database file {database} does not exist" in ready.stderr
    assert not database.exists()  # refused, not created empty


@pytest.mark.sqlite_file
def test_a_deleted_database_fails_healthz_and_pages_and_stays_deleted(tmp_path):
    database = tmp_path / "portal.sqlite3"
    env = server_env(f"sqlite:///{database}")
    prepare_database(env)
    with gunicorn(env, workers=1) as base_url:
        assert fetch(base_url + "/healthz")[0] == 200
        for suffix in ("", "-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        for path in ("/healthz", "/", "/api/v1/errors/?q=rate+limit"):
            status, headers, _ = fetch(base_url + path)
            assert status == 503, path
            assert headers["Retry-After"] == "5"
        assert not database.exists()


def check_a_schema_behind_the_code(env, tmp_path, drop_table) -> None:
    prepare_database(env)
    manage(env, "migrate", "errors", "0003", "-v0")
    ready = manage(env, "check_ready", check=False)
    assert ready.returncode == 1
    assert "errors.0004_postgres_search_tokens" in ready.stderr
    assert "run `python manage.py migrate`" in ready.stderr
    # A table gone from under the code: a 500 and a log line, not "retry".
    drop_table("errors_errorentry_products")
    log = tmp_path / "server.log"
    with gunicorn(env, workers=1, log_path=log) as base_url:
        health = fetch(base_url + "/healthz")
        assert health[0] == 503
        assert (
            b'"pending_migrations": ["errors.0004_postgres_search_tokens",'
            in (health[2])
        )
        status, headers, body = fetch(base_url + "/api/v1/products/")
        assert status == 500
        assert b'"server_error"' in body
        assert "Retry-After" not in headers
    assert "run `python manage.py migrate`" in log.read_text()


@pytest.mark.sqlite_file
def test_a_schema_behind_the_code_is_named(tmp_path):
    database = tmp_path / "portal.sqlite3"

    def drop_table(name):
        with sqlite3.connect(database) as connection:
            connection.execute(f"DROP TABLE {name}")

    check_a_schema_behind_the_code(
        server_env(f"sqlite:///{database}"), tmp_path, drop_table
    )


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (make test-postgres)",
)
def test_a_schema_behind_the_code_is_named_on_postgres(tmp_path):
    import psycopg

    server = os.environ["DATABASE_URL"]
    name = f"behind_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = urlsplit(server)._replace(path=f"/{name}").geturl()

    def drop_table(table):
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f"DROP TABLE {table} CASCADE")

    try:
        check_a_schema_behind_the_code(server_env(url), tmp_path, drop_table)
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
