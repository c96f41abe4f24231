"""Admin sign-ins for one username from one address, one at a time.

django-axes checks the lock-out before the password and counts a failure
after it, so wrong passwords sent at the same moment were all checked (24 at
once: 18-20 checks where the limit is 5). This middleware makes the check,
the password and the count one step per (username, address) pair: an attempt
waits for the one before it to be answered and counted, and then finds the
pair locked. Other pairs, and every other request, are not held up.

- PostgreSQL: a transaction-scoped advisory lock on the pair's key, taken
  before the login view runs; the view's writes (axes' count) commit with the
  transaction that holds it.
- SQLite: an exclusive flock() on one of STRIPES files beside the database.
  Not a database lock: holding SQLite's single write lock through a password
  hash would hold up every write of the site. The view runs in autocommit,
  so the count is committed before the file is unlocked.
- SQLite in memory (the tests' database): a per-process lock per stripe.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from django.db import OperationalError, connection, transaction
from django.urls import get_script_prefix, reverse

from errors.database_file import database_path
from errors.web.guards import client_address, refuse

STRIPES = 64  # pairs share a gate only when their keys fall in one stripe
WAIT_SECONDS = 20  # then 503: a queue this long is an attack, not a person
POLL_SECONDS = 0.02
_local_locks = [threading.Lock() for _ in range(STRIPES)]


@lru_cache(maxsize=16)
def login_path(script_prefix: str) -> str:
    return reverse("admin:login")


def pair_key(username: str, address: str) -> bytes:
    return hashlib.sha256(f"{username}\0{address}".encode()).digest()


class LoginGateMiddleware:
    """POSTs to the admin's login page go through the pair's gate."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or request.path != login_path(get_script_prefix()):
            return self.get_response(request)
        key = pair_key(request.POST.get("username", "")[:300], client_address(request))
        try:
            with gate(key):
                return self.get_response(request)
        except TimeoutError:
            return refuse(
                request, 503, "busy", "Too many sign-ins at once; try again shortly."
            )


@contextmanager
def gate(key: bytes):
    """Hold the gate of the pair whose key this is; TimeoutError past
    WAIT_SECONDS."""
    if connection.vendor == "postgresql":
        with _advisory_lock(key):
            yield
        return
    stripe = key[0] % STRIPES
    folder = gate_folder(str(connection.settings_dict["NAME"]))
    if folder is None:
        lock = _local_locks[stripe]
        if not lock.acquire(timeout=WAIT_SECONDS):
            raise TimeoutError
        try:
            yield
        finally:
            lock.release()
        return
    folder.mkdir(exist_ok=True)
    # A descriptor of its own per attempt: flock() then serialises the
    # threads of one process too, not only processes. Closing it unlocks.
    descriptor = os.open(folder / f"{stripe:02d}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _flock(descriptor, WAIT_SECONDS):
            raise TimeoutError
        yield
    finally:
        os.close(descriptor)


@contextmanager
def _advisory_lock(key: bytes):
    """PostgreSQL: a transaction holding the pair's advisory lock."""
    with transaction.atomic():
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('lock_timeout', %s, true)",
                    [f"{WAIT_SECONDS}s"],
                )
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s)",
                    [int.from_bytes(key[:8], "big", signed=True)],
                )
        except OperationalError as waited_too_long:
            raise TimeoutError from waited_too_long
        yield


def gate_folder(name: str) -> Path | None:
    path = database_path(name)
    return None if path is None else Path(path + ".login-gates")


def _flock(descriptor: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS)
