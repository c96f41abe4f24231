"""A catalogue entry as the ranking sees it, and what the ranking derives
from it: its compiled message, keyword stems and codes.

Deriving costs a few tenths of a millisecond an entry and a search ranks up
to 300, so searches keep what they derived in an :class:`EntryCache`: by id,
for one version of the catalogue (errors.search.snapshot), bounded by an
estimate of its size in bytes. On the real catalogue every entry fits; at
100,000 entries the entries ranked recently stay and the rest are derived
again when a search needs them, so a worker's memory stays bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from errors.search.budget import BudgetCache
from errors.search.templates import MessagePattern, compile_pattern
from errors.search.text import (
    STOPWORDS,
    interned_stem,
    interned_words,
    joined_words,
    keyword_text,
    names_in,
    normalise_text,
    without_urls,
    words,
)

# Field weights for keyword relevance: the message and code say what the error
# is; cause and solution mention many related words.
FIELD_WEIGHTS = (("message", 1.0), ("code", 1.0), ("cause", 0.6), ("solution", 0.35))
# Fields whose camelCase words also count whole (``WorkSpace`` as
# ``workspace``, the way a user types it; errors.search.text.joined_words).
JOINED_FIELDS = frozenset({"message", "code"})
# What a worker keeps of derived entries (estimated, see _estimated_size):
# the real catalogue whole many times over, some thousands of entries of a
# large one. Lower it to trade CPU for memory.
ENTRY_CACHE_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Candidate:
    """An entry as the ranking sees it."""

    id: Any
    status: int | None
    code: str
    aliases: tuple[str, ...]
    message: str
    cause: str = ""
    solution: str = ""


@dataclass
class EntryInfo:
    """What the ranking derives from an entry."""

    id: Any
    status: int | None
    pattern: MessagePattern
    keywords: dict[str, float]  # stem -> best field weight
    message_terms: frozenset[str]  # stems of message and code
    alternative_stems: tuple[frozenset[str], ...]  # per alternative, no stopwords
    key_words: tuple[str, ...]  # each alternative's rarest word ("" if none)
    vocabulary: frozenset[str]  # every token of the message (for containment)
    codes: tuple[tuple[str, str], ...]  # (as written, lower-cased) code and aliases
    code_set: frozenset[str]  # the lower-cased codes
    code_prefixes: frozenset[str]  # dotted prefixes of the codes, lower-cased
    # The documented message is only the code (``FILE_DOWNLOAD_FAILED``): the
    # code is all the documentation says of the error. (A code written as a
    # sentence, ``invalid access token or token expired``, is one too; no
    # paste names it as a code, so it makes no difference there.)
    code_only: bool = False
    # The parameter names its message gives (``max_tokens``), lower-cased.
    names: frozenset[str] = frozenset()


def other_status(info: EntryInfo, statuses) -> bool:
    """Whether a text naming these statuses names none of the entry's (an
    entry with no status contradicts none)."""
    return bool(statuses) and info.status is not None and info.status not in statuses


def info_of(candidate: Candidate) -> EntryInfo:
    """What the ranking knows of *candidate* (cached by its value, for callers
    that rank the same candidates many times: tests, the evaluation)."""
    return _cached_info(candidate)


@lru_cache(maxsize=1024)
def _cached_info(candidate: Candidate) -> EntryInfo:
    return derive(candidate)


def derive(candidate: Candidate) -> EntryInfo:
    """What the ranking reads of *candidate*, derived afresh."""
    message, code, aliases = candidate.message, candidate.code, candidate.aliases
    fields = {
        "message": without_urls(normalise_text(message)),
        "code": " ".join((code, *aliases)),
        "cause": keyword_text(normalise_text(candidate.cause)),
        "solution": keyword_text(normalise_text(candidate.solution)),
    }
    keywords: dict[str, float] = {}
    for name, weight in FIELD_WEIGHTS:
        found = interned_words(fields[name])
        if name in JOINED_FIELDS:
            found += joined_words(fields[name])
        for word in found:
            term = interned_stem(word)
            if keywords.get(term, 0.0) < weight:
                keywords[term] = weight
    message_terms = frozenset(t for t, w in keywords.items() if w >= 1.0)
    pattern = compile_pattern(message)
    alternative_stems = tuple(
        frozenset(interned_stem(w) for w in words(a.text) if w not in STOPWORDS)
        for a in pattern.alternatives
    )
    codes = tuple((c, c.lower()) for c in (code, *aliases) if c)
    prefixes = {
        lower[:i] for _, lower in codes for i, ch in enumerate(lower) if ch == "."
    }
    return EntryInfo(
        id=candidate.id,
        status=candidate.status,
        pattern=pattern,
        keywords=keywords,
        message_terms=message_terms,
        alternative_stems=alternative_stems,
        key_words=tuple(a.key_word for a in pattern.alternatives),
        vocabulary=frozenset(interned_words(fields["message"])),
        codes=codes,
        code_set=frozenset(lower for _, lower in codes),
        code_prefixes=frozenset(prefixes),
        code_only=message.strip().rstrip(".").lower() in {c for _, c in codes},
        names=names_in(fields["message"]),
    )


def _estimated_size(info: EntryInfo) -> int:
    """Bytes an entry's derived data holds once the ranking has used all of
    it, compiled expressions included: fitted to tracemalloc's figures on the
    real catalogue and on synthetic entries (about 11 KB an entry)."""
    elements = sum(len(a.elements) for a in info.pattern.alternatives)
    return 4500 + 100 * len(info.keywords) + 250 * elements


class EntryCache(BudgetCache[EntryInfo]):
    """Derived entries by id, the least recently ranked dropped first once
    their estimated size passes `budget` bytes. Shared by a worker's threads;
    valid for one version of the catalogue (errors.search.snapshot holds it)."""

    def __init__(self, budget: int = ENTRY_CACHE_BYTES):
        super().__init__(budget, _estimated_size, key_of=_entry_id)


def _entry_id(info: EntryInfo) -> Any:
    return info.id
