"""Fuzzy alignment scores for the ranking (errors.search.ranking): which
entries are worth aligning word by word with the paste, and how well they
line up, in order (errors.search.alignment) or, for typed keywords, in any.
"""

from __future__ import annotations

from errors.search.entries import EntryInfo
from errors.search.norms import DERIVED_PENALTY, STAND_IN_FACTOR
from errors.search.query import TYPED_TEXT_RE, TYPED_WORDS, Query
from errors.search.templates import MessagePattern, PatternMatch

MAX_FUZZY_MESSAGES = 3  # paste candidates aligned word by word
FUZZY_SHORTLIST = 24  # entries aligned word by word
FUZZY_SHORTLIST_SETTLED = 5  # ... when a message already matches exactly
# Typed keywords holding a message's words in another order line up with it
# this much of what they would in order (a typed word order says little).
UNORDERED_FACTOR = 0.9
# A short text of words typed (query.TYPED_TEXT_RE) is at most this long.
SHORT_TYPED_CHARS = 80


def fuzzy_scores(
    query: Query,
    infos: list[EntryInfo],
    templates: list[tuple[float, PatternMatch | None]],
) -> list[float]:
    """Fuzzy alignment F1 for the entries sharing most words with the query."""
    scores = [0.0] * len(infos)
    if not query.tokens:
        return scores
    ranked: list[tuple[float, int]] = []
    settled = False
    tokens = query.tokens
    for i, info in enumerate(infos):
        template_score = templates[i][0]
        if template_score >= 1.0 - DERIVED_PENALTY:
            # Exact enough already; alignment would only confirm it.
            scores[i] = template_score
            settled = True
            continue
        # Per alternative: a short alternative of a long line (``Response
        # timeout!``) must qualify on its own words.
        best = 0.0
        for alternative in info.pattern.alternatives:
            word_set = alternative.word_set
            overlap = len(word_set & tokens)
            if overlap >= 2 or (overlap and len(word_set) <= 3):
                best = max(best, overlap / len(word_set) + 0.01 * overlap)
        if best:
            ranked.append((best, i))
    ranked.sort(key=lambda item: -item[0])
    shortlist = FUZZY_SHORTLIST_SETTLED if settled else FUZZY_SHORTLIST
    pairs = list(zip(query.norms, query.factors, strict=True))
    chosen = pairs[: MAX_FUZZY_MESSAGES - 1]
    # Client-side failures' stand-ins (errors.search.client_failures) are
    # aligned too, at their weight.
    chosen += [p for p in pairs[:-1] if p[1] == STAND_IN_FACTOR and p not in chosen]
    if pairs[-1] not in chosen:
        chosen.append(pairs[-1])
    typed = _typed_words(query)
    # A sentence typed may hold a value between its words, never at its end;
    # its words count in any order too.
    short = _short_typed(query)
    unordered = typed or (_words_of(query) if short else typed)
    for _, i in ranked[:shortlist]:
        pattern = infos[i].pattern
        # Typed keywords are no placeholder's values (``voice cloning sample
        # rate not supported`` does not say ``Voice '%s' not found``); a
        # sentence typed may hold one (``model qwen-maxx does not exist``).
        scores[i] = max(
            pattern.align(norm, values=not typed, trailing=not short).f1 * factor
            for norm, factor in chosen
        )
        if unordered:
            scores[i] = max(scores[i], _unordered_f1(pattern, unordered))
    return scores


def _typed_words(query: Query) -> frozenset[str]:
    """The words of typed keywords, or of Chinese read as English
    (errors.search.glossary), the statuses among them aside: their order
    says nothing (``403 AccessDenied workspace``); empty for a paste."""
    if not (query.keywords or query.glossed) or not query.norms:
        return frozenset()
    return _words_of(query)


def _words_of(query: Query) -> frozenset[str]:
    """The words of the whole text, the statuses among them aside."""
    statuses = {str(status) for status in query.statuses}
    return frozenset(query.norms[-1].tokens) - statuses


def _short_typed(query: Query) -> bool:
    """A few words typed rather than pasted: at most TYPED_WORDS of them,
    with no punctuation but what names and codes hold, and no closing
    period (a server's message keeps its colon, quotes or final period:
    ``Field required: messages``)."""
    text = query.text
    return (
        len(text) <= SHORT_TYPED_CHARS
        and TYPED_TEXT_RE.fullmatch(text) is not None
        and not text.endswith(".")
        and len(text.split()) <= TYPED_WORDS[1]
    )


def _unordered_f1(pattern: MessagePattern, typed: frozenset[str]) -> float:
    """How well typed words match a message's words in any order, at
    UNORDERED_FACTOR of an alignment in order."""
    best = 0.0
    for alternative in pattern.alternatives:
        # Its numbers too: ``… error code: 418`` and ``…: 428`` differ there.
        shared = len(alternative.token_set & typed)
        if shared:
            recall = shared / len(alternative.token_set)
            precision = shared / len(typed)
            best = max(best, 2 * recall * precision / (recall + precision))
    return best * UNORDERED_FACTOR
