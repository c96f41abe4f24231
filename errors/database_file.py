"""Kept SQLite connections follow the database file.

Each server thread keeps its SQLite connection (CONN_MAX_AGE): opening one
per request cost about a millisecond. A kept connection would go on
answering from its page cache after the file was deleted, replaced or
overwritten behind the server's back, which SQLite cannot notice through the
shared-memory file that went with it. So a new connection notes the file it
found, and before each request the file is looked at (one stat): when it is
gone, or is not the file the connection found (another inode, size or
modification time), the connection is closed and the request opens a fresh
one, which sees the file as it is (and a broken one answers 503, errors.web.failures). A checkpoint of
the server's own writes changes the file too: that costs one reconnection.
"""

from __future__ import annotations

import os
import threading
from urllib.parse import unquote, urlsplit

from django.db import connection

# Per thread (Django's connections are per thread): the driver's connection
# last seen, and the file it found.
_seen = threading.local()


def database_path(name: str) -> str | None:
    """The file a SQLite NAME (a path or a file: URI) opens; None in memory."""
    if ":memory:" in name or "mode=memory" in name:
        return None
    if name.startswith("file:"):
        return unquote(urlsplit(name).path)
    return name


def file_identity(path: str) -> tuple[int, int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


def remember_new_connection(sender, connection, **kwargs) -> None:
    """connection_created: note the file a new SQLite connection found. Noted
    at the next request instead, a connection opened during a request would
    take a file replaced after it for its own, and answer from its cache."""
    if connection.vendor != "sqlite":
        return
    path = database_path(str(connection.settings_dict["NAME"]))
    if path is not None:
        _seen.driver = connection.connection
        _seen.identity = file_identity(path)


def follow_database_file(**kwargs) -> None:
    """request_started: close this thread's SQLite connection when its file
    is not the one it found."""
    driver = connection.connection
    if connection.vendor != "sqlite" or driver is None:
        return
    path = database_path(str(connection.settings_dict["NAME"]))
    if path is None:
        return
    # A connection nobody noted (remember_new_connection) is not trusted.
    noted = getattr(_seen, "driver", None) is driver
    identity = file_identity(path)
    if not noted or identity is None or identity != _seen.identity:
        connection.close()
