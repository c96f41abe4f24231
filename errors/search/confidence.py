"""Whether the first of a search's hits is a good match.

The ranking (errors.search.ranking) orders the entries; this decides if the
first one is *the* answer, which the pages and the API say (`good_match`)
and which decides whether the API gives advice. A strong signal is not
enough when it names no entry in particular (a code many carry, keywords
many messages hold) or when the message differs from the paste in a content
word (a near miss).
"""

from __future__ import annotations

import re
from collections import Counter

from errors.search.alternatives import ERROR_CODE_WORD
from errors.search.entries import EntryInfo, other_status
from errors.search.query import Query
from errors.search.statuses import REASON_PHRASES
from errors.search.text import STOPWORDS, tokenise, words
from errors.search.typos import one_edit_keys

# ``confident`` when the best entry's main signal reaches this (a full or
# nearly full template, a direct code, a close fuzzy match), or when a short
# keyword query is entirely found in the entry's message or code.
CONFIDENT = 0.72
CONFIDENT_TEXT_TERMS = 4
# ... and names at most this many entries: ``invalid`` or ``quota`` is in a
# dozen messages and names none of them (two entries may share a message).
CONFIDENT_TEXT_ENTRIES = 2
# Words that turn a message around (``doesn't`` is tokenised ``doesn t``).
NEGATIONS = frozenset(
    "not no cannot never without doesn don isn aren wasn didn won".split()
)


# HTTP's name for a status comes right after its number (``404 (Not
# Found)``, ``HTTP/1.1 404 Not Found``, aiohttp's ``404, message='Not
# Found'``); a paste saying it more often than this says more than a status
# line.
AFTER_STATUS_RE = re.compile(r"(?<!\d)[1-5][0-9][0-9](?:\W{0,3}|, message=\W)$")
STATUS_GAP = 16
MAX_PHRASES = 8
# An error code given as a number (``error code: 414``), in the first
# MAX_CODE_SCAN characters.
ERROR_CODE_RE = re.compile(rf"(?i)(?<![\w]){ERROR_CODE_WORD}\W{{0,3}}(\d{{1,6}})(?!\d)")
MAX_CODE_SCAN = 16 * 1024


def confident(
    query: Query,
    best: EntryInfo,
    kind: str,
    primary: float,
    carriers: dict[str, int],
    infos: list[EntryInfo],
) -> bool:
    """Whether the best hit is a good match (`kind` and `primary`: its
    deciding signal and that signal's score; `carriers`: how many of the
    ranked entries carry each code)."""
    if query.glossed:
        # Read through the glossary: our translation of the words, not theirs.
        return False
    if query.ended_elsewhere:
        # The run ended on another cloud's error or out of memory (what the
        # catalogue holds was at most an earlier failure), or another model
        # provider answered: its errors are worded alike, but are not these.
        return False
    if _said_by_local_error(query, best):
        # The user's own code failed (``IndexError: list index out of
        # range``): a server message of the same words is not its answer.
        return False
    if kind == "template" and _said_as_status_name(query, best):
        # ``Status: 404 (Not Found)``: HTTP's name for the status, not the
        # documented ``Not found!``.
        return False
    if kind == "code" and carriers.get(query.direct_code, 0) > 1:
        # A code several entries carry (``InvalidParameter``) names none of
        # them: they are listed, none is the answer.
        return False
    if kind in ("text", "fuzzy") and other_status(
        best, query.statuses & {info.status for info in infos}
    ):
        # Words shared or lined up beside another entry's status (``500
        # voice clone`` for a 429's message); a status none of the entries
        # has (an engine's ``418``) tells nothing.
        return False
    if kind in ("template", "fuzzy") and _another_error_code(best, query):
        # ``Engine return error code: 414`` for ``… code: 418``: another
        # error of the family, which the catalogue may not document.
        return False
    if kind == "fuzzy" and _names_another_parameter(best, query):
        # Lined up with a message about a parameter the text does not name,
        # while it names others (``Range of top_logprobs should be [0, 5]``
        # for ``Range of top_p should be (0.0, 1.0]``): the same words about
        # another parameter.
        return False
    strong = primary >= CONFIDENT
    # Words typed in another order line up only fuzzily (errors.search.fuzzy),
    # a message's opening sentence alone is only likely it (templates.
    # SENTENCE_CUT_SCORE), but keywords all found, and in one message only,
    # are as good as when they were the deciding signal.
    if not strong and kind in ("text", "fuzzy", "template"):
        return (
            _keywords_all_found(query, best)
            and _few_named(query, infos)
            and not query.unread_chinese
        )
    if strong and kind == "fuzzy":
        return not _near_miss(best, query)
    return strong


def _another_error_code(info: EntryInfo, query: Query) -> bool:
    """Whether the entry's message documents error codes (a number after
    alternatives.ERROR_CODE_WORD) and the text gives only other ones."""
    documented = {
        text
        for alternative in info.pattern.alternatives
        for text, kind, _, _ in alternative.literals
        if kind == "code"
    }
    if not documented:
        return False
    given = set(ERROR_CODE_RE.findall(query.text[:MAX_CODE_SCAN]))
    return bool(given) and given.isdisjoint(documented)


def _names_another_parameter(info: EntryInfo, query: Query) -> bool:
    """Whether the entry's message names parameters and the text names
    others, none of them the message's, even misspelt (``max_token`` is
    ``max_tokens``)."""
    if not info.names or not query.names or not info.names.isdisjoint(query.names):
        return False
    keys = [one_edit_keys(name) for name in info.names]
    return not any(
        not own.isdisjoint(one_edit_keys(name)) for name in query.names for own in keys
    )


def _said_as_status_name(query: Query, info: EntryInfo) -> bool:
    """Whether the entry's message is only an HTTP status's name (``Not
    found!``) and the paste says it only right after a status (``Status: 404
    (Not Found)``), where it is HTTP's name, not the server's message."""
    said = words(info.pattern.message)
    if " ".join(said) not in REASON_PHRASES:
        return False
    phrase = re.compile(r"(?i)(?<!\w)" + r"\W+".join(map(re.escape, said)) + r"(?!\w)")
    text = query.text
    found = False
    for count, match in enumerate(phrase.finditer(text)):
        before = text[max(0, match.start() - STATUS_GAP) : match.start()]
        if count >= MAX_PHRASES or not AFTER_STATUS_RE.search(before):
            return False
        found = True
    return found


def _said_by_local_error(query: Query, info: EntryInfo) -> bool:
    """Whether a traceback ending in the program's own mistake says every
    word of the entry's message in that last exception's own line, naming
    neither the entry's code nor its status anywhere (a retry's ``429
    limit_requests`` earlier is another failure), and the entry is a
    server's answer (one with a status: one without documents what a client
    raises, such as an SDK's ``TypeError`` for a call missing an argument)."""
    paste = query.paste
    if not paste.local_error or info.status is None:
        return False
    if info.status in paste.statuses or not info.code_set.isdisjoint(
        code.lower() for code in paste.codes
    ):
        # The paste names the entry's status or code: the server said it.
        return False
    said = set(tokenise(paste.local_error).tokens)
    return any(
        alternative.word_set and alternative.word_set <= said
        for alternative in info.pattern.alternatives
    )


def _near_miss(info: EntryInfo, query: Query) -> bool:
    """A message found word by word but for a content word the paste lacks,
    not even misspelt, with a word of the paste's own in its place
    (``messages`` where the paste says ``model``): a near miss, however many
    of the other words line up. A word only left out (``invalid api key``
    typed for ``Invalid API-key provided.``) is none: nothing contradicts it."""
    alignment, norm = max(
        ((info.pattern.align(norm), norm) for norm in query.norms),
        key=lambda pair: pair[0].f1,
    )
    literal = next(
        a.literal_words
        for a in info.pattern.alternatives
        if a.text == alignment.alternative
    )
    tokens = query.tokens
    if not any(_lacks(word, tokens) for word in literal):
        return False
    # What the text says that the message does not, or says more often.
    said = Counter(t for t in norm.tokens if _content_word(t))
    said.subtract(literal)
    return any(count > 0 for count in said.values())


def _content_word(word: str) -> bool:
    return word not in STOPWORDS and word.isalpha() and len(word) >= 3


def _lacks(word: str, tokens: frozenset[str]) -> bool:
    """Whether the text lacks this content word of a message, not even
    misspelt (one edit away either way)."""
    if not _content_word(word) or word in tokens:
        return False
    near = one_edit_keys(word)
    return not any(
        token in near or (len(token) <= len(word) + 1 and near & one_edit_keys(token))
        for token in tokens
    )


def _few_named(query: Query, infos: list[EntryInfo]) -> bool:
    """At most CONFIDENT_TEXT_ENTRIES of the entries hold every keyword, and
    when more than one, with one message: two entries sharing a message are
    one answer, two messages (``oss upload error.``, ``oss download
    error.``) are two."""
    messages = set()
    named = 0
    for info in infos:
        if _holds_every_term(info, query):
            named += 1
            messages.add(info.pattern.message)
            if named > CONFIDENT_TEXT_ENTRIES or len(messages) > 1:
                return False
    return True


def _keywords_all_found(query: Query, info: EntryInfo) -> bool:
    """A short keyword query whose every word is in the entry's message/code.
    A query that denies something (``streaming is not supported``) names
    only a message that denies something too: ``This model only support
    stream mode`` has all its words and means the opposite (negations are
    stopwords, so the words alone cannot tell). The message's shortest
    wording with all the words (a line, or one of its `` / `` parts) must
    have a negation; which word it denies is not compared (``no model
    found`` and ``Model can not be found`` say the same)."""
    if not query.terms or len(query.terms) > CONFIDENT_TEXT_TERMS:
        return False
    # The words agree, but the status the text names does not.
    if other_status(info, query.paste.statuses):
        return False
    if not query.tokens.isdisjoint(NEGATIONS):
        wordings = [
            alternative
            for alternative, stems in zip(
                info.pattern.alternatives, info.alternative_stems, strict=True
            )
            if all(term in stems for term in query.terms)
        ]
        shortest = min(wordings, key=lambda a: len(a.literal_words), default=None)
        return shortest is not None and not shortest.word_set.isdisjoint(NEGATIONS)
    return _holds_every_term(info, query)


def _holds_every_term(info: EntryInfo, query: Query) -> bool:
    """Every keyword is in the entry's message or code."""
    return all(term in info.message_terms for term in query.terms)
