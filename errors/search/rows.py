"""The rows of the entries that searches showed lately, for one version of
the catalogue (errors.search.snapshot keeps a :class:`RowCache` per version).

A page of results is read by id. Through the ORM that costs about 0.4 ms for
twenty rows (compiling the query, converting the dates, building the
instances), more than the rest of the answer around it; building the same
instances from values kept here costs a few microseconds each. Every search
gets new instances, since a search sets `match` on them.

Rows are kept only for the version of the catalogue they were read at or
after, so none is older than its snapshot: any write (a save, an update, an
import, raw SQL) bumps the version, and the next search reads a new snapshot
with no rows. A row read inside a transaction is not kept: rolled back, the
write would take the version back with it, and the next write would bring
back the same version number with other rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter

from django.db import connections
from django.db.models import Model

from errors.search.budget import BudgetCache

# What a worker keeps: the real catalogue's rows take under a megabyte, so
# all of it; of 100,000 entries the rows shown lately (estimated bytes, see
# _estimated_size).
ROW_CACHE_BYTES = 4 * 1024 * 1024


def _estimated_size(values: tuple) -> int:
    """Bytes a row's values hold: text at its length (most of it ASCII)
    plus Python's overhead per object."""
    return 200 + sum(
        60 + len(value) if isinstance(value, str) else 40 for value in values
    )


class RowCache:
    """Rows of one model by id, as the values of its concrete fields, the
    least recently read dropped first once their estimated size passes
    `budget` bytes. Shared by a worker's threads."""

    def __init__(self, model: type[Model], budget: int = ROW_CACHE_BYTES):
        self.model = model
        self.names = [field.attname for field in model._meta.concrete_fields]
        self._pk = self.names.index(model._meta.pk.attname)
        self._values: BudgetCache[tuple] = BudgetCache(
            budget, _estimated_size, key_of=itemgetter(self._pk)
        )

    @property
    def budget(self) -> int:
        return self._values.budget

    def __len__(self) -> int:
        return len(self._values)

    def read(self, queryset, ids: Iterable) -> dict:
        """The rows of `queryset` with these ids, by id, as new instances:
        those kept built from their values, the rest read (and kept). The
        ids must be rows of `queryset` (a search's ranked ids are): a kept
        row is not checked against the queryset's filters again."""
        found, missing = self._values.get(ids)
        model, names, db = self.model, self.names, queryset.db
        entries = {pk: model.from_db(db, names, values) for pk, values in found.items()}
        if missing:
            read = list(queryset.filter(pk__in=missing).order_by())
            entries.update((entry.pk, entry) for entry in read)
            if not connections[db].in_atomic_block:
                self._keep(read)
        return entries

    def read_all(self, queryset) -> None:
        """Read and keep every row of `queryset` (as far as the budget goes)."""
        if not connections[queryset.db].in_atomic_block:
            self._keep(list(queryset.order_by()))

    def _keep(self, entries: list[Model]) -> None:
        rows = (
            tuple(getattr(entry, name) for name in self.names)
            for entry in entries
            if not entry.get_deferred_fields()
        )
        self._values.put(rows)
