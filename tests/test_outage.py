"""The database goes away: a real gunicorn answers 503 with Retry-After, quickly,
and recovers by itself when the database is back."""

import json
import os
import shlex
import sqlite3
import subprocess
import time

import pytest

from tests.servers import (
    fetch,
    gunicorn,
    manage,
    prepare_database,
    server_env,
)

PAGES = [
    "/",
    "/?q=too+many+requests",
    "/api/v1/errors/?q=Range+of+seed+should+be+%5B0%2C+100%5D",
    "/healthz",
]


def assert_unavailable(base_url: str, max_seconds: float) -> None:
    for path in PAGES:
        started = time.monotonic()
        status, headers, body = fetch(base_url + path)
        elapsed = time.monotonic() - started
        assert status == 503, (path, status, body[:300])
        assert headers["Retry-After"] == "5"
        assert elapsed < max_seconds, (path, elapsed)
        text = body.decode()
        assert (
            "Traceback" not in text
            and "sqlite" not in text.lower()
            and "psycopg" not in text
        )
        if path.startswith("/api/"):
            assert json.loads(text)["error"]["code"] == "service_unavailable"
        else:
            assert "not answering right now" in text


def assert_available(base_url: str) -> None:
    for path in PAGES:
        status, _, body = fetch(base_url + path)
        assert status == 200, (path, status, body[:300])


@pytest.fixture
def sqlite_server(tmp_path):
    database = tmp_path / "portal.sqlite3"
    # A quarter of a second: long enough to show the wait is bounded, short
    # enough that four locked pages cost one second.
    env = server_env(f"sqlite:///{database}", SQLITE_TIMEOUT="0.25")
    prepare_database(env)
    with gunicorn(env, workers=1) as base_url:
        yield base_url, database


@pytest.mark.sqlite_file
def test_sqlite_locked_past_the_timeout_gives_503_then_recovers(tmp_path):
    database = tmp_path / "portal.sqlite3"
    # A lock that stops WAL readers (exclusive locking mode) can only be
    # taken while no other connection is open, so this server opens one per
    # request instead of keeping them: with kept connections (the default)
    # readers are never locked out, and writers wait for the busy timeout.
    env = server_env(
        f"sqlite:///{database}", SQLITE_TIMEOUT="0.25", SQLITE_CONN_MAX_AGE="0"
    )
    prepare_database(env)
    with gunicorn(env, workers=1) as base_url:
        assert_locked_then_recovers(base_url, database)


def assert_locked_then_recovers(base_url, database) -> None:
    assert_available(base_url)
    # Another process takes an exclusive lock (exclusive locking mode keeps it
    # even against WAL readers) and holds it longer than the busy timeout.
    locker = sqlite3.connect(database, timeout=5, isolation_level=None)
    locker.execute("PRAGMA locking_mode=EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE")
    locker.execute("UPDATE errors_errorentry SET code = code WHERE id = 1")
    try:
        assert_unavailable(base_url, max_seconds=4)
    finally:
        locker.execute("COMMIT")
        locker.close()
    assert_available(base_url)


@pytest.mark.sqlite_file
def test_sqlite_file_unreadable_gives_503_then_recovers(sqlite_server):
    base_url, database = sqlite_server
    assert_available(base_url)
    saved = database.read_bytes()
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    database.write_bytes(b"this is not a database" * 100)
    try:
        assert_unavailable(base_url, max_seconds=4)
    finally:
        database.write_bytes(saved)
    assert_available(base_url)


@pytest.mark.sqlite_file
def test_sqlite_file_deleted_gives_503_then_recovers(sqlite_server):
    # Server threads keep their connections (errors/database_file.py): one
    # must not go on answering from its page cache once the file is gone.
    base_url, database = sqlite_server
    assert_available(base_url)
    saved = database.read_bytes()
    for suffix in ("", "-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    try:
        assert_unavailable(base_url, max_seconds=4)
    finally:
        database.write_bytes(saved)
    assert_available(base_url)


needs_postgres = pytest.mark.skipif(
    not (
        os.environ.get("DATABASE_URL", "").startswith("postgres")
        and os.environ.get("PG_CTL")
    ),
    reason="needs the throw-away PostgreSQL cluster of scripts/with-postgres (make test-postgres)",
)


def pg_ctl(*args: str) -> None:
    owner = shlex.split(os.environ.get("PG_AS_OWNER", ""))
    subprocess.run(
        [*owner, os.environ["PG_CTL"], "-D", os.environ["PGDATA"], *args],
        check=True,
        capture_output=True,
    )


@needs_postgres
@pytest.mark.stops_cluster
def test_postgres_stopped_gives_503_then_recovers():
    from django.db import connections

    env = server_env(os.environ["DATABASE_URL"], DATABASE_CONNECT_TIMEOUT="2")
    prepare_database(env)
    with gunicorn(env, workers=2) as base_url:
        assert_available(base_url)
        connections.close_all()
        pg_ctl("-m", "fast", "-w", "stop")
        try:
            assert_unavailable(base_url, max_seconds=5)
        finally:
            pg_ctl(
                "-w", "-l", os.path.join(os.environ["PGDATA"], "server.log"), "start"
            )
        # The first request after the restart may meet a dead pooled
        # connection; CONN_HEALTH_CHECKS replaces it, so answers recover.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and fetch(base_url + "/healthz")[0] != 200:
            time.sleep(0.5)
        assert_available(base_url)


# A connection opened outside any request (or during one), then its file
# replaced: the next request must not answer from that connection's cache.
REPLACED_UNDER_A_NEW_CONNECTION = """
from django.core.signals import request_started
from django.db import connection
from errors.database_file import database_path
from errors.models import ErrorEntry
ErrorEntry.objects.count()  # the connection opens here, not at a request
with open(database_path(connection.settings_dict["NAME"]), "wb") as replaced:
    replaced.write(b"this is not a database" * 100)
request_started.send(sender=None)
print("closed" if connection.connection is None else "kept")
"""


@pytest.mark.sqlite_file
def test_a_file_replaced_under_a_fresh_connection_closes_it(tmp_path):
    database = tmp_path / "portal.sqlite3"
    env = server_env(f"sqlite:///{database}")
    prepare_database(env)
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    result = manage(env, "shell", "-c", REPLACED_UNDER_A_NEW_CONNECTION, check=False)
    assert result.stdout.splitlines()[-1:] == ["closed"], result.stderr[-2000:]
