"""Consistent copies of the whole database while the portal serves, and back.

SQLite: the online backup API copies the database in one step, inside one
read transaction, so the copy is the database as it was at one instant even
while an admin saves (WAL mode lets the writer carry on meanwhile). Restoring
uses the same API the other way, into the live database.

PostgreSQL: `pg_dump --format=custom` (one repeatable-read transaction: a
consistent snapshot) and `pg_restore --clean --single-transaction`.

Everything is copied: entries, products, history, old slugs, users, the
search index and the triggers that keep it and the catalogue version.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    pass


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: $PG_BIN, the PATH, or Debian's versioned folder."""
    if os.environ.get("PG_BIN"):
        return str(Path(os.environ["PG_BIN"]) / name)
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]),
    )
    if not versions:
        raise BackupError(f"{name} not found: install PostgreSQL's client tools")
    return versions[-1]


def pg_environment() -> dict[str, str]:
    """libpq variables for the database Django uses (no password on a command line)."""
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if settings.get(key):
            env[variable] = str(settings[key])
    return env


def run(command: list[str]) -> None:
    result = subprocess.run(
        command, env=pg_environment(), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")


def backup(path: Path) -> None:
    """Write a consistent copy of the whole database to `path` (atomically:
    a partial file never carries the final name)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"No such folder: {path.parent}")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        run(
            [
                pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(partial),
            ]
        )
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    partial.replace(path)


def restore(path: Path) -> None:
    """Replace the whole database with the copy at `path`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No such file: {path}")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        connection.close()  # pg_restore --clean drops what this session may hold
        run(
            [
                pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                connection.settings_dict["NAME"],
                str(path),
            ]
        )
    else:
        raise BackupError(f"no restore for {connection.vendor}")
