"""The catalogue's version: a counter the database bumps on every write.

Every public answer depends on the catalogue as a whole (entries, products,
their links, old slugs), so caches revalidate against this one number. It is
kept by triggers (migration 0005), not by Django signals, so that nothing can
write around it: a save, `QuerySet.update()`, `bulk_create`, a raw SQL import
or a shell script all bump it, on SQLite and on PostgreSQL alike.

The counter is a row in a table, not a sequence: it commits with the write, so
a reader never sees a new version next to the old rows. Views read it before
the data, so a race gives at worst a body newer than its tag, which the next
request corrects; never an old body under a new tag.
"""

import time

from django.db import DEFAULT_DB_ALIAS, connection, connections

from errors.models import CatalogueVersion

# The tables whose rows the public answers show.
TRACKED_TABLES = (
    "errors_errorentry",
    "errors_product",
    "errors_errorentry_products",
    "errors_slugredirect",
)


def current() -> int:
    """The counter now (0 if the row is missing, e.g. a half-restored database)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT counter FROM {CatalogueVersion._meta.db_table} WHERE id = 1"
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def restore_row(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """After `migrate` and `flush` (post_migrate): the counter's row exists.

    `flush` empties every table, this one too, and with the row gone the
    triggers have nothing to bump: the version would read 0 for ever and no
    process would see a write again. The row comes back with a counter no
    process can have seen (microseconds since the epoch, far above any count
    of writes), so nothing kept for an old version is taken for current."""
    table = CatalogueVersion._meta.db_table
    if table not in connections[using].introspection.table_names():
        return  # migrated back to before the counter existed
    CatalogueVersion.objects.using(using).get_or_create(
        pk=1, defaults={"counter": time.time_ns() // 1000}
    )
