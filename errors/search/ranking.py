"""The one ranking: which catalogue entries explain what the user pasted.

Signals, strongest first:

* **template** -- a documented message (or one of its alternatives) occurs in
  the paste with values in place of its placeholders (:mod:`errors.search.templates`).
  A message that covers the whole paste scores 1.0.
* **code** -- the query *is* an error code or alias (``Arrearage``,
  ``InvalidFile.FPS``); or the paste names a code (a JSON ``code`` field,
  ``<400> InternalError.Algo.InvalidParameter``), which counts on its own only
  weakly and otherwise adds a bonus, scaled by how few entries carry the code.
  The message always dominates: servers file one message under several codes.
* **fuzzy** -- in-order word alignment tolerating one typo per word, for
  reworded or misspelt messages.
* **text** -- keyword relevance of the query's words in an entry's message,
  code, cause and solution (light stemming), mixed with the database's
  full-text score when given.

The score of an entry is its strongest signal, plus small bonuses (code,
status) and tie-breakers (keywords, fuzzy alignment). Pure Python: the database
prunes candidates with full-text search; this orders what it returns.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from errors.search.network import network_hints
from errors.search.paste import Paste, clean_message, unwrap
from errors.search.templates import (
    MessagePattern,
    NormText,
    PatternMatch,
    compile_pattern,
    interned_words,
    normalise,
    words,
)
from errors.search.text import normalise_text

# Weights of the signals on the common 0..1 scale.
DIRECT_CODE_SCORE = 0.97  # the query is a code
FUZZY_WEIGHT = 0.9  # a fuzzy alignment is weaker evidence than an exact one
TEXT_WEIGHT = 0.6  # keywords alone never beat a decent message match
PASTE_CODE_BASE = 0.45  # a code field alone, shared by many entries
PASTE_CODE_UNIQUE = 0.25  # ... plus this much when only one entry carries it
CODE_BONUS = 0.03
CODE_BONUS_UNIQUE = 0.04
CODE_FAMILY_BONUS = 0.015  # ``InvalidParameter`` vs ``InvalidParameter.X``
STATUS_BONUS = 0.02
# Between entries whose message matches equally well: one found character for
# character (``Connection error.`` with its period) beats one found only once
# case and punctuation are ignored; then keyword relevance and alignment.
VERBATIM_BONUS = 0.01
TIE_TEXT = 0.015
TIE_FUZZY = 0.01

# ``confident`` when the best entry's main signal reaches this (a full or
# nearly full template, a direct code, a close fuzzy match), or when a short
# keyword query is entirely found in the entry's message or code.
CONFIDENT = 0.72
CONFIDENT_TEXT_TERMS = 4

# Field weights for keyword relevance: the message and code say what the error
# is; cause and solution mention many related words.
FIELD_WEIGHTS = (("message", 1.0), ("code", 1.0), ("cause", 0.6), ("solution", 0.35))

MAX_MESSAGES = 8  # paste candidates matched against templates
MAX_FUZZY_MESSAGES = 3  # ... and aligned word by word
MAX_TERMS = 32  # query words used for keyword relevance
MAX_TERM_SOURCE = 4000  # characters of one text read for query words
FUZZY_SHORTLIST = 24  # entries aligned word by word
FUZZY_SHORTLIST_SETTLED = 5  # ... when a message already matches exactly
# A candidate that is only the tail or head of an earlier one (``Not Found``
# cut from ``Failed to download the input file: 404 Not Found``) may have lost
# part of the message: its matches count less, by up to this much when nearly
# all of the parent was cut away.
DERIVED_PENALTY = 0.05
# A network failure's stand-in words (errors.search.network) match at most this
# strongly: enough to lead the list, never a good match on their own.
NETWORK_HINT_FACTOR = 0.7
# Order-free overlap of an entry's message words with the paste reaches full
# strength once this many words are shared.
BAG_FULL_WORDS = 4
# A message found inside a longer paste is strong evidence only if it is long
# enough: ``Not found!`` inside ``model not found`` says little. Partial
# matches of messages shorter than this many words are scaled down.
PARTIAL_FULL_WORDS = 4

STOPWORDS = frozenset(
    """a an and are as at be been but by can could did do does for from had has have
    how i if in into is it its me my no not of on or our please so than that the
    their them then there these they this those to too was we were what when where
    which while who why will with would you your yours after before about above
    again all also any because being both each few more most other same should some
    such only own just now very here out over under up down off once until""".split()
)
# Words of the wrapping around a pasted error (JSON keys, log levels, URL
# parts). Dropped only from the raw paste, and only when a message was
# extracted from it: typed as keywords (``too many requests``) they count.
NOISE_WORDS = frozenset(
    """error errors exception exceptions traceback caused request requests id
    status code message null none true false type param http https com www api
    info debug warn warning fatal""".split()
)
# What clients and wrappers call the things the catalogue names otherwise
# (Dify says "model credentials", the catalogue "API key"): the catalogue's
# words count as keywords too. Keep it to words with one meaning here.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "credential": ("api", "key"),
    "credentials": ("api", "key"),
    "apikey": ("api", "key"),
    "unauthorized": ("invalid", "api", "key"),
    "ratelimit": ("rate", "limit"),
}
# Values, not words: numbers, and hex runs with a digit (ids, hashes, UUID parts).
HEXISH_RE = re.compile(r"^(?=.*\d)[0-9a-f]{4,}$|^\d+$")
IDENTIFIER_RE = re.compile(r"[A-Za-z][\w.\-]*[A-Za-z0-9]|[A-Za-z]")
FTS_TOKEN_RE = re.compile(r"[a-z0-9]+")


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

    @classmethod
    def of(cls, obj: Any, id: Any = None) -> Candidate:
        """Build from any object with the entry's attributes (model, ParsedEntry)."""
        return candidate_from(obj, id)


def candidate_from(obj: Any, id: Any = None) -> Candidate:
    """A :class:`Candidate` from an object with ``id``/``pk``, ``status``,
    ``code``, ``aliases`` (list or comma/space/slash-separated text),
    ``message``, ``cause`` and ``solution`` attributes."""
    if isinstance(obj, Candidate):
        return obj
    if id is None:
        id = getattr(obj, "id", None)
        if id is None:
            id = getattr(obj, "pk", None)
    aliases = getattr(obj, "aliases", ()) or ()
    if isinstance(aliases, str):
        aliases = re.split(r"[\s,;/]+", aliases)
    elif not isinstance(aliases, (list, tuple, set, frozenset)):
        aliases = ()  # e.g. a related manager: the caller should pass a list
    return Candidate(
        id=id,
        status=getattr(obj, "status", None),
        code=getattr(obj, "code", "") or "",
        aliases=tuple(str(a) for a in aliases if a),
        message=getattr(obj, "message", "") or "",
        cause=getattr(obj, "cause", "") or "",
        solution=getattr(obj, "solution", "") or "",
    )


@dataclass
class Hit:
    """One ranked entry."""

    id: Any
    kind: str  # "template", "code", "text" or "fuzzy": the deciding signal
    score: float
    values: list[str] = field(default_factory=list)  # placeholder values


@dataclass
class RankResult:
    hits: list[Hit]
    confident: bool
    paste: Paste


def stem(word: str) -> str:
    """A light suffix stripper: enough to meet ``streaming``/``stream``,
    ``requires``/``required``, ``connection``/``connect``."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix, minimum in (("ing", 6), ("ion", 6), ("ed", 5)):
        if len(word) >= minimum and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _sources(paste: Paste) -> list[tuple[str, bool]]:
    """Texts to take query words from, best first: (text, is it raw paste?).

    Extracted messages first, then codes, then the whole paste (wrapper and
    all), whose wrapper words are noise when something was extracted."""
    messages = paste.messages
    extracted = messages[:-1]
    sources = [(m, False) for m in extracted]
    sources += [(c, False) for c in paste.codes]
    if messages:
        sources.append((messages[-1], bool(extracted or paste.codes)))
    return sources


def _keyword_terms(paste: Paste) -> list[str]:
    """Distinct stems worth scoring, in order of first appearance."""
    seen: dict[str, None] = {}
    for text, raw in _sources(paste):
        for word in words(text[:MAX_TERM_SOURCE]):
            if len(word) < 2 or word in STOPWORDS or HEXISH_RE.match(word):
                continue
            if raw and word in NOISE_WORDS:
                continue
            for term in (word, *SYNONYMS.get(word, ())):
                seen.setdefault(stem(term), None)
            if len(seen) >= MAX_TERMS:
                return list(seen)
    return list(seen)


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


# Per-entry derived data kept (6-10 KB each with its compiled message; about
# 0.6 ms to build on first sight). Lower it to trade CPU for memory.
ENTRY_CACHE_SIZE = 20_000  # ~9 KB each: bounds a worker near 200 MB at 100k entries


@lru_cache(maxsize=ENTRY_CACHE_SIZE)
def entry_info(
    message: str, code: str, aliases: tuple[str, ...], cause: str, solution: str
) -> EntryInfo:
    fields = {
        "message": normalise_text(message),
        "code": " ".join((code, *aliases)),
        "cause": normalise_text(cause),
        "solution": normalise_text(solution),
    }
    keywords: dict[str, float] = {}
    for name, weight in FIELD_WEIGHTS:
        for word in interned_words(fields[name]):
            term = _stem_interned(word)
            if keywords.get(term, 0.0) < weight:
                keywords[term] = weight
    message_terms = frozenset(t for t, w in keywords.items() if w >= 1.0)
    pattern = compile_pattern(message)
    alternative_stems = tuple(
        frozenset(_stem_interned(w) for w in words(a.text) if w not in STOPWORDS)
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


@lru_cache(maxsize=65_536)
def _stem_interned(word: str) -> str:
    # Cached and interned: entries share their stems (memory), and stemming
    # the same words over and over costs nothing.
    return sys.intern(stem(word))


def _info(candidate: Candidate) -> EntryInfo:
    return entry_info(
        candidate.message,
        candidate.code,
        tuple(candidate.aliases),
        candidate.cause,
        candidate.solution,
    )


def _id_key(value: Any) -> tuple[int, Any]:
    """Sort key for ids of mixed types (ints before strings)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return (1, str(value))
    return (0, value)


@dataclass
class _Query:
    """The query, prepared once per ranking."""

    paste: Paste
    norms: list[NormText]
    factors: list[float]  # per norm: 1.0, less for one cut out of an earlier one
    haystack: str  # all normalised candidates, for cheap pre-filtering
    short_sets: list[frozenset[str]]  # token sets of norms that may be contained
    tokens: frozenset[str]
    stems: frozenset[str]  # stems of every token (for the order-free overlap)
    terms: list[str]
    direct_code: str  # the query itself as a code (lower-cased), or ""
    paste_codes: frozenset[str]  # lower-cased codes the paste names
    paste_prefixes: frozenset[str]  # their dotted prefixes
    text_identifiers: frozenset[str]  # identifiers written in the text, as-is


@lru_cache(maxsize=64)
def _prepare(query: str) -> _Query:
    # Cached: one search prepares the same text for query_terms, the ranking
    # and (after a typo correction) the ranking again. _Query is read-only.
    paste = unwrap(query)
    messages = paste.messages[: MAX_MESSAGES - 1]
    if paste.messages and paste.messages[-1] not in messages:
        messages.append(paste.messages[-1])
    norms: list[NormText] = []
    seen: set[str] = set()
    for message in messages:
        norm = normalise(message)
        if norm.tokens and norm.joined not in seen:  # the same words once
            seen.add(norm.joined)
            norms.append(norm)
    factors = []
    for i, norm in enumerate(norms):
        parent = max(
            (
                len(earlier.joined)
                for earlier in norms[:i]
                if len(earlier.joined) > len(norm.joined)
                and (
                    earlier.joined.endswith(norm.joined)
                    or earlier.joined.startswith(norm.joined)
                )
            ),
            default=0,
        )
        cut = 1.0 - len(norm.joined) / parent if parent else 0.0
        factors.append(1.0 - DERIVED_PENALTY * cut)
    # A network failure stands for the catalogue's words for it, weaker than
    # anything the paste says itself: before the whole paste, which stays last.
    for hint in network_hints(paste.text):
        norm = normalise(hint)
        if norm.joined not in seen:
            seen.add(norm.joined)
            position = max(len(norms) - 1, 0)
            norms.insert(position, norm)
            factors.insert(position, NETWORK_HINT_FACTOR)
    haystack = "\n".join(n.joined for n in norms)
    tokens = frozenset(t for n in norms for t in n.tokens)
    terms = _keyword_terms(paste)
    codes = frozenset(c.lower() for c in paste.codes)
    stripped = " ".join(paste.text.split()).strip(" \"'`.,;:!?()[]{}<>")
    stripped = re.sub(r"^\d{3}\s*[-:]?\s*", "", stripped)
    direct = stripped.lower() if 0 < len(stripped) <= 80 else ""
    identifiers = frozenset(IDENTIFIER_RE.findall(paste.text[:8192]))
    return _Query(
        paste=paste,
        norms=norms,
        factors=factors,
        haystack=haystack,
        short_sets=[n.token_set for n in norms if 3 <= len(n.tokens) <= 80],
        tokens=tokens,
        stems=frozenset(stem(w) for t in tokens for w in (t, *SYNONYMS.get(t, ()))),
        terms=terms,
        direct_code=direct,
        paste_codes=codes,
        paste_prefixes=frozenset(
            c[:i] for c in codes for i, ch in enumerate(c) if ch == "."
        ),
        text_identifiers=identifiers,
    )


def _best_template(info: EntryInfo, query: _Query) -> tuple[float, PatternMatch | None]:
    """The entry's best template match over the paste's candidates."""
    haystack = query.haystack
    for key_word in info.key_words:
        if not key_word or key_word in haystack:
            break
    else:
        # No alternative's rarest word occurs anywhere, so none occurs; the
        # paste might still be a part of the message (all its words in it).
        vocabulary = info.vocabulary
        for tokens in query.short_sets:
            if tokens <= vocabulary:
                break
        else:
            return 0.0, None
    best_score = 0.0
    best: PatternMatch | None = None
    for norm, factor in zip(query.norms, query.factors, strict=True):
        found = info.pattern.match(norm)
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


def _bag_score(info: EntryInfo, query: _Query) -> float:
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
    query: str,
    candidates: Iterable[Any],
    text_scores: dict[Any, float] | None = None,
    limit: int = 50,
) -> RankResult:
    """Rank *candidates* (Candidates or entry-like objects) for *query*.

    *text_scores* maps candidate ids to full-text relevance normalised to 0..1
    (best = 1.0); ids missing from it count 0. When given, keyword relevance is
    the mean of it and the ranking's own keyword score.
    """
    query_ = _prepare(query if isinstance(query, str) else str(query or ""))
    pool = [candidate_from(c) for c in candidates]
    if not pool:
        return RankResult([], False, query_.paste)
    infos = [_info(c) for c in pool]

    # Codes: how many entries carry each, for specificity.
    carriers: dict[str, int] = {}
    for info in infos:
        for lower in {lower for _, lower in info.codes}:
            carriers[lower] = carriers.get(lower, 0) + 1

    keyword = _keyword_scores(query_, infos, pool, text_scores)
    templates = [_best_template(info, query_) for info in infos]
    fuzzy = _fuzzy_scores(query_, infos, templates)
    paste_codes = query_.paste_codes
    identifiers = query_.text_identifiers

    statuses = frozenset(query_.paste.statuses)
    # Any code of the query, lower-cased: entries sharing none skip the loop.
    probe = paste_codes | {i.lower() for i in identifiers} | {query_.direct_code}
    scored: list[tuple[float, tuple[int, Any], int, str, float]] = []
    for i, candidate in enumerate(pool):
        info = infos[i]
        template_score = templates[i][0]
        text = keyword[i]
        if template_score < TEXT_WEIGHT and query_.stems:
            # (Above that, the order-free overlap could not change the kind.)
            text = max(text, _bag_score(info, query_))
        code_score = 0.0
        bonus = 0.0
        if info.code_set & probe:
            for code, lower in info.codes:
                specificity = 1.0 / carriers.get(lower, 1)
                if lower == query_.direct_code:
                    code_score = DIRECT_CODE_SCORE
                if lower in paste_codes:
                    code_score = max(
                        code_score, PASTE_CODE_BASE + PASTE_CODE_UNIQUE * specificity
                    )
                if lower in paste_codes or code in identifiers:
                    bonus = max(bonus, CODE_BONUS + CODE_BONUS_UNIQUE * specificity)
        if (
            not bonus
            and paste_codes
            and (
                info.code_set & query_.paste_prefixes
                or info.code_prefixes & paste_codes
            )
        ):
            bonus = CODE_FAMILY_BONUS
        if candidate.status in statuses:
            bonus += STATUS_BONUS
        template = templates[i][1]
        if template is not None and template.verbatim:
            bonus += VERBATIM_BONUS
        # The strongest signal decides the kind; on a tie the more exact one.
        primary, _, kind = max(
            (template_score, 3, "template"),
            (code_score, 2, "code"),
            (FUZZY_WEIGHT * fuzzy[i], 1, "fuzzy"),
            (TEXT_WEIGHT * text, 0, "text"),
        )
        if primary <= 0.0:
            if bonus <= 0.0:
                continue
            kind = "code"  # only a code or status points here
        score = round(primary + bonus + TIE_TEXT * keyword[i] + TIE_FUZZY * fuzzy[i], 6)
        scored.append((-score, _id_key(candidate.id), i, kind, primary))

    scored.sort()
    hits = []
    for negative, _, i, kind, _ in scored[:limit]:
        template = templates[i][1]
        values = list(template.values) if template and kind == "template" else []
        hits.append(Hit(pool[i].id, kind, -negative, values))
    confident = False
    if scored:
        primary = scored[0][4]
        confident = primary >= CONFIDENT
        best = infos[scored[0][2]]
        if not confident and hits[0].kind == "text":
            confident = _keywords_all_found(query_, best)
        elif confident and hits[0].kind == "fuzzy":
            confident = not _near_miss(best, query_)
    return RankResult(hits, confident, query_.paste)


def _near_miss(info: EntryInfo, query: _Query) -> bool:
    """A message found word by word but for a content word the paste lacks,
    not even misspelt (``messages`` where the paste says ``model``): a near
    miss, however many of the other words line up."""
    alignments = [info.pattern.align(norm) for norm in query.norms]
    text = max(alignments, key=lambda a: a.f1).alternative
    literal = next(a.literal_words for a in info.pattern.alternatives if a.text == text)
    tokens = query.tokens
    for word in literal:
        if word in STOPWORDS or word in tokens or not word.isalpha() or len(word) < 3:
            continue
        near = _one_edit_keys(word)
        if not any(
            token in near
            or (len(token) <= len(word) + 1 and near & _one_edit_keys(token))
            for token in tokens
        ):
            return True
    return False


@lru_cache(maxsize=8192)
def _one_edit_keys(word: str) -> frozenset[str]:
    """The word and its one-deletion variants: two words one edit apart share
    one of these (SymSpell's test)."""
    return frozenset({word, *(word[:i] + word[i + 1 :] for i in range(len(word)))})


def _keywords_all_found(query: _Query, info: EntryInfo) -> bool:
    """A short keyword query whose every word is in the entry's message/code."""
    if not query.terms or len(query.terms) > CONFIDENT_TEXT_TERMS:
        return False
    return all(term in info.message_terms for term in query.terms)


def _keyword_scores(
    query: _Query,
    infos: list[EntryInfo],
    pool: list[Candidate],
    text_scores: dict[Any, float] | None,
) -> list[float]:
    """Weighted share of the query's words each entry contains (0..1)."""
    terms = query.terms
    n = len(infos)
    own = [0.0] * n
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
                    own[i] = sum(keywords[t] * idf[t] for t in common) / total
    if text_scores is None:
        return own
    return [
        0.5 * score + 0.5 * max(0.0, min(1.0, float(text_scores.get(c.id, 0.0))))
        for score, c in zip(own, pool, strict=True)
    ]


def _fuzzy_scores(
    query: _Query,
    infos: list[EntryInfo],
    templates: list[tuple[float, PatternMatch | None]],
) -> list[float]:
    """Fuzzy alignment F1 for the entries sharing most words with the query."""
    scores = [0.0] * len(infos)
    if not query.tokens:
        return scores
    ranked: list[tuple[float, int]] = []
    settled = False
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
            if not word_set:
                continue
            overlap = len(word_set & query.tokens)
            if overlap >= 2 or (overlap and len(word_set) <= 3):
                best = max(best, overlap / len(word_set) + 0.01 * overlap)
        if best:
            ranked.append((best, i))
    ranked.sort(key=lambda item: -item[0])
    shortlist = FUZZY_SHORTLIST_SETTLED if settled else FUZZY_SHORTLIST
    pairs = list(zip(query.norms, query.factors, strict=True))
    chosen = pairs[: MAX_FUZZY_MESSAGES - 1]
    # Network stand-ins (errors.search.network) are aligned too, at their weight.
    chosen += [p for p in pairs[:-1] if p[1] == NETWORK_HINT_FACTOR and p not in chosen]
    if pairs[-1] not in chosen:
        chosen.append(pairs[-1])
    for _, i in ranked[:shortlist]:
        pattern = infos[i].pattern
        scores[i] = max(pattern.align(norm).f1 * factor for norm, factor in chosen)
    return scores


def paste_of(query: str) -> Paste:
    """What the paste holds (unwrapped once per query: the ranking's own)."""
    return _prepare(query).paste


def query_terms(query: str, limit: int = 32) -> list[str]:
    """Distinctive lower-case words of a query, for full-text pruning.

    Taken from the unwrapped messages (best first) and codes; stop words,
    wrapper noise, request ids and value-like numbers are dropped. Tokens are
    split the way FTS engines split (on anything not a letter or digit, no
    camelCase splitting), so ``enable_thinking`` gives ``enable``, ``thinking``.
    """
    paste = _prepare(query).paste  # never raises
    seen: dict[str, None] = {}
    sources = _sources(paste) + [(hint, False) for hint in network_hints(paste.text)]
    for text, raw in sources:
        text = clean_message(text[:MAX_TERM_SOURCE])
        for token in FTS_TOKEN_RE.findall(text.lower()):
            if (
                len(token) < 2
                or token in STOPWORDS
                or (raw and token in NOISE_WORDS)
                or HEXISH_RE.match(token)
                or (len(token) >= 12 and any(ch.isdigit() for ch in token))
            ):
                continue
            seen.setdefault(token, None)
            if len(seen) >= limit:
                return list(seen)
    return list(seen)


__all__ = [
    "Candidate",
    "Hit",
    "RankResult",
    "candidate_from",
    "paste_of",
    "query_terms",
    "rank",
    "stem",
]
