"""The catalogue as this process's searches know it, for one version.

A search first reads the catalogue's version (errors.catalogue_version: one
row the database bumps on every write, whoever makes it) and then uses the
:class:`Snapshot` of that version: what searches learnt of the catalogue as a
whole, built on first use and dropped as soon as the version moves, so no
search reads an older catalogue than the version it read.

- the number of entries (a small catalogue needs no probe for common words);
- what the facets count of each entry (status, category, advice, products:
  :class:`Facts`): facet counts over any set of ids and the API's product
  lists, without a query;
- the indexed words, for typo correction and search-as-you-type;
- the derived ranking data of the entries ranked lately
  (errors.search.entries.EntryCache), bounded in bytes;
- the rows of the entries shown lately (errors.search.rows.RowCache),
  bounded in bytes; a small catalogue's rows all at once.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from errors import catalogue_version
from errors.models import ErrorEntry, Product, split_aliases
from errors.search.entries import EntryCache
from errors.search.families import FamilyNames, load_family_names
from errors.search.rows import RowCache
from errors.search.text import index_words
from errors.search.typos import VocabularyIndex

T = TypeVar("T")
# Ids are kept in an array indexed by id while they are this dense (an
# autoincrement key); a sparser set of ids goes into a dict.
DENSE_IDS = 8


# A catalogue of at most this many entries has its rows read whole, in one
# query, the first time a page needs one (some 6 ms for the real one, well
# within the row cache's bytes); a larger one row by row as pages show them.
ROWS_READ_WHOLE = 2000
# Codes looked through for a mistyped one (errors.search.typed): a bound on
# that work and on memory; the real catalogue has a few hundred.
MAX_CODES = 5000


# The fields a facet counts entries by, besides their products.
FACET_FIELDS = ("status", "category", "retryable", "who_acts")


@dataclass(frozen=True)
class Profile:
    """What the facets count of an entry."""

    values: tuple  # of FACET_FIELDS, in order
    products: tuple[tuple[str, str], ...]  # (slug, name), as the API lists them


class Facts:
    """What the facets count of each entry, as profile numbers: a catalogue
    has few distinct profiles, so 100,000 entries take a few hundred
    kilobytes, and counting a set of ids is one pass in C."""

    def __init__(self, profile_of: array | dict[int, int], profiles: list[Profile]):
        self._profile_of = profile_of
        self._profiles = profiles  # index 0: no entry

    def profile(self, pk: int) -> Profile | None:
        try:
            return self._profiles[self._profile_of[pk]] or None
        except (IndexError, KeyError):
            return None

    @cached_property
    def statuses(self) -> frozenset[int]:
        """The HTTP statuses the catalogue documents."""
        at = FACET_FIELDS.index("status")
        return frozenset(
            p.values[at] for p in self._profiles if p and p.values[at] is not None
        )

    def counts(self, ids: Iterable[int]) -> tuple[dict[str, Counter], Counter] | None:
        """Entries per value of each of FACET_FIELDS, and per (slug, name)
        product; None when an id is not one this snapshot knows (an entry
        written since: the caller counts in the database instead)."""
        try:
            per_profile = Counter(map(self._profile_of.__getitem__, ids))
        except (IndexError, KeyError, TypeError):
            return None
        if per_profile.get(0):
            return None
        fields: dict[str, Counter] = {name: Counter() for name in FACET_FIELDS}
        products: Counter = Counter()
        for index, count in per_profile.items():
            profile = self._profiles[index]
            for name, value in zip(FACET_FIELDS, profile.values, strict=True):
                fields[name][value] += count
            for product in profile.products:
                products[product] += count
        return fields, products

    def all_counts(self) -> tuple[dict[str, Counter], Counter]:
        """:meth:`counts` over the whole catalogue."""
        ids = (
            self._profile_of.keys()
            if isinstance(self._profile_of, dict)
            else (pk for pk, index in enumerate(self._profile_of) if index)
        )
        empty = {name: Counter() for name in FACET_FIELDS}
        return self.counts(ids) or (empty, Counter())


def load_facts() -> Facts:
    # Products in the database's own order (its collation), as the API
    # has always listed them.
    products = {
        pk: (position, slug, name)
        for position, (pk, slug, name) in enumerate(
            Product.objects.order_by("name", "slug").values_list("id", "slug", "name")
        )
    }
    linked: dict[int, list[tuple[int, str, str]]] = {}
    links = ErrorEntry.products.through.objects.values_list(
        "errorentry_id", "product_id"
    )
    for entry_id, product_id in links.iterator(chunk_size=10_000):
        if product_id in products:
            linked.setdefault(entry_id, []).append(products[product_id])
    rows = list(ErrorEntry.objects.order_by().values_list("id", *FACET_FIELDS))
    numbers: dict[Profile, int] = {}
    top = max((row[0] for row in rows), default=0)
    profile_of: array | dict[int, int]
    if top <= DENSE_IDS * len(rows) + 1024:
        profile_of = array("I", bytes(4 * (top + 1)))
    else:
        profile_of = {}
    for pk, *values in rows:
        chosen = tuple((slug, name) for _, slug, name in sorted(linked.get(pk, ())))
        profile = Profile(tuple(values), chosen)
        profile_of[pk] = numbers.setdefault(profile, len(numbers) + 1)
    profiles: list = [None] * (len(numbers) + 1)
    for profile, number in numbers.items():
        profiles[number] = profile
    return Facts(profile_of, profiles)


def load_vocabulary() -> set[str]:
    """Words of codes and messages (not the long solutions: typos are made
    in what users paste, which is mostly messages)."""
    words: set[str] = set()
    for code, aliases, message in ErrorEntry.objects.values_list(
        "code", "aliases", "message"
    ).iterator(chunk_size=5000):
        words.update(index_words(f"{code} {aliases} {message}"))
    # Words with digits (ids, sizes, versions) are never typo targets.
    return {
        word
        for word in words
        if len(word) >= 3 and not any(ch.isdigit() for ch in word)
    }


def load_codes() -> dict[str, str] | None:
    # Two queries: DISTINCT over the indexed code column alone is cheap, and
    # most entries have no aliases.
    codes: dict[str, str] = {}
    columns = (
        ErrorEntry.objects.values_list("code", flat=True).distinct(),
        ErrorEntry.objects.exclude(aliases="")
        .values_list("aliases", flat=True)
        .distinct(),
    )
    for split, rows in zip((False, True), columns, strict=True):
        for value in rows.order_by().iterator(chunk_size=5000):
            for spelling in split_aliases(value) if split else (value,):
                if spelling:
                    codes.setdefault(spelling.lower(), spelling)
            if len(codes) > MAX_CODES:
                return None
    return codes


def spelt_codes(codes: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Snapshot.spelt_codes from the codes (lower-cased to their spelling):
    a key is the index's words of a code run together."""
    whole: dict[str, set[str]] = {}
    last: dict[str, set[str]] = {}
    for lower in codes:
        whole.setdefault("".join(index_words(lower)), set()).add(lower)
        if "." in lower:
            part = "".join(index_words(lower.rsplit(".", 1)[1]))
            last.setdefault(part, set()).add(lower)
    spelt = {key: found for key, found in last.items() if key}
    spelt.update(whole)
    return {
        key: tuple(sorted(codes[lower] for lower in found))
        for key, found in spelt.items()
    }


def dotted_codes(codes: dict[str, str]) -> dict[str, list[tuple[list[str], str]]]:
    """Snapshot.dotted_codes from the codes (lower-cased to their spelling):
    each dotted code's parts as it spells them, and its spelling, by its
    last part, where that part is no code of its own."""
    found: dict[str, list[tuple[list[str], str]]] = {}
    for lower, spelling in codes.items():
        parts = spelling.split(".")
        if len(parts) > 1 and lower.rsplit(".", 1)[1] not in codes:
            found.setdefault(parts[-1], []).append((parts, spelling))
    return found


# Characters a font, OCR or a hurried hand confuse: ``FILE_4O3_FORBlDDEN``.
LOOKALIKES = str.maketrans("01i", "oll")


def lookalike_codes(codes: dict[str, str]) -> dict[str, str]:
    """Snapshot.lookalike_codes from the codes (lower-cased to their
    spelling)."""
    found: dict[str, set[str]] = {}
    for lower, spelling in codes.items():
        found.setdefault(lower.translate(LOOKALIKES), set()).add(spelling)
    return {
        key: next(iter(spellings))
        for key, spellings in found.items()
        if len(spellings) == 1
    }


class Snapshot:
    """What this process knows of one version of the catalogue; each part
    is loaded on first use, once, whichever thread asks first."""

    def __init__(self, version: int):
        self.version = version
        self.entries = EntryCache()
        # Reentrant: a part may be built from another (the sorted words from
        # the typo index).
        self._lock = threading.RLock()
        self._parts: dict[str, object] = {}

    def _part(self, name: str, build: Callable[[], T]) -> T:
        part = self._parts.get(name)
        if part is None:
            with self._lock:
                part = self._parts.get(name)
                if part is None:
                    part = self._parts[name] = build()
        return part  # type: ignore[return-value]

    def entry_count(self) -> int:
        return self._part("count", ErrorEntry.objects.count)

    def facts(self) -> Facts:
        return self._part("facts", load_facts)

    def families(self) -> FamilyNames:
        """The model families' names (errors.search.families)."""
        return self._part("families", load_family_names)

    def rows(self) -> RowCache:
        """The rows of the entries pages show (errors.search.rows)."""
        return self._part("rows", self._load_rows)

    def _load_rows(self) -> RowCache:
        rows = RowCache(ErrorEntry)
        if self.entry_count() <= ROWS_READ_WHOLE:
            rows.read_all(ErrorEntry.objects.all())
        return rows

    def typo_index(self) -> VocabularyIndex:
        """The indexed words, ready for typo correction."""
        return self._part("typos", lambda: VocabularyIndex(load_vocabulary()))

    def codes(self) -> dict[str, str] | None:
        """Every code and alias, lower-cased, to its spelling; None when
        there are more than MAX_CODES (a typo is then not looked for)."""
        return self._part("codes", load_codes)

    def lookalike_codes(self) -> dict[str, str]:
        """The codes by their look-alike form (LOOKALIKES: ``0`` as ``o``,
        ``1`` and ``i`` as ``l``), where only one code has it."""
        return self._part("lookalike", lambda: lookalike_codes(self.codes() or {}))

    def spelt_codes(self) -> dict[str, tuple[str, ...]]:
        """The codes each run of letters and digits spells (``InvalidFile.FPS``
        as ``invalidfilefps`` and, failing a whole code, ``fps``): the key of a
        whole code or of its last dotted part to its spellings, whole codes
        only where a key spells both."""
        return self._part("spelt", lambda: spelt_codes(self.codes() or {}))

    def dotted_codes(self) -> dict[str, list[tuple[list[str], str]]]:
        """The dotted codes, by their last part as spelt (``Unpurchased``:
        the parts of ``AccessDenied.Unpurchased``), where it is no code of
        its own."""
        return self._part("dotted", lambda: dotted_codes(self.codes() or {}))

    def words(self) -> set[str]:
        return self.typo_index().words

    def completions(self, prefix: str, limit: int = 8) -> list[str]:
        """Indexed words that start with `prefix`, shortest first."""
        ordered = self._part("sorted", lambda: sorted(self.words()))
        found = []
        for word in ordered[bisect_left(ordered, prefix) :]:
            if not word.startswith(prefix) or len(found) >= 64:
                break
            if word != prefix:
                found.append(word)
        return sorted(found, key=lambda word: (len(word), word))[:limit]


_lock = threading.Lock()
_current: Snapshot | None = None


def current() -> Snapshot:
    """The snapshot of the catalogue's version now (one row read)."""
    global _current
    version = catalogue_version.current()
    held = _current
    if held is not None and held.version == version:
        return held
    with _lock:
        if _current is None or _current.version != version:
            _current = Snapshot(version)
        return _current


def clear() -> None:
    """Forget everything (tests roll the database, and its version, back)."""
    global _current
    with _lock:
        _current = None
