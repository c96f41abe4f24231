"""Typos: the spelling corrector, and the one-edit tests the matching uses.

A misspelt keyword (``arreage``) is looked up as the closest word the
catalogue holds (:func:`vocabulary_corrections`). Two words are one edit
apart when they share a one-deletion variant (SymSpell's test): the fuzzy
alignment of messages and the near-miss check of the ranking ask that.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

# Words shorter than this are never typos (``to``/``do`` are one edit apart):
# they must match exactly, and are never corrected.
TYPO_MIN_LENGTH = 4
# Longer "words" are values (ids, base64, a run of one letter): never a typo,
# and their deletion variants would cost n^2.
TYPO_MAX_LENGTH = 40


def deletes(word: str) -> set[str]:
    """Every string one deletion away from *word*."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=16_384)  # about 10 MB at most
def shared_deletes(word: str) -> tuple[str, ...]:
    """:func:`deletes` as a tuple, one copy per distinct word (the catalogue
    repeats its words a lot)."""
    return tuple(deletes(word))


@lru_cache(maxsize=8192)
def one_edit_keys(word: str) -> frozenset[str]:
    """The word and its one-deletion variants: two words one edit apart share
    one of these."""
    return frozenset({word, *deletes(word)})


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment distance, or more than `limit` once it
    exceeds it.

    What the two share at the start and at the end changes nothing, so it is
    skipped before the table is built: the codes of one family
    (``InvalidParameter.…``) differ in a few letters, and a table over the
    whole of each would cost the length squared per code.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    shortest = min(len(a), len(b))
    start = 0
    while start < shortest and a[start] == b[start]:
        start += 1
    end = 0
    while end < shortest - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return _osa(a[start : len(a) - end], b[start : len(b) - end], limit)


def _osa(a: str, b: str, limit: int) -> int:
    """:func:`edit_distance` by its table, row by row, given up once a row
    exceeds `limit`."""
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        row_min = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous_previous[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


class VocabularyIndex:
    """A vocabulary pre-indexed for fast "closest word within two edits".

    Each word is filed under itself and its one-deletion variants (SymSpell
    style; deleting the first letter is skipped because corrections keep it).
    A look-up generates the term's deletions up to two; when that finds
    nothing it also tries the term's one-edit insertions and substitutions, so
    every word within two edits is reached. Candidates are verified with a true
    (optimal string alignment) edit distance. For 100,000 words: about a
    second to build, some 60-100 MB, and a tenth of a millisecond a look-up
    (a few milliseconds for a term with no near word).
    """

    def __init__(self, vocabulary: Iterable[str]):
        self.words: set[str] = {w.lower() for w in vocabulary if w}
        index: dict[str, Any] = {}
        alphabet: set[str] = set()
        for word in self.words:
            alphabet.update(word)
            keys = {word[:i] + word[i + 1 :] for i in range(1, len(word))}
            keys.add(word)
            for key in keys:
                held = index.get(key)
                if held is None:
                    index[key] = word  # most keys hold one word: no list
                elif isinstance(held, str):
                    index[key] = [held, word]
                else:
                    held.append(word)
        self.index = index
        self.alphabet = "".join(sorted(alphabet))

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word.lower() in self.words

    def __len__(self) -> int:
        return len(self.words)

    def _collect(self, keys: Iterable[str], into: set[str]) -> None:
        index = self.index
        for key in keys:
            held = index.get(key)
            if held is None:
                continue
            if isinstance(held, str):
                into.add(held)
            else:
                into.update(held)

    def closest(self, term: str, max_distance: int = 2) -> str | None:
        """The vocabulary word closest to *term* (None if none within reach)."""
        term = term.lower()
        if not term or term in self.words:
            return term or None
        one = deletes(term)
        keys = {term} | one
        if max_distance >= 2:
            keys |= {d for variant in one for d in deletes(variant)}
        found: set[str] = set()
        self._collect(keys, found)
        best = self._best(term, found, max_distance)
        if best is None and max_distance >= 2:
            # Words the deletion look-up cannot reach (two letters missing
            # from the term, two substitutions): step one edit first.
            found = set()
            for variant in self._edits(term):
                self._collect({variant} | deletes(variant), found)
            best = self._best(term, found, max_distance)
        return best

    def _edits(self, term: str) -> Iterator[str]:
        """One insertion or substitution (not of the first letter)."""
        for i in range(1, len(term) + 1):
            for char in self.alphabet:
                yield term[:i] + char + term[i:]
                if i < len(term) and char != term[i]:
                    yield term[:i] + char + term[i + 1 :]

    @staticmethod
    def _best(term: str, found: set[str], max_distance: int) -> str | None:
        best: tuple[int, int, str] | None = None
        for word in found:
            # Typing slips almost never hit the first letter (save swapping the
            # first two); allowing it turns ``host`` into ``post``.
            if word[0] != term[0] and word[:2] != term[1::-1]:
                continue
            distance = edit_distance(term, word, max_distance)
            if distance > max_distance:
                continue
            key = (distance, abs(len(word) - len(term)), word)
            if best is None or key < best:
                best = key
        return best[2] if best else None


_INDEX_CACHE: list[tuple[Any, int, VocabularyIndex]] = []


def _index_for(vocabulary: Any) -> VocabularyIndex:
    if isinstance(vocabulary, VocabularyIndex):
        return vocabulary
    for held, size, index in _INDEX_CACHE:
        # Identity, not equality: the cache holds the set itself, so its id
        # cannot be reused; a changed size means it was edited.
        if held is vocabulary and size == len(vocabulary):
            return index
    index = VocabularyIndex(vocabulary)
    _INDEX_CACHE.insert(0, (vocabulary, len(vocabulary), index))
    del _INDEX_CACHE[2:]  # the live vocabulary and, briefly, its predecessor
    return index


def vocabulary_corrections(
    terms: Iterable[str], vocabulary: set[str] | frozenset[str] | VocabularyIndex
) -> dict[str, str]:
    """Map each term missing from *vocabulary* to its closest word in it.

    Distance at most 2 edits (1 for words of four or five letters, where two
    edits would reach unrelated words); terms under four letters, or holding
    digits (ids, values), are left alone. Indexing a plain set happens once and
    is cached while the same set object is passed; treat it as immutable, or
    pass a :class:`VocabularyIndex`.
    """
    index = _index_for(vocabulary)
    corrections: dict[str, str] = {}
    for term in terms:
        lower = term.lower()
        if lower in index.words or len(lower) < TYPO_MIN_LENGTH or not lower.isalpha():
            continue
        reach = 1 if len(lower) <= 5 else 2
        best = index.closest(lower, reach)
        if best is not None and best != lower:
            corrections[term] = best
    return corrections


__all__ = [
    "VocabularyIndex",
    "deletes",
    "edit_distance",
    "one_edit_keys",
    "shared_deletes",
    "vocabulary_corrections",
]
