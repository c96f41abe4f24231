"""The one ranking: which catalogue entries explain what the user pasted.

Signals, strongest first:

* **template** -- a documented message (or one of its alternatives) occurs in
  the paste with values in place of its placeholders (errors.search.templates).
  A message that covers the whole paste scores 1.0.
* **code** -- the query *is* an error code or alias (``Arrearage``,
  ``InvalidFile.FPS``); or the paste names a code (a JSON ``code`` field,
  ``<400> InternalError.Algo.InvalidParameter``), which counts on its own only
  weakly and otherwise adds a bonus, scaled by how few entries carry the code.
  The message always dominates: servers file one message under several codes.
  Only for an entry documented by nothing but its code (``FILE_DOWNLOAD_FAILED``)
  is a field naming it strong evidence, still below a message found as written.
* **fuzzy** -- in-order word alignment tolerating one typo per word, for
  reworded or misspelt messages.
* **text** -- keyword relevance of the query's words in an entry's message,
  code, cause and solution (light stemming), mixed with the database's
  full-text score when given.

The score of an entry is its strongest signal, plus small bonuses (code,
status) and tie-breakers (keywords, fuzzy alignment; errors.search.bonuses).
Pure Python: the index proposes candidates (errors.search.candidates); this orders them, reading the
query as errors.search.query prepared it and each entry as
errors.search.entries derived it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from errors.search.bonuses import (
    run_bonus,
    tie_bonus,
    tie_breaker,
    written_bonus,
)
from errors.search.confidence import confident
from errors.search.entries import Candidate, EntryInfo, info_of, other_status
from errors.search.fuzzy import fuzzy_scores
from errors.search.query import TYPED_WORDS, Query
from errors.search.runs import short_text
from errors.search.templates import PatternMatch

# Weights of the signals on the common 0..1 scale.
DIRECT_CODE_SCORE = 0.97  # the query is a code
FUZZY_WEIGHT = 0.9  # a fuzzy alignment is weaker evidence than an exact one
TEXT_WEIGHT = 0.6  # keywords alone never beat a decent message match
PASTE_CODE_BASE = 0.45  # a code field alone, shared by many entries
PASTE_CODE_UNIQUE = 0.25  # ... plus this much when only one entry carries it
# A code field naming an entry documented only by its code (its message is
# the code): a good match, though below a message found as written.
CODE_ONLY_SCORE = 0.9
CODE_BONUS = 0.03
CODE_BONUS_UNIQUE = 0.04
CODE_FAMILY_BONUS = 0.015  # ``InvalidParameter`` vs ``InvalidParameter.X``
# Keywords shared with an entry of another status than the text names count
# this much; so do those of an entry documented only for other model families
# than the text names (errors.search.families: ``cosyvoice-v2`` against an
# entry of Qwen-TTS's), and both, this much twice.
OTHER_STATUS_TEXT = 0.85
# A code that at most this many of the ranked entries carry is one error's
# family (``DataInspectionFailed``, ``Throttling.AllocationQuota``): its
# entries holding the same words of the text are told apart by their own
# signals, not by the index's length norm (_siblings_alike). A code carried
# more widely is a catch-all (``InvalidParameter``), whose entries the
# index's relevance does tell apart.
FAMILY_ENTRIES = 20
# Order-free overlap of an entry's message words with the paste reaches full
# strength once this many words are shared.
BAG_FULL_WORDS = 4
# A message found inside a longer paste is strong evidence only if it is long
# enough: ``Not found!`` inside ``model not found`` says little. Partial
# matches of messages shorter than this many words are scaled down.
PARTIAL_FULL_WORDS = 4


@dataclass
class Hit:
    """One ranked entry."""

    id: Any
    kind: str  # "template", "code", "text" or "fuzzy": the deciding signal
    score: float
    values: list[str] = field(default_factory=list)  # placeholder values


@dataclass
class RankResult:
    hits: list[Hit]  # best first
    confident: bool  # the first is a good match


def _id_key(value: Any) -> tuple[int, Any]:
    """Sort key for ids of mixed types (ints before strings)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return (1, str(value))
    return (0, value)


def _best_template(
    info: EntryInfo, query: Query, named: frozenset[str], statuses: frozenset[int]
) -> tuple[float, PatternMatch | None]:
    """The entry's best template match over the paste's candidates (`named`:
    the codes the paste names, lower-cased; `statuses`: the statuses it
    names that some ranked entry has)."""
    haystack = query.haystack
    for key_word in info.key_words:
        if not key_word or key_word in haystack:
            break
    else:
        # No alternative's rarest word occurs anywhere, so none occurs; the
        # paste might still be a part of the message (all its words in it),
        # or end in its beginning cut short (after a log line's prefix).
        vocabulary = info.vocabulary
        for tokens in query.short_sets:
            if tokens <= vocabulary:
                break
        else:
            for alternative in info.pattern.alternatives:
                if alternative.opening and alternative.opening in query.tails:
                    break
            else:
                return 0.0, None
    best_score = 0.0
    best: PatternMatch | None = None
    floor = not _names_another_error(info, statuses, named)
    for norm, factor in zip(query.norms, query.factors, strict=True):
        found = info.pattern.match(norm, found_floor=floor)
        if found is None:
            continue
        score = found.score * factor
        if not found.full and not found.contained:
            score *= min(1.0, (found.literal_words + 1) / (PARTIAL_FULL_WORDS + 1))
        if score > best_score:
            best_score = score
            best = found
            if best_score >= 1.0:
                break
    return best_score, best


def _names_another_error(
    info: EntryInfo, statuses: frozenset[int], named: frozenset[str]
) -> bool:
    """Whether the paste names a status or codes that are not the entry's:
    its message found among the paste's words is then an earlier failure or
    a retry's warning (errors.search.templates.FOUND_SCORE), not the error."""
    if other_status(info, statuses):
        return True
    return bool(named) and named.isdisjoint(info.code_set)


def _bag_score(info: EntryInfo, query: Query) -> float:
    """Order-free share of an entry's message words found in the paste.

    Catches messages reworded or shuffled by another client (``Failed to
    establish a new connection`` around ``dashscope.aliyuncs.com``), scaled
    down until a few words are shared so two-word messages do not win alone.
    """
    best = 0.0
    stems = query.stems
    for alternative in info.alternative_stems:
        if not alternative:
            continue
        shared = len(alternative & stems)
        if shared:
            score = shared / len(alternative) * min(1.0, shared / BAG_FULL_WORDS)
            best = max(best, score)
    return best


def rank(
    query: Query,
    candidates: Iterable[Candidate],
    text_scores: dict[Any, float] | None = None,
    limit: int = 50,
    other_family: frozenset[Any] = frozenset(),
) -> RankResult:
    """Rank *candidates* for *query*, best first, at most *limit* of them.
    *text_scores*: full-text relevance by id, 0..1 (best 1.0, missing 0); when
    given, keyword relevance is the mean of it and the ranking's own."""
    infos = [info_of(c) for c in candidates]
    return rank_entries(query, infos, text_scores, limit, other_family)


def rank_entries(
    query: Query,
    infos: list[EntryInfo],
    text_scores: dict[Any, float] | None = None,
    limit: int = 50,
    other_family: frozenset[Any] = frozenset(),
) -> RankResult:
    """:func:`rank` for entries already derived (errors.search.entries);
    `other_family`: the ids of entries documented only for other model
    families than the text names."""
    if not infos:
        return RankResult([], False)
    carriers = _carriers(infos)
    # The codes the paste names: in a field, or an entry's code as written.
    named = query.paste_codes | {
        lower
        for info in infos
        for code, lower in info.codes
        if code in query.identifiers
    }
    families = frozenset(c for c in named if carriers.get(c, 0) <= FAMILY_ENTRIES)
    keyword = _keyword_scores(query, infos, text_scores, families)
    statuses = query.statuses
    # A status none of these entries has (an engine's code typed, ``418``)
    # tells none of them apart: only those some entry has count against one.
    weighed = statuses & {info.status for info in infos}
    templates = [_best_template(info, query, named, weighed) for info in infos]
    fuzzy = fuzzy_scores(query, infos, templates)
    numbers = query.typed_numbers
    names = query.names
    # Any code of the query, lower-cased: entries sharing none skip the loop.
    probe = (
        query.paste_codes | {i.lower() for i in query.identifiers} | {query.direct_code}
    )
    paste_codes = query.paste_codes
    typed = query.norms[-1].tokens if query.norms else []
    if not TYPED_WORDS[0] <= len(typed) <= TYPED_WORDS[1]:
        typed = []
    bag = bool(query.stems)
    short = short_text(query.norms[-1].tokens) if query.norms else None
    scored: list[tuple[float, tuple[int, Any], int, str, float]] = []
    for i, info in enumerate(infos):
        template_score, template = templates[i]
        text = keyword[i]
        if bag and template_score < TEXT_WEIGHT:
            # (Above that, the order-free overlap could not change the kind.)
            overlap = _bag_score(info, query)
            if overlap > text:
                text = overlap
        if paste_codes or not info.code_set.isdisjoint(probe):
            code_score, bonus = _code_signal(info, query, carriers, probe)
        else:
            code_score = bonus = 0.0  # no code of the query is the entry's
        bonus += tie_bonus(info, template, statuses, typed)
        if numbers or names:
            bonus += written_bonus(info, numbers, names)
        bonus += run_bonus(info, template, short)
        aligned = fuzzy[i]
        primary, kind = _strongest(
            template_score, code_score, FUZZY_WEIGHT * aligned, TEXT_WEIGHT * text
        )
        # Never below the signals the weight leaves alone: words matching
        # more of an entry's message must not rank it lower.
        weight = _status_weight(kind, info, weighed, other_family)
        primary = max(primary * weight, template_score, code_score)
        if primary <= 0.0:
            if bonus <= 0.0:
                continue
            # Only a bonus points here: a code, the status, a number or a name
            # the message documents, named in the text.
            kind = "code"
        direct = code_score == DIRECT_CODE_SCORE
        tie = tie_breaker(info, query, direct, keyword[i], aligned)
        score = round(primary + bonus + tie, 6)
        pk = info.id
        key = (0, pk) if type(pk) is int else _id_key(pk)
        scored.append((-score, key, i, kind, primary))

    scored.sort()
    hits = []
    for negative, _, i, kind, _ in scored[:limit]:
        template = templates[i][1]
        values = list(template.values) if template and kind == "template" else []
        hits.append(Hit(infos[i].id, kind, -negative, values))
    if not scored:
        return RankResult(hits, False)
    best = infos[scored[0][2]]
    return RankResult(
        hits, confident(query, best, hits[0].kind, scored[0][4], carriers, infos)
    )


def _status_weight(
    kind: str, info: EntryInfo, statuses: frozenset[int], other_family: frozenset
) -> float:
    """Less than 1.0 for words shared with, or lined up with, an entry of
    another status than the one the text names (``429 request limit
    exceed``), or documented only for other model families (`other_family`);
    a message found as written has its own rule (FOUND_SCORE)."""
    if kind not in ("text", "fuzzy"):
        return 1.0
    weight = OTHER_STATUS_TEXT if other_status(info, statuses) else 1.0
    if info.id in other_family:
        weight *= OTHER_STATUS_TEXT
    return weight


def _strongest(
    template: float, code: float, fuzzy: float, text: float
) -> tuple[float, str]:
    """The strongest signal and its kind; on a tie the more exact one."""
    best, kind = template, "template"
    if code > best:
        best, kind = code, "code"
    if fuzzy > best:
        best, kind = fuzzy, "fuzzy"
    if text > best:
        best, kind = text, "text"
    return best, kind


def _carriers(infos: list[EntryInfo]) -> dict[str, int]:
    """How many of the entries carry each (lower-cased) code: a code few
    entries carry says more."""
    carriers: dict[str, int] = {}
    for info in infos:
        for lower in info.code_set:
            carriers[lower] = carriers.get(lower, 0) + 1
    return carriers


def _code_signal(
    info: EntryInfo, query: Query, carriers: dict[str, int], probe: set[str]
) -> tuple[float, float]:
    """(code score, code bonus) of an entry: the query is its code, the paste
    names its code, or a code of the same dotted family."""
    code_score = 0.0
    bonus = 0.0
    paste_codes = query.paste_codes
    if info.code_set & probe:
        for code, lower in info.codes:
            specificity = 1.0 / carriers.get(lower, 1)
            if lower == query.direct_code:
                code_score = DIRECT_CODE_SCORE
            if lower in paste_codes:
                code_score = max(
                    code_score, PASTE_CODE_BASE + PASTE_CODE_UNIQUE * specificity
                )
                if info.code_only and lower in query.named_codes:
                    # A field names the one thing documented of the error.
                    code_score = max(code_score, CODE_ONLY_SCORE)
            if lower in paste_codes or code in query.identifiers:
                bonus = max(bonus, CODE_BONUS + CODE_BONUS_UNIQUE * specificity)
    if (
        not bonus
        and paste_codes
        and (info.code_set & query.paste_prefixes or info.code_prefixes & paste_codes)
    ):
        bonus = CODE_FAMILY_BONUS
    return code_score, bonus


def _keyword_scores(
    query: Query,
    infos: list[EntryInfo],
    text_scores: dict[Any, float] | None,
    families: frozenset[str] = frozenset(),
) -> list[float]:
    """Weighted share of the query's words each entry contains (0..1), mixed
    with the index's relevance (`text_scores`), alike in each of the
    `families` the text names (_siblings_alike)."""
    terms = query.terms
    n = len(infos)
    own = [0.0] * n
    shared: list[set[str]] = [set()] * n
    if terms:
        term_set = frozenset(terms)
        # Only the few terms an entry shares with the query cost anything.
        shared = [info.keywords.keys() & term_set for info in infos]
        document_frequency = dict.fromkeys(terms, 0)
        for common in shared:
            for term in common:
                document_frequency[term] += 1
        idf = {
            term: math.log(1.0 + (n - df + 0.5) / (df + 0.5))
            for term, df in document_frequency.items()
        }
        total = sum(idf.values())
        if total > 0:
            for i, common in enumerate(shared):
                if common:
                    keywords = infos[i].keywords
                    # fsum: exact whatever the set's order, which differs
                    # between processes (string hashes are salted per process).
                    own[i] = math.fsum(keywords[t] * idf[t] for t in common) / total
    if text_scores is None:
        return own
    relevances = []
    for info in infos:
        relevance = text_scores.get(info.id, 0.0)
        if type(relevance) is not float or not 0.0 <= relevance <= 1.0:
            relevance = max(0.0, min(1.0, float(relevance)))
        relevances.append(relevance)
    if families:
        relevances = _siblings_alike(infos, relevances, shared, families)
    return [0.5 * o + 0.5 * r for o, r in zip(own, relevances, strict=True)]


def _siblings_alike(
    infos: list[EntryInfo],
    relevances: list[float],
    shared: list[set[str]],
    families: frozenset[str],
) -> list[float]:
    """The index's relevance, the best of them, for the entries of a code
    family the text names that hold the same words of it: its length norm
    would otherwise put the shortest text first, the family's most
    particular case rather than its usual message (``DataInspectionFailed``
    and a word both its messages hold: ``Input xxx data may contain …``
    before ``Input or output data may contain …``)."""
    groups: dict[tuple[str, frozenset[str]], float] = {}
    keys: list[list[tuple[str, frozenset[str]]]] = []
    for info, words, relevance in zip(infos, shared, relevances, strict=True):
        own_keys = [(code, frozenset(words)) for code in info.code_set & families]
        for key in own_keys:
            groups[key] = max(groups.get(key, 0.0), relevance)
        keys.append(own_keys)
    return [
        max((groups[key] for key in own_keys), default=relevance)
        for own_keys, relevance in zip(keys, relevances, strict=True)
    ]
