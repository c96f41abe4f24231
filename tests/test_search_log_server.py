"""The search log under a real gunicorn: what reaches the database file, and
what a locked database costs (the record, never the answer).

Each test serves a throw-away database of its own (a SQLite file, or a
PostgreSQL database created for it), so nothing here touches the test
database or its schema.
"""

import contextlib
import json
import os
import secrets
import sqlite3
import subprocess
import time
import urllib.parse
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from tests.leaks import LEAKS
from tests.servers import fetch, gunicorn, prepare_database, server_env

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES, reason="needs PostgreSQL (make test-postgres)"
)
# Written after every answer, so a test knows when to look.
RECORDING = {"SEARCH_LOG": "1", "SEARCH_LOG_FLUSH_SECONDS": "0"}
MISS = "Zorblax quantum flux 7 overheated"


@contextlib.contextmanager
def postgres_database():
    """The URL of a new PostgreSQL database, dropped afterwards."""
    server = os.environ["DATABASE_URL"]
    name = f"searchlog_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(server)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def search(base_url: str, text: str, way: int, filters: str = "") -> dict:
    """The three ways a search arrives: the page, the API's GET and POST
    (`filters`: more of the query string, e.g. "&status=599")."""
    quoted = urllib.parse.quote(text)
    if way == 0:
        status, _, body = fetch(f"{base_url}/?q={quoted}{filters}")
        assert status == 200, body[:300]
        return {}
    if way == 1:
        status, _, body = fetch(f"{base_url}/api/v1/errors/?q={quoted}{filters}")
    else:
        status, _, body = fetch(
            f"{base_url}/api/v1/search?{filters.lstrip('&')}",
            method="POST",
            data=text.encode(),
            headers={"Content-Type": "text/plain"},
        )
    assert status == 200, body[:300]
    return json.loads(body)


def wait_for(condition, what: str, base_url: str = "", seconds: float = 20):
    """Poll until `condition()` is true: the writes come after the answers.
    With `base_url`, each poll is also a request: notes that a busy writer
    left waiting are written after the next answer, whatever it is."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if base_url:
            fetch(base_url + "/healthz")
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def sqlite_count(database: Path, sql: str) -> int:
    with contextlib.closing(sqlite3.connect(database)) as connection:
        return connection.execute(sql).fetchone()[0] or 0


def postgres_count(url: str, sql: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchone()[0] or 0


def send_the_corpus(base_url: str, count) -> None:
    # A status no entry has: every search is one without a good match, so
    # every paste is kept (a good match keeps no text at all).
    for number, (text, _) in enumerate(LEAKS):
        search(base_url, text, number % 3, "&status=599")
    wait_for(
        lambda: count("SELECT COUNT(*) FROM errors_missedsearch") == len(LEAKS),
        "every search to be recorded",
        base_url,
    )
    assert count("SELECT SUM(searches) FROM errors_searchweek") == len(LEAKS)


def assert_no_secret_in(stored: bytes) -> None:
    assert b"frobnicate" in stored  # the searches are there
    assert b'{"status": "599"}' in stored
    assert b"Failed to connect to <ip>:443 after 3 retries" in stored
    leaked = [secret for _, secret in LEAKS if secret.encode() in stored]
    assert leaked == []


@pytest.mark.sqlite_file
def test_the_corpus_leaves_no_secret_in_the_database_file(tmp_path):
    assert len(LEAKS) >= 40
    database = tmp_path / "portal.sqlite3"
    env = server_env(f"sqlite:///{database}", **RECORDING)
    prepare_database(env)
    with gunicorn(env, workers=1) as base_url:
        send_the_corpus(base_url, lambda sql: sqlite_count(database, sql))
    # The server is gone: every byte of the database, its WAL and shared
    # memory files included, free pages and all.
    files = sorted(tmp_path.glob("portal.sqlite3*"))
    assert database in files
    assert_no_secret_in(b"".join(path.read_bytes() for path in files))


@needs_postgres
def test_the_corpus_leaves_no_secret_in_the_postgres_database():
    pg_dump = Path(os.environ["PG_CTL"]).with_name("pg_dump")
    with postgres_database() as url:
        env = server_env(url, **RECORDING)
        prepare_database(env)
        with gunicorn(env, workers=1) as base_url:
            send_the_corpus(base_url, lambda sql: postgres_count(url, sql))
        # The whole database, every table, as pg_dump writes it.
        dump = subprocess.run(
            [str(pg_dump), "--data-only", url], capture_output=True, check=True
        ).stdout
    assert b"errors_missedsearch" in dump
    assert_no_secret_in(dump)


def check_a_lock_drops_the_record_not_the_answer(base_url, tmp_path, lock, count):
    """Search while `lock` holds the search log's tables past the write's
    wait: the answer comes, the record is dropped; then again, unlocked."""
    with lock():
        body = search(base_url, MISS, 1)
        assert body["search"]["good_match"] is False
        log = tmp_path / "server.log"
        wait_for(
            lambda: "search log: dropped 1 searches" in log.read_text(),
            "the write to give up",
        )
    assert count("SELECT COUNT(*) FROM errors_missedsearch") == 0
    search(base_url, MISS, 2)
    wait_for(
        lambda: count("SELECT COUNT(*) FROM errors_missedsearch") == 1,
        "the next search to be recorded",
        base_url,
    )
    assert count("SELECT MAX(count) FROM errors_missedsearch") == 1
    assert count("SELECT SUM(searches) FROM errors_searchweek") == 1


@pytest.mark.sqlite_file
def test_a_locked_sqlite_database_drops_the_record_not_the_answer(tmp_path):
    database = tmp_path / "portal.sqlite3"
    env = server_env(f"sqlite:///{database}", SQLITE_TIMEOUT="1", **RECORDING)
    prepare_database(env)

    @contextlib.contextmanager
    def lock():
        # Another process holds the write lock (WAL readers carry on).
        locker = sqlite3.connect(database, isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            locker.execute("ROLLBACK")
            locker.close()

    with gunicorn(env, workers=1, log_path=tmp_path / "server.log") as base_url:
        check_a_lock_drops_the_record_not_the_answer(
            base_url, tmp_path, lock, lambda sql: sqlite_count(database, sql)
        )


@needs_postgres
def test_a_locked_postgres_table_drops_the_record_not_the_answer(tmp_path):
    with postgres_database() as url:
        env = server_env(url, **RECORDING)
        prepare_database(env)

        @contextlib.contextmanager
        def lock():
            with psycopg.connect(url) as locker:
                locker.execute("LOCK TABLE errors_searchweek IN ACCESS EXCLUSIVE MODE")
                yield
                locker.rollback()

        with gunicorn(env, workers=1, log_path=tmp_path / "server.log") as base_url:
            check_a_lock_drops_the_record_not_the_answer(
                base_url, tmp_path, lock, lambda sql: postgres_count(url, sql)
            )


@pytest.mark.sqlite_file
def test_the_access_log_keeps_no_paste(tmp_path):
    # gunicorn as `make run` starts it (--access-logfile -): the log shows that
    # a search happened, not what was pasted, nor a Referer carrying it.
    env = server_env(f"sqlite:///{tmp_path / 'portal.sqlite3'}", SEARCH_LOG="0")
    prepare_database(env)
    log = tmp_path / "server.log"
    paste, secret = LEAKS[0]
    with gunicorn(
        env, workers=1, log_path=log, extra_args=("--access-logfile", "-")
    ) as base_url:
        quoted = urllib.parse.quote(paste)
        status, _, _ = fetch(
            f"{base_url}/?q={quoted}",
            headers={"Referer": f"{base_url}/?q={quoted}"},
        )
        assert status == 200
        status, _, _ = fetch(f"{base_url}/api/v1/errors/?q={quoted}")
        assert status == 200
    written = log.read_text()
    assert '"GET / HTTP/1.1" 200' in written
    assert '"GET /api/v1/errors/ HTTP/1.1" 200' in written
    assert secret not in written
    assert "sk-" not in written
