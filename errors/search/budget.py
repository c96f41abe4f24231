"""A worker's keep of values by id within a budget of bytes: what the
snapshot keeps per catalogue version (errors.search.entries.EntryCache, the
derived entries; errors.search.rows.RowCache, the rows shown)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

V = TypeVar("V")


class BudgetCache(Generic[V]):
    """Values by key (`key_of`), the least recently used dropped first once
    their estimated size (`size_of`) passes `budget` bytes; a value larger
    than the whole budget is not kept. Shared by a worker's threads."""

    def __init__(
        self,
        budget: int,
        size_of: Callable[[V], int],
        key_of: Callable[[V], Hashable],
    ):
        self.budget = budget
        self._size_of = size_of
        self._key_of = key_of
        self._lock = threading.Lock()
        self._held: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._size = 0

    def __len__(self) -> int:
        return len(self._held)

    @property
    def size(self) -> int:
        """The estimated bytes held."""
        return self._size

    def get(self, keys: Iterable[Hashable]) -> tuple[dict[Hashable, V], list]:
        """(the values held, by key; the keys of those not held)."""
        found: dict[Hashable, V] = {}
        missing: list = []
        with self._lock:
            held = self._held
            for key in keys:
                item = held.get(key)
                if item is None:
                    missing.append(key)
                else:
                    held.move_to_end(key)
                    found[key] = item[0]
        return found, missing

    def put(self, values: Iterable[V]) -> None:
        """Keep these values, dropping the least recently used."""
        sized = [(self._key_of(value), value, self._size_of(value)) for value in values]
        with self._lock:
            for key, value, size in sized:
                if size > self.budget:
                    continue
                old = self._held.pop(key, None)
                if old is not None:
                    self._size -= old[1]
                self._held[key] = (value, size)
                self._size += size
            while self._size > self.budget:
                _, (_, size) = self._held.popitem(last=False)
                self._size -= size
