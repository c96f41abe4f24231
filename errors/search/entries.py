"""A catalogue entry as the ranking sees it, and what the ranking derives
from it once: its compiled message, keyword stems and codes.

The derived data is cached per entry's text across searches (compiling a
message costs about 0.6 ms; a search ranks up to 300 entries), so an entry
is compiled on first sight and then only looked up.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from errors.search.templates import MessagePattern, compile_pattern
from errors.search.text import (
    STOPWORDS,
    interned_stem,
    interned_words,
    normalise_text,
    without_urls,
    words,
)

# Field weights for keyword relevance: the message and code say what the error
# is; cause and solution mention many related words.
FIELD_WEIGHTS = (("message", 1.0), ("code", 1.0), ("cause", 0.6), ("solution", 0.35))
# Per-entry derived data kept (6-10 KB each with its compiled message; about
# 0.6 ms to build on first sight). Lower it to trade CPU for memory.
ENTRY_CACHE_SIZE = 20_000  # ~9 KB each: bounds a worker near 200 MB at 100k entries


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
    """Per-entry data derived once (cached across queries)."""

    pattern: MessagePattern
    keywords: dict[str, float]  # stem -> best field weight
    message_terms: frozenset[str]  # stems of message and code
    alternative_stems: tuple[frozenset[str], ...]  # per alternative, no stopwords
    key_words: tuple[str, ...]  # each alternative's rarest word ("" if none)
    vocabulary: frozenset[str]  # every token of the message (for containment)
    codes: tuple[tuple[str, str], ...]  # (as written, lower-cased) code and aliases
    code_set: frozenset[str]  # the lower-cased codes
    code_prefixes: frozenset[str]  # dotted prefixes of the codes, lower-cased


def info_of(candidate: Candidate) -> EntryInfo:
    """What the ranking knows of *candidate* (cached by its text)."""
    return entry_info(
        candidate.message,
        candidate.code,
        tuple(candidate.aliases),
        candidate.cause,
        candidate.solution,
    )


@lru_cache(maxsize=ENTRY_CACHE_SIZE)
def entry_info(
    message: str, code: str, aliases: tuple[str, ...], cause: str, solution: str
) -> EntryInfo:
    fields = {
        "message": without_urls(normalise_text(message)),
        "code": " ".join((code, *aliases)),
        "cause": without_urls(normalise_text(cause)),
        "solution": without_urls(normalise_text(solution)),
    }
    keywords: dict[str, float] = {}
    for name, weight in FIELD_WEIGHTS:
        for word in interned_words(fields[name]):
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
        pattern=pattern,
        keywords=keywords,
        message_terms=message_terms,
        alternative_stems=alternative_stems,
        key_words=tuple(a.key_word for a in pattern.alternatives),
        vocabulary=frozenset(interned_words(fields["message"])),
        codes=codes,
        code_set=frozenset(lower for _, lower in codes),
        code_prefixes=frozenset(prefixes),
    )
