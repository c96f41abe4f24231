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
from errors.search.text import NormText, interned_stem

# A fuzzy word (one edit away) counts this much of an exact one, and another
# number in place of a documented one this much.
FUZZY_WORD_WEIGHT = 0.8
OTHER_NUMBER_WEIGHT = 0.85
# How far apart (in tokens) consecutive words of a message may be found, and
# how many more tokens each placeholder's value may take between them.
WORD_GAP = 3
VALUE_GAP = 8
# A word found after skipped tokens that no placeholder explains counts this
# much less per token skipped: ``workspace access denied`` lines up with
# ``Workspace access denied.`` better than ``app … access denied`` does with
# ``App access denied.``.
SKIP_COST = 0.02
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


# Where a literal occurs in a text: its token positions, ascending, and the
# weight of each.
Places = tuple[list[int], list[float]]


def _occurrences(alternative: Alternative, norm: NormText) -> list[Places]:
    """For each literal element (Alternative.literals), where the text holds
    it.

    Exact occurrences weigh 1.0; one-edit ones (via shared deletion variants)
    ``FUZZY_WORD_WEIGHT``. Each literal's places are found once per text: the
    alternatives aligned with it share their words. (A word and a number
    never have the same text, so the text and, for a number, whether it is
    an error code are the memo's key.)
    """
    memo = norm.occurrence_memo
    result: list[Places] = []
    for text, kind, variants, _ in alternative.literals:
        key = text if kind != "code" else "#" + text
        places = memo.get(key)
        if places is None:
            if kind == "word":
                places = _word_places(text, variants, norm)
            else:
                places = _number_places(text, norm, code=kind == "code")
            memo[key] = places
        result.append(places)
    return result


def _number_places(number: str, norm: NormText, code: bool) -> Places:
    """Any number fits a documented one, the documented one best; an error
    code (alternatives.is_error_code) only itself."""
    tokens = norm.tokens
    positions = norm.number_positions
    if code:
        found = [p for p in positions if same_number(number, tokens[p])]
        return found, [1.0] * len(found)
    return positions, [
        1.0 if same_number(number, tokens[p]) else OTHER_NUMBER_WEIGHT
        for p in positions
    ]


def _word_places(word: str, variants: tuple[str, ...], norm: NormText) -> Places:
    positions = norm.positions
    exact = positions.get(word, [])  # ascending
    # Another inflection of the word (``returned`` for ``return``,
    # ``exceeds`` for ``exceeded``) counts as a typo would.
    stemmed = interned_stem(word)
    inflected = norm.stem_positions.get(stemmed, [])
    if stemmed != word:
        inflected = inflected + positions.get(stemmed, [])
    deletes = norm.delete_positions if variants else {}
    if not deletes and not inflected:
        return exact, [1.0] * len(exact)
    fuzzy: set[int] = set(deletes.get(word, ()))
    fuzzy.update(inflected)
    # Only the variants the text holds cost a look-up (one C-level
    # intersection instead of two dict look-ups per variant).
    for variant in norm.variant_keys.intersection(variants):
        fuzzy.update(positions.get(variant, ()))
        fuzzy.update(deletes.get(variant, ()))
    fuzzy.difference_update(exact)
    if not fuzzy:
        return exact, [1.0] * len(exact)
    found = dict.fromkeys(exact, 1.0)
    found.update(dict.fromkeys(fuzzy, FUZZY_WORD_WEIGHT))
    ordered = sorted(found)
    return ordered, [found[p] for p in ordered]


def align(
    alternative: Alternative, norm: NormText, values: bool = True, trailing: bool = True
) -> Alignment:
    """How *norm* lines up with *alternative*: a greedy in-order alignment,
    tried from a few anchor positions. With `values` off, tokens where a
    placeholder stands are not its value (typed words are no values: ``voice
    cloning sample rate not supported`` does not say ``Voice '%s' not
    found``), so they count as unexplained; with `trailing` off, only the
    tokens after the message's last word found are not (a few words typed
    end where the typing stopped, not in a value: ``tool_choice required bad
    value`` does not say ``Field required: xxx``)."""
    total = alternative.literal_count
    n = len(norm.tokens)
    if not total or not n:
        return Alignment(0.0, 0.0, alternative.text)
    occurrences = _occurrences(alternative, norm)
    # Anchor on where the message's first few literal words occur, so junk
    # before the message cannot pull the alignment off course.
    anchors: set[int] = set()
    for positions, _ in occurrences[:3]:
        anchors.update(positions[:MAX_ANCHORS])
    best_f1 = 0.0
    best = (0.0, 0.0)
    for anchor in sorted(anchors)[: MAX_ANCHORS * 2]:
        recall, precision = _align_from(
            alternative, occurrences, n, anchor, total, values, trailing
        )
        sum_ = recall + precision
        f1 = 0.0 if sum_ <= 0 else 2 * recall * precision / sum_
        if f1 > best_f1:
            best_f1 = f1
            best = (recall, precision)
    return Alignment(best[0], best[1], alternative.text)


def _align_from(
    alternative: Alternative,
    occurrences: list[Places],
    n: int,
    anchor: int,
    total: int,
    with_values: bool,
    trailing: bool = True,
) -> tuple[float, float]:
    """(recall, precision) of the greedy alignment from `anchor`."""
    matched = 0.0
    explained = 0.0
    position = anchor  # next usable text token
    last = -1  # last matched text token
    previous_matched = True  # was the literal before the last values found?
    missed = 0  # literals not found since the last one found
    for (positions, weights), literal in zip(
        occurrences, alternative.literals, strict=True
    ):
        values = literal[3]  # placeholders since the previous literal
        i = bisect_left(positions, position)
        if i >= len(positions):
            previous_matched = False
            missed += 1
            continue
        where = positions[i]
        # Before the first word found, the anchor stands for the last one:
        # a message's opening word found far on (``tts`` after ``engine
        # return error code 418 tts``) is left out, not a jump that strands
        # the words before it.
        gap = where - (last if last >= 0 else anchor - 1) - 1
        if gap > WORD_GAP + VALUE_GAP * values:
            previous_matched = False
            missed += 1
            continue
        weight = weights[i]
        if last >= 0:
            # Tokens between two found words are a placeholder's value only
            # when the words around the placeholder were both found.
            if values and previous_matched and with_values:
                explained += min(gap, VALUE_GAP * values)
            # Either way they may be its value, as the gap allowed, so they
            # are not skipped tokens: counted, the word found after a missed
            # one and seven values' tokens would weigh less than nothing.
            gap -= VALUE_GAP * values
            # A word of the message not found may stand where a token was
            # (``retained`` for ``return``): only tokens beyond those count.
            skipped = gap - missed
            if skipped > 0:
                weight *= 1.0 - SKIP_COST * skipped
        matched += weight
        explained += weights[i]
        last = where
        position = where + 1
        previous_matched = True
        missed = 0
    values = alternative.trailing_values
    # A value after the message's last word is its value only when the
    # message was found, half its words at least: ``error`` and the rest of
    # the text is no ``Embedding_pipeline_Error: xxx``.
    found = 2 * matched >= total
    if values and previous_matched and found and with_values and trailing:
        explained += min(n - last - 1, VALUE_GAP * values)
    return matched / total, min(1.0, explained / n)
