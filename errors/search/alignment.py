"""Fuzzy alignment: how well a text lines up with a documented message word
by word, in order, one typo per word allowed (``shuold``), another number in
place of a documented one counting partly.

The ranking uses it for reworded or misspelt messages, where the exact
template match of errors.search.templates finds nothing.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from errors.search.alternatives import Alternative, same_number
from errors.search.text import NormText

# A fuzzy word (one edit away) counts this much of an exact one, and another
# number in place of a documented one this much.
FUZZY_WORD_WEIGHT = 0.8
OTHER_NUMBER_WEIGHT = 0.85
# How far apart (in tokens) consecutive words of a message may be found, and
# how many more tokens each placeholder's value may take between them.
WORD_GAP = 3
VALUE_GAP = 8
# Text positions an alignment may start from (where the first words occur).
MAX_ANCHORS = 4


@dataclass
class Alignment:
    """How well a text lines up with a message word by word (fuzzy)."""

    recall: float  # share of the message's literal words found, in order (typos
    # and other numbers count partly)
    precision: float  # share of the text's tokens explained by the message
    alternative: str = ""

    @property
    def f1(self) -> float:
        total = self.recall + self.precision
        return 0.0 if total <= 0 else 2 * self.recall * self.precision / total


def _occurrences(
    alternative: Alternative, norm: NormText
) -> list[list[tuple[int, float]]]:
    """For each element, the sorted text positions holding it, with weights.

    Exact occurrences weigh 1.0; one-edit ones (via shared deletion variants)
    ``FUZZY_WORD_WEIGHT``. Placeholders get an empty list. Each word's list is
    made once per text: the alternatives aligned with it share their words.
    """
    memo = norm.occurrence_memo
    result: list[list[tuple[int, float]]] = []
    for element, variants in zip(
        alternative.elements, alternative.word_deletes, strict=True
    ):
        kind = element.kind
        if kind != "word" and kind != "num":
            result.append([])
            continue
        key = (kind, element.text)
        places = memo.get(key)
        if places is None:
            if kind == "num":
                places = _number_places(element.text, norm)
            else:
                places = _word_places(element.text, variants, norm)
            memo[key] = places
        result.append(places)
    return result


def _number_places(number: str, norm: NormText) -> list[tuple[int, float]]:
    """Any number fits a documented one, the documented one best."""
    tokens = norm.tokens
    return [
        (p, 1.0 if same_number(number, tokens[p]) else OTHER_NUMBER_WEIGHT)
        for p in norm.number_positions
    ]


def _word_places(
    word: str, variants: tuple[str, ...], norm: NormText
) -> list[tuple[int, float]]:
    positions = norm.positions
    exact = positions.get(word, ())  # ascending
    deletes = norm.delete_positions if variants else {}
    if not deletes:
        return [(position, 1.0) for position in exact]
    fuzzy: set[int] = set(deletes.get(word, ()))
    # Only the variants the text holds cost a look-up (one C-level
    # intersection instead of two dict look-ups per variant).
    for variant in norm.variant_keys.intersection(variants):
        fuzzy.update(positions.get(variant, ()))
        fuzzy.update(deletes.get(variant, ()))
    fuzzy.difference_update(exact)
    if not fuzzy:
        return [(position, 1.0) for position in exact]
    found = dict.fromkeys(exact, 1.0)
    found.update(dict.fromkeys(fuzzy, FUZZY_WORD_WEIGHT))
    return sorted(found.items())


def align(alternative: Alternative, norm: NormText) -> Alignment:
    """How *norm* lines up with *alternative*: a greedy in-order alignment,
    tried from a few anchor positions."""
    total = alternative.literal_count
    n = len(norm.tokens)
    if not total or not n:
        return Alignment(0.0, 0.0, alternative.text)
    occurrences = _occurrences(alternative, norm)
    # Anchor on where the message's first few literal words occur, so junk
    # before the message cannot pull the alignment off course.
    anchors: set[int] = set()
    seen_literals = 0
    for element, places in zip(alternative.elements, occurrences, strict=True):
        if element.kind not in ("word", "num"):
            continue
        anchors.update(p for p, _ in places[:MAX_ANCHORS])
        seen_literals += 1
        if seen_literals >= 3:
            break
    best = Alignment(0.0, 0.0, alternative.text)
    for anchor in sorted(anchors)[: MAX_ANCHORS * 2]:
        alignment = _align_from(alternative, occurrences, n, anchor, total)
        if alignment.f1 > best.f1:
            best = alignment
    return best


def _align_from(
    alternative: Alternative,
    occurrences: list[list[tuple[int, float]]],
    n: int,
    anchor: int,
    total: int,
) -> Alignment:
    matched = 0.0
    explained = 0.0
    position = anchor  # next usable text token
    last = -1  # last matched text token
    pending_values = 0  # placeholders since the last literal element
    previous_matched = True  # was the literal before those placeholders found?
    for element, places in zip(alternative.elements, occurrences, strict=True):
        if element.kind in ("ph", "url"):
            pending_values += 1
            continue
        i = bisect_left(places, (position, -1.0))
        if i >= len(places):
            previous_matched = False
            pending_values = 0
            continue
        where, weight = places[i]
        if last >= 0:
            gap = where - last - 1
            if gap > WORD_GAP + VALUE_GAP * pending_values:
                previous_matched = False
                pending_values = 0
                continue
            # Tokens between two found words are a placeholder's value only
            # when the words around the placeholder were both found.
            if pending_values and previous_matched:
                explained += min(gap, VALUE_GAP * pending_values)
        matched += weight
        explained += weight
        last = where
        position = where + 1
        pending_values = 0
        previous_matched = True
    if pending_values and previous_matched and last >= 0:
        explained += min(n - last - 1, VALUE_GAP * pending_values)
    return Alignment(matched / total, min(1.0, explained / n), alternative.text)
