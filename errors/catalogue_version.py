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

from django.db import connection

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
