"""Is this database ready to serve? For start-up, `/healthz` and `make serve`.

A missing SQLite file must stop the server before it takes traffic, rather
than be created empty (the settings open it with `mode=rw`); a schema behind
the code must be named, with the command that fixes it.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def sqlite_path() -> Path | None:
    """The default database's file, when it is SQLite on disk."""
    database = settings.DATABASES[DEFAULT_DB_ALIAS]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return None
    name = str(database["NAME"])
    if name.startswith("file:"):
        parts = urlsplit(name)
        if "mode=memory" in parts.query:
            return None
        return Path(unquote(parts.path))
    return None if name == ":memory:" else Path(name)


def refuse_missing_database() -> None:
    """Raise at start-up when the SQLite file is not there."""
    path = sqlite_path()
    if path is not None and not path.is_file():
        raise ImproperlyConfigured(
            f"The database file {path} does not exist. Restore it, point "
            "DATABASE_URL at the right one, or create a new one on purpose with "
            "`SQLITE_CREATE=1 python manage.py migrate` (`make run` does)."
        )


def pending_migrations() -> list[str]:
    """Migrations not yet applied to the default database, as "app.name"."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return [
        f"{migration.app_label}.{migration.name}"
        for migration, backwards in executor.migration_plan(targets)
        if not backwards
    ]
