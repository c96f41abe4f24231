"""A real production server process (gunicorn) on loopback, for tests and the
load script: the portal as an operator runs it, not Django's test client."""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_")
        and key not in {"DATABASE_URL", "PYTEST_CURRENT_TEST"}
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback: no redirect to HTTPS, cookies not Secure-only.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_PLAIN_STATIC="1",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, check=True) -> subprocess.CompletedProcess:
    """`python manage.py *args` in env, as an operator runs it; its output as text."""
    return subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=check,
        capture_output=True,
        text=True,
    )


def migrate_and_load(env: dict[str, str]) -> None:
    """Migrate and load the catalogue into the database env points at, as an
    operator does (creating a SQLite file on purpose: it is a throw-away one)."""
    for command in (["migrate", "--noinput", "-v0"], ["load_catalogue"]):
        manage({**env, "SQLITE_CREATE": "1"}, *command)


@functools.cache
def prepared_sqlite_file() -> Path:
    """A SQLite file migrated and loaded once per process, removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="portal-prepared-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "portal.sqlite3"
    migrate_and_load(server_env(f"sqlite:///{path}"))
    return path


def prepare_database(env: dict[str, str]) -> None:
    """A migrated database holding the catalogue where env points: a copy of
    one prepared once per process (two Django start-ups saved per server). A
    SQLite file is copied; a PostgreSQL database is made again from the
    prepared one as its template, where the suite's own database names the
    server to ask and is not the one prepared (else it is migrated and loaded
    in place)."""
    url = env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        source = sqlite3.connect(prepared_sqlite_file())
        target = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    server = os.environ.get("DATABASE_URL", "")
    name = urlsplit(url).path.lstrip("/")
    if not server.startswith("postgres") or name == urlsplit(server).path.lstrip("/"):
        migrate_and_load(env)  # no server to ask, or the one it is asked on
        return
    template = prepared_postgres_database(server)
    on_cluster(
        server,
        f'DROP DATABASE IF EXISTS "{name}"',
        f'CREATE DATABASE "{name}" TEMPLATE "{template}"',
    )


@functools.cache
def prepared_postgres_database(server: str) -> str:
    """A database of the cluster `server` is in, migrated and loaded once per
    process, dropped at exit. Closed to connections once ready: a template
    may have no session while a database is made of it (PostgreSQL ends an
    autovacuum worker's itself)."""
    name = f"test_prepared_{secrets.token_hex(4)}"
    on_cluster(server, f'CREATE DATABASE "{name}"')
    atexit.register(_drop_database, server, name)
    migrate_and_load(server_env(database_url(server, name)))
    on_cluster(server, f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
    return name


def _drop_database(server: str, name: str) -> None:
    with contextlib.suppress(psycopg.Error):
        on_cluster(server, drop_database_sql(name))


def on_cluster(server: str, *statements: str) -> None:
    """Run `statements`, each on its own (CREATE DATABASE runs in no
    transaction), on the PostgreSQL cluster the URL `server` points into."""
    with psycopg.connect(server, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def database_url(server: str, name: str) -> str:
    """The URL of database `name` on the cluster of `server`."""
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


def drop_database_sql(name: str) -> str:
    return f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'


def wait_until_up(
    base_url: str, process: subprocess.Popen, seconds: float = 30
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(base_url + "/healthz", timeout=2).read()
            return
        except urllib.error.HTTPError:
            return  # it answers (a 503 from /healthz is for the test to see)
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not come up")


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str],
    workers: int = 2,
    timeout: int = 30,
    log_path: Path | None = None,
    extra_args: tuple[str, ...] = (),
):
    """Yield the base URL of a gunicorn serving the portal with `env`.

    Its output goes to `log_path` (or nowhere): an unread pipe would stall
    the server once its buffer filled.
    """
    port = free_port()
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            str(timeout),
            "--log-level",
            "warning",
            *extra_args,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url, process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log_path:
            log.close()


def fetch(
    url: str,
    timeout: float = 15,
    method: str = "GET",
    data: bytes | None = None,
    headers=None,
):
    """(status, headers, body) without raising on 4xx/5xx."""
    request = urllib.request.Request(
        url, method=method, data=data, headers=headers or {}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
