"""Runs of a message's words written in a short text, in order, side by side.

A few words typed around a piece of a message (``Maximum voice storage limit
exceeded cosyvoice clone``, ``qwq-plus only support stream mode``) line up
with the message whose words run unbroken in the text better than with one
that shares as many words scattered (``Maximum voice-clone voice limit
exceeded``): the fuzzy alignment scores both on shares of words, and the
product's name beside the piece costs each the same. The longest run
shared, counted in words, is the tie-breaker here (errors.search.ranking).
"""

from __future__ import annotations

from typing import NamedTuple

from errors.search.alternatives import Alternative
from errors.search.text import STOPWORDS, interned_stem

# A text of more words is a paste: its messages are found whole
# (errors.search.templates), and its words are not typed around one.
MAX_TEXT_WORDS = 16
# A run counts from this many words, of which this many are no stopwords.
MIN_RUN = 4
MIN_SAID = 3
# The runs compare stems: stopwords as their stems are too (``please`` is
# ``pleas``, ``does`` is ``doe``).
STOP_STEMS = STOPWORDS | {interned_stem(word) for word in STOPWORDS}


class ShortText(NamedTuple):
    """A short text's words as the runs read them, prepared once a query."""

    stems: tuple[str, ...]  # in order
    pairs: frozenset[tuple[str, str]]  # each two side by side


def short_text(tokens: list[str]) -> ShortText | None:
    """A short text's stems and their pairs; None for a longer text."""
    if not MIN_RUN <= len(tokens) <= MAX_TEXT_WORDS:
        return None
    stems = tuple(interned_stem(token) for token in tokens)
    return ShortText(stems, frozenset(zip(stems, stems[1:], strict=False)))


def longest_run(text: ShortText, alternatives: list[Alternative]) -> int:
    """The most words of one of `alternatives`, in a row, that the short
    text holds in a row: 0 under MIN_RUN, or when fewer than MIN_SAID of
    them are no stopwords."""
    best = 0
    for alternative in alternatives:
        sequence = alternative.stem_sequence
        if (
            len(sequence) < MIN_RUN
            or len(text.pairs & alternative.stem_pairs) < MIN_RUN - 1
        ):
            continue
        best = max(best, _run(text.stems, sequence))
    return best if best >= MIN_RUN else 0


def _run(first: tuple[str, ...], second: tuple[str, ...]) -> int:
    """The longest run both hold in a row, at least MIN_SAID said words."""
    best = 0
    previous = [0] * (len(second) + 1)
    for a in first:
        current = [0] * (len(second) + 1)
        for j, b in enumerate(second):
            if a == b:
                current[j + 1] = previous[j] + 1
                length = current[j + 1]
                if length > best:
                    run = second[j + 1 - length : j + 1]
                    if sum(word not in STOP_STEMS for word in run) >= MIN_SAID:
                        best = length
        previous = current
    return best
