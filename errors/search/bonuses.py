"""The ranking's small bonuses and tie-breakers (errors.search.ranking): what
tells apart entries whose main signal is equal or near -- the status the
text names, the message found character for character or begun by the words
typed, numbers and parameter names the message documents, a run of its
words, and for a code typed alone, the entry whose message says the code's
words.
"""

from __future__ import annotations

from errors.search.entries import EntryInfo
from errors.search.query import Query
from errors.search.runs import ShortText, longest_run
from errors.search.templates import PatternMatch

STATUS_BONUS = 0.02
# Between entries whose message matches equally well: one found character for
# character (``Connection error.`` with its period) beats one found only once
# case and punctuation are ignored; then alignment and keyword relevance, the
# message's words in order weighing more than a bag of shared words (among
# the entries of one code, ``not found or not supported`` is nearer ``Model
# not exist.`` than ``This model only support stream mode``).
VERBATIM_BONUS = 0.01
# ... and one whose message begins with every word typed (``url error`` for
# ``url error, please check url!``): typing, one copies a message's start.
OPENING_BONUS = 0.015
TIE_TEXT = 0.015
# Each number typed that the message documents (``… 7000 … 400``), up to two.
NUMBER_BONUS = 0.015
MAX_NUMBERS_BONUSED = 2
# A parameter's name written in the text that the message gives
# (``max_tokens too large`` for ``Range of max_tokens should be [1, xxx]``).
NAME_BONUS = 0.02
TIE_FUZZY = 0.02
# A code typed alone names its entries alike; its words (``insufficient_quota``)
# in a cause say nothing, in a message they do; then more wordings documented
# (the vendor gathers the common ones under one entry), then the first imported.
WORDING_TIE = 0.001
MAX_WORDINGS_TIED = 5
# Each word past the second of the longest run of a message's words that a
# short text holds in a row (errors.search.runs), up to four.
RUN_BONUS = 0.015
MAX_RUN_BONUSED = 4


def tie_breaker(
    info: EntryInfo, query: Query, direct: bool, keyword: float, fuzzy: float
) -> float:
    """The tie-breaker between entries whose signals are equal: keyword
    relevance and alignment, or, when the query is the entry's code
    (`direct`), the code's words in its message and its wordings."""
    if not direct:
        return TIE_TEXT * keyword + TIE_FUZZY * fuzzy
    # The query is the entry's code (WORDING_TIE): its words in the message.
    terms = query.terms or [""]
    said = sum(any(t in s for s in info.alternative_stems) for t in terms) / len(terms)
    wordings = min(info.pattern.wordings, MAX_WORDINGS_TIED)
    return TIE_TEXT * said + WORDING_TIE * wordings


def tie_bonus(
    info: EntryInfo,
    template: PatternMatch | None,
    statuses: frozenset[int],
    typed: list[str],
) -> float:
    """The small bonuses: the status the paste names, the message found
    character for character, the message begun by the words typed."""
    bonus = STATUS_BONUS if info.status in statuses else 0.0
    if template is not None and template.verbatim:
        bonus += VERBATIM_BONUS
    if typed and begins_with(info, typed):
        bonus += OPENING_BONUS
    return bonus


def written_bonus(
    info: EntryInfo, numbers: frozenset[str], names: frozenset[str]
) -> float:
    """The bonuses for the numbers typed and the parameter names written
    that the message documents."""
    shared = len(numbers & info.vocabulary)
    bonus = NUMBER_BONUS * min(shared, MAX_NUMBERS_BONUSED)
    if not names.isdisjoint(info.names):
        bonus += NAME_BONUS
    return bonus


def run_bonus(
    info: EntryInfo, template: PatternMatch | None, short: ShortText | None
) -> float:
    """The bonus for the longest run of the message's words the short text
    holds in a row (errors.search.runs); 0 for a longer text, and for a
    message found in it (that has its own signal)."""
    if short is None or template is not None:
        return 0.0
    run = longest_run(short, info.pattern.alternatives)
    return RUN_BONUS * min(run - 2, MAX_RUN_BONUSED) if run else 0.0


def begins_with(info: EntryInfo, typed: list[str]) -> bool:
    """Whether a wording of the entry's message begins with these words."""
    size = len(typed)
    return any(
        alternative.literal_words[:size] == typed
        for alternative in info.pattern.alternatives
    )
