"""A search's text, prepared once: everything the index and the ranking read
from what the user pasted.

``Query.parse(text)`` unwraps the paste (errors.search.paste) into candidate
messages, statuses and codes; tokenises each message (errors.search.text);
adds the catalogue's words for a client-side failure (errors.search.client_failures);
and gathers the words to ask the index for, the stems keyword relevance
scores, and the codes the paste names. Everything after reads this one
object: nothing unwraps or tokenises the paste again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from errors.limits import MAX_QUERY_BYTES
from errors.search.client_failures import failure_hints
from errors.search.findings import Collector, clean_message
from errors.search.foreign import foreign_failure, other_provider
from errors.search.glossary import CJK_RE, gloss
from errors.search.norms import candidate_norms
from errors.search.paste import (
    PROSE_WORDS_RE,
    Paste,
    english_runs,
    prepare_text,
    unwrap,
)
from errors.search.statuses import (
    COUNTED_AFTER,
    FILLER,
    status_of_phrase,
    status_only,
)
from errors.search.text import (
    MODEL_NAME_RE,
    STOPWORDS,
    NormText,
    index_words,
    interned_stem,
    keyword_text,
    names_in,
    tokenise,
    without_urls,
    words,
)

MAX_KEYWORD_TERMS = 32  # stems used for keyword relevance
MAX_INDEX_TERMS = 32  # words the index is asked for
MAX_TERM_SOURCE = 4000  # characters of one text read for query words
PASTE_TERMS = 4  # a query of this many index words or more is a paste
TYPED_WORDS = (2, 6)  # a text of more words is a paste, not typing
# What words typed hold: letters, digits, spaces and what names and codes
# hold (``qwen-max``, ``max_tokens``, ``qwen2.5``, ``InvalidFile.FPS``).
TYPED_TEXT_RE = re.compile(r"[A-Za-z0-9 ._\-]+")
# A typed text of at most this many words may name a status bare (``… 503``)
# and the numbers a message documents.
TYPED_STATUS_WORDS = 10
MAX_TYPED_CHARS = 400  # ... and of at most this many characters
MAX_TYPED_CJK_CHARS = 80  # ... or this many, typed in Chinese
# A status typed bare stands alone: not a part of a name, path, address or
# size (``file_430.wav``, ``/430/``, ``10.0.0.1:430``, ``430ms``), nor a count,
# a measure or a place (statuses.COUNTED_AFTER: ``500秒``, ``第404行``).
# Chinese words around it are words of their own (``报418``): ASCII.
BARE_STATUS_RE = re.compile(
    rf"(?<![\w./:-])(?<!第)[45][0-9][0-9](?![\w/]|[.:-]\w|{COUNTED_AFTER})", re.ASCII
)
# ... and so does a number typed, its unit aside (``15MB``, ``300s``).
TYPED_NUMBER_RE = re.compile(
    r"(?<![\w./:-])([0-9]{2,})(?=[A-Za-z]*(?![\w/]|[.:-]\w))", re.ASCII
)
MAX_DIRECT_CODE = 80  # characters: a longer query is not a code by itself
MAX_IDENTIFIER_SCAN = 8192  # characters of the paste searched for identifiers
# Candidates of this many tokens may be a part of a message (containment).
SHORT_TOKENS = (3, 80)

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
    "async": ("asynchronous",),
    "sync": ("synchronous",),
}
# Values, not words: numbers, and hex runs with a digit (ids, hashes, UUID parts).
HEXISH_RE = re.compile(r"^(?=.*\d)[0-9a-f]{4,}$|^\d+$")
IDENTIFIER_RE = re.compile(r"[A-Za-z][\w.\-]*[A-Za-z0-9]|[A-Za-z]")
# A message cut short at a text's end (a log's column limit) begins within
# this many characters of it.
CUT_TAIL_CHARS = 400
# Characters of a glossed text read for the user's own English runs.
MAX_OWN_RUNS = 2000
OWN_RUN_WORDS = 4
# A status beside a code typed alone, before it or after (``400
# InvalidParameter``, ``insufficient_quota 429``, ``HTTP 403: AccessDenied``).
LEADING_STATUS_RE = re.compile(r"^(?:http\s*)?\d{3}\s*[-:]?\s*", re.IGNORECASE)
TRAILING_STATUS_RE = re.compile(r"\s*[-:(]?\s*(?:http\s*)?\d{3}\)?$", re.IGNORECASE)
# The pieces of a short text: runs of a code's characters, runs of others.
CODE_PIECE_RE = re.compile(r"[A-Za-z0-9_.\-]+|[^\sA-Za-z0-9_.\-]+")
# Chinese saying no more than that a call returned a status (``调用 qwen-plus
# 返回 400 怎么回事``): no word of its own beside a status and a model.
CN_FILLER_RE = re.compile(
    "调用|返回|报错|报|状态码|错误码|一直|总是|老是|怎么回事|怎么办|怎么解决|如何解决|什么意思|请问|求助|[了吗呢啊个]"
)


@dataclass(frozen=True)
class Query:
    """What a search reads from its text, prepared once by :meth:`parse`."""

    text: str  # as searched: NULs as spaces, capped, stripped
    paste: Paste
    status: int | None  # the text names this HTTP status and nothing more
    index_terms: list[str]  # words to ask the index for, best first
    terms: list[str]  # stems for keyword relevance, best first
    norms: list[NormText]  # the candidate messages, tokenised, whole paste last
    factors: list[float]  # per norm: 1.0, less for one cut out of an earlier one
    haystack: str  # all tokenised candidates, for cheap pre-filtering
    tails: str  # their ends, where a message cut short would begin
    short_sets: list[frozenset[str]]  # token sets of norms that may be contained
    tokens: frozenset[str]
    stems: frozenset[str]  # stems of every token (for the order-free overlap)
    direct_code: str  # the text itself as a code (lower-cased), or ""
    paste_codes: frozenset[str]  # lower-cased codes the paste names
    named_codes: frozenset[str]  # of those, named by a field (not guessed)
    paste_prefixes: frozenset[str]  # their dotted prefixes
    identifiers: frozenset[str]  # identifiers written in the text, as-is
    # Chinese words of it were read as English (errors.search.glossary) and
    # it has no English words of its own: a translation, which names no
    # entry for certain.
    glossed: bool = False
    # Chinese words of it the glossary does not read (``qwen 回答 中文乱码``,
    # "garbled Chinese in the answers"): the search could not weigh them, so
    # it cannot tell that an entry holding the rest is meant.
    unread_chinese: bool = False

    @classmethod
    def parse(cls, text: str) -> Query:
        """Unwrap, tokenise and index *text* (never raises)."""
        text = text.replace("\x00", " ")[:MAX_QUERY_BYTES].strip()
        # Chinese words read as the catalogue's English (errors.search.glossary).
        searched = gloss(text)
        translated = searched != text
        paste = unwrap(searched)
        hints = failure_hints(paste.text)
        # The English the user wrote among Chinese words, apart: glossed, the
        # Chinese becomes English words that run into it (``复刻音色满了
        # Maximum voice storage limit`` is one run of English once read).
        # Only a run of a message's length: two or three words (``access
        # denied`` beside 欠费) are the gloss's context, not a message.
        own = [
            run
            for run in (
                english_runs(prepare_text(text[:MAX_OWN_RUNS])) if translated else []
            )
            if len(tokenise(run).tokens) >= OWN_RUN_WORDS
        ]
        norms, factors = candidate_norms(paste, hints, own)
        # The order-free signals read the words outside URLs (text.URL_RE):
        # a URL's host and path are values, not words of the error.
        tokens = frozenset(
            t
            for n in norms
            for t in (
                n.tokens if "://" not in n.raw else tokenise(without_urls(n.raw)).tokens
            )
        )
        codes = frozenset(c.lower() for c in paste.codes)
        status = status_only(searched)
        if status is None:
            # Only the whole paste is a message candidate: nothing but
            # wrappers and the status's name.
            status = status_of_phrase(
                paste.statuses, paste.phrases, said_more=len(paste.messages) > 1
            )
        low, high = SHORT_TOKENS
        return cls(
            text=text,
            paste=paste,
            status=status,
            index_terms=_index_terms(paste, hints),
            terms=_keyword_terms(paste),
            norms=norms,
            factors=factors,
            haystack="\n".join(n.joined for n in norms),
            tails="\n".join(n.joined[-CUT_TAIL_CHARS:] for n in norms),
            short_sets=[n.token_set for n in norms if low <= len(n.tokens) <= high],
            tokens=tokens,
            stems=frozenset(
                interned_stem(w) for t in tokens for w in (t, *SYNONYMS.get(t, ()))
            ),
            # Glossed words are our translation, never a code typed.
            direct_code="" if translated else _direct_code(paste.text),
            paste_codes=codes,
            named_codes=frozenset(c.lower() for c in paste.named_codes),
            paste_prefixes=_prefixes(codes),
            identifiers=frozenset(
                IDENTIFIER_RE.findall(paste.text[:MAX_IDENTIFIER_SCAN])
            ),
            glossed=translated and not PROSE_WORDS_RE.search(text),
            unread_chinese=CJK_RE.search(searched) is not None,
        )

    @property
    def keywords(self) -> bool:
        """Typed keywords (a few words), not a pasted message."""
        return len(self.index_terms) < PASTE_TERMS

    @cached_property
    def synonym_terms(self) -> list[str]:
        """Index words for what the catalogue calls the query's words
        otherwise (``apikey``: api, key; SYNONYMS), not among them: the
        index is asked for them too, but they are never required."""
        found: dict[str, None] = {}
        for term in self.index_terms:
            for synonym in SYNONYMS.get(term, ()):
                if synonym not in self.index_terms:
                    found.setdefault(synonym, None)
        return list(found)

    @cached_property
    def statuses(self) -> frozenset[int]:
        """The HTTP statuses the paste names; in a few words typed, with no
        status named as such, any number from 400 to 599 standing alone among
        them (``throttled due to system capacity limits 503``): a tie-breaker."""
        if self.paste.statuses:
            return frozenset(self.paste.statuses)
        return frozenset(int(n) for n in BARE_STATUS_RE.findall(self.typed_text))

    @cached_property
    def model_status(self) -> tuple[int, str] | None:
        """The status and the model's name of a text that names a status and
        nothing more once the name is taken out (``429 qwen-vl``, ``HTTP 503:
        qwen-max``): the name says where the error came from, the status
        which error it was."""
        text = self.paste.text  # Chinese the glossary read, read as English
        if len(text) > MAX_TYPED_CHARS or CJK_RE.search(CN_FILLER_RE.sub("", text)):
            return None  # long, or words of it were never read
        name = MODEL_NAME_RE.search(text)
        if name is None:
            return None
        status = status_only(MODEL_NAME_RE.sub(" ", text))
        return None if status is None else (status, name.group())

    @cached_property
    def ended_elsewhere(self) -> bool:
        """Whether the run ended on another cloud's error or the runtime's,
        or another model provider answered (errors.search.foreign): read
        once per text, however many rankings ask."""
        text = self.paste.text
        return foreign_failure(text) or other_provider(text)

    @cached_property
    def names(self) -> frozenset[str]:
        """The parameter names written in the text (text.names_in)."""
        return names_in(self.paste.text[:MAX_IDENTIFIER_SCAN])

    @cached_property
    def typed_numbers(self) -> frozenset[str]:
        """In a few words typed, the numbers of two digits or more standing
        alone, which a message documenting them holds (``image max 7000 min
        400``)."""
        return frozenset(TYPED_NUMBER_RE.findall(self.typed_text))

    @cached_property
    def typed_text(self) -> str:
        """The whole text when it is a few words typed (at most
        TYPED_STATUS_WORDS), else "". Typed in Chinese, the whole text: its
        last candidate is its English words alone, and the status or the
        number typed stands among the Chinese (``合成报错418``)."""
        # (Its length as typed: the glossary's English is longer.)
        if len(self.text) <= MAX_TYPED_CJK_CHARS and CJK_RE.search(self.text):
            return self.paste.text
        if not self.norms or len(self.norms[-1].tokens) > TYPED_STATUS_WORDS:
            return ""
        raw = self.norms[-1].raw
        # The tokens stop at a cap: a few of them may be all that was read
        # of a long run of junk.
        return raw if len(raw) <= MAX_TYPED_CHARS else ""

    @cached_property
    def keyword_terms(self) -> list[str]:
        """The words keywords must all hold: those of the shortest message
        unwrapped from the text, when there is one, so that a short wrapper's
        words (``[qwen] Model can not be found.``, ``Error: rate lim``) are
        not required of the entries. (Read twice per keyword search: once
        for the groups, once for the wrapper's words.)"""
        extracted = [
            m for m in self.paste.messages[:-1] if len(m) < len(self.paste.text)
        ]
        if not extracted:
            return self.index_terms
        inner = set(index_words(clean_message(min(extracted, key=len))))
        return [t for t in self.index_terms if t in inner] or self.index_terms


def with_codes(query: Query, codes: Iterable[str]) -> Query:
    """The query naming these codes too, as a field would (each with its
    dotted tails, errors.search.findings.Collector.code), not as named by a
    field (a guess: no named_codes)."""
    found = Collector()
    for code in codes:
        found.code(code, named=False)
    lowered = query.paste_codes | {code.lower() for code in found.codes}
    return replace(query, paste_codes=lowered, paste_prefixes=_prefixes(lowered))


def _prefixes(codes: frozenset[str]) -> frozenset[str]:
    """The dotted prefixes of lower-cased codes (``internalerror`` of
    ``internalerror.algo``): the family a code belongs to."""
    return frozenset(c[:i] for c in codes for i, ch in enumerate(c) if ch == ".")


def _direct_code(text: str) -> str:
    """The whole text as a code (``Arrearage``, ``400 InvalidParameter``),
    lower-cased, or "" when it is too long to be one. A status and the
    model's name beside the code (``insufficient_quota qwen-plus 429``) say
    where it came from, not which of the code's entries it is: the status
    still weighs as a status, the name is left out."""
    if len(text) > 2 * MAX_DIRECT_CODE:
        return ""
    stripped = " ".join(MODEL_NAME_RE.sub(" ", text).split())
    punctuation = " \"'`.,;:!?()[]{}<>"
    stripped = stripped.strip(punctuation)
    stripped = LEADING_STATUS_RE.sub("", stripped, count=1)
    stripped = TRAILING_STATUS_RE.sub("", stripped, count=1).strip(punctuation)
    stripped = _code_among_filler(stripped) or stripped
    return stripped.lower() if 0 < len(stripped) <= MAX_DIRECT_CODE else ""


def _code_among_filler(text: str) -> str | None:
    """The one piece written as a code (a capital, ``_`` or ``.`` in it)
    among words that say nothing of which error it is (statuses.FILLER,
    CN_FILLER_RE: ``insufficient_quota error``, ``InvalidApiKey 报错``)."""
    # (Punctuation between them is no piece: ``Error: InvalidParameter``.)
    pieces = [
        p.strip(".-")
        for p in CODE_PIECE_RE.findall(text)
        if any(ch.isalnum() for ch in p)
    ]
    kept = [p for p in pieces if p.lower() not in FILLER and CN_FILLER_RE.sub("", p)]
    if len(pieces) < 2 or len(kept) != 1:
        return None
    code = kept[0]
    written_as_code = code.isascii() and any(c.isupper() or c in "_." for c in code)
    return code if written_as_code else None


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
        for word in words(keyword_text(text[:MAX_TERM_SOURCE])):
            if len(word) < 2 or word in STOPWORDS or HEXISH_RE.match(word):
                continue
            if raw and word in NOISE_WORDS:
                continue
            for term in (word, *SYNONYMS.get(word, ())):
                seen.setdefault(interned_stem(term), None)
            if len(seen) >= MAX_KEYWORD_TERMS:
                return list(seen)
    return list(seen)


def _index_terms(paste: Paste, hints: list[str]) -> list[str]:
    """Distinctive words to ask the index for, best first.

    Taken from the unwrapped messages and codes, then the failure hints; stop
    words, wrapper noise, request ids and value-like numbers are dropped.
    Split the way the index splits (``enable_thinking`` gives ``enable``,
    ``thinking``; no camelCase splitting).
    """
    seen: dict[str, None] = {}
    for text, raw in _sources(paste) + [(hint, False) for hint in hints]:
        text = without_urls(text[:MAX_TERM_SOURCE])
        for token in index_words(clean_message(text)):
            if _is_index_term(token, raw):
                seen.setdefault(token, None)
                if len(seen) >= MAX_INDEX_TERMS:
                    return list(seen)
    return list(seen)


def _is_index_term(token: str, raw: bool) -> bool:
    return not (
        len(token) < 2
        or token in STOPWORDS
        or (raw and token in NOISE_WORDS)
        or HEXISH_RE.match(token)
        or (len(token) >= 12 and any(ch.isdigit() for ch in token))
    )
