"""What a typed text means beyond its letters: the unfinished last word
(search-as-you-type), misspelt words, the numbers among them, a misspelt
code, and a code spelt out as words.

A typed text is short and written from memory, so it is read with the
catalogue's words and codes at hand (errors.search.snapshot): a word or code
the catalogue lacks is probably one it holds, cut short or mistyped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from django.db.models import Q

from errors.models import ErrorEntry
from errors.search.findings import CODE_RE
from errors.search.query import TYPED_TEXT_RE, TYPED_WORDS, Query, with_codes
from errors.search.snapshot import LOOKALIKES, Snapshot
from errors.search.text import index_words
from errors.search.typos import TYPO_MIN_LENGTH, edit_distance, vocabulary_corrections

MAX_TYPO_TERM = 30
# Search-as-you-type: an unfinished last word of at least this many letters
# also finds the indexed words it begins.
PREFIX_MIN = 3
LAST_WORD_RE = re.compile(
    rf"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]{{{PREFIX_MIN - 1},{MAX_TYPO_TERM - 1}}})$"
)
# A code typed wrong (``InvalidURL.Timout``, ``InvalidParamter``) is read as
# the catalogue's code within this many edits: one up to CODE_SHORT letters
# (two would reach unrelated short codes), two beyond.
CODE_TYPO_MIN = 6
CODE_SHORT = 9
CODE_TYPO_MAX = 40  # letters: bounds the work (the catalogue's longest is 36)
# A code is spelt with a capital inside, a dot or an underscore; a plain
# word typed alone is left to the word corrections.
CODE_SHAPE_RE = re.compile(r"[A-Za-z][a-z0-9]*[A-Z._][\w.]*")
# A code among other words counts as named in a text up to this long, and
# one misspelt in a text of up to this many words; codes nearest a word not
# in the catalogue are looked for this many times (each walks every code).
TYPED_CODE_CHARS = 200
TYPED_CODE_WORDS = 8
MAX_CODE_LOOKS = 3


def keyword_groups(query: Query, snapshot: Snapshot) -> tuple[Query, list[list[str]]]:
    """The query as ranked, and each keyword with its stand-ins: the words an
    unfinished last word begins (``thrott`` → throttling, search-as-you-type)
    and the correction of a misspelt one (``arreage`` → arrearage).

    Depends on the query and the catalogue alone, never on the filters.
    """
    text, terms = query.text, query.keyword_terms
    known = snapshot.words()
    groups = [[term] for term in terms]
    # Only the end of the text is searched: a word is at most 30 letters, and
    # a pattern tried along a 64 KB run of letters would cost n^2.
    tail = text[-(MAX_TYPO_TERM + 1) :]
    last = LAST_WORD_RE.search(tail)
    if groups and last:
        word = last.group(1).lower()
        completions = [] if word in known else snapshot.completions(word)
        if completions and groups[-1][0] == word:
            groups[-1].extend(completions)
            cut = len(text) - len(tail) + last.start()
            # The ranking reads the text with the word completed: a new text,
            # prepared once in its turn.
            # Codes named among the words (typed_codes) stay named.
            completed = Query.parse(text[:cut] + completions[0])
            if query.paste_codes and not completed.paste_codes:
                completed = with_codes(completed, query.paste_codes)
            return _with_numbers(completed, groups, snapshot)
    typo_terms = [t for t in terms if 3 <= len(t) <= MAX_TYPO_TERM]
    corrections = vocabulary_corrections(typo_terms, snapshot.typo_index())
    for group in groups:
        if group[0] in corrections:
            group.append(corrections[group[0]])
    return _with_numbers(query, groups, snapshot)


def typed_corrections(query: Query, snapshot: Snapshot) -> list[str]:
    """The index words a few words typed that read as a paste (``paraformer
    timout after 23 sec``: five index words) misspell, to ask the index for
    beside them, never to require: keywords get theirs in keyword_groups.
    One edit only (looked up as one: a word of junk costs its deletions, not
    two edits' worth), and no other inflection (``frames``: frame,
    ``exceed``: exceeds): a paste's words are more often other words than
    misspelt ones."""
    if not query.typed_text:
        return []
    index = snapshot.typo_index()
    found = []
    for term in query.index_terms:
        if (
            not TYPO_MIN_LENGTH <= len(term) <= MAX_TYPO_TERM
            or not term.isalpha()
            or term in index.words
        ):
            continue
        word = index.closest(term, 1)
        if (
            word is not None
            and word not in query.index_terms
            and word not in found
            and not term.startswith(word)
            and not word.startswith(term)
        ):
            found.append(word)
    return found


def _with_numbers(
    query: Query, groups: list[list[str]], snapshot: Snapshot
) -> tuple[Query, list[list[str]]]:
    """The numbers typed among the words (``cosyvoice 418``: the engine's
    error code the user saw) stand in for any word in the index, so an entry
    documenting the number is found without the others, and count as words
    of the query in the ranking. A status the catalogue documents (``403
    workspace``) is the status, not a number of a message."""
    if not query.typed_numbers or not groups:
        return query, groups
    statuses = {str(status) for status in snapshot.facts().statuses}
    numbers = sorted(query.typed_numbers - statuses - set(query.terms))
    if not numbers:
        return query, groups
    for group in groups:
        group.extend(numbers)
    return replace(query, terms=[*query.terms, *numbers]), groups


def corrected_code(query: Query, snapshot: Snapshot) -> str | None:
    """The catalogue's code a text that is only a mistyped code means, when
    exactly one is nearest; None for anything else."""
    typed = query.direct_code
    if (
        not CODE_TYPO_MIN <= len(typed) <= CODE_TYPO_MAX
        or not CODE_RE.fullmatch(typed)
        or not CODE_SHAPE_RE.fullmatch(query.text.strip())
    ):
        return None
    codes = snapshot.codes()
    if codes is None or typed in codes:
        return None
    return _nearest_code(typed, codes)


def _nearest_code(
    typed: str, codes: dict[str, str], reach: int | None = None
) -> str | None:
    """The one code within a typo's reach of `typed` (lower-cased), if one
    is nearest."""
    if reach is None:
        reach = 1 if len(typed) <= CODE_SHORT else 2
    best: list[str] = []
    nearest = reach + 1
    for lower, code in codes.items():
        distance = edit_distance(typed, lower, min(reach, nearest))
        if distance < nearest:
            nearest, best = distance, [code]
        elif distance == nearest and distance <= reach:
            best.append(code)
    return best[0] if nearest <= reach and len(best) == 1 else None


def typed_codes(query: Query, snapshot: Snapshot) -> tuple[Query, bool]:
    """A code written among a few words typed (``FlowNotPublished 是什么原因``,
    ``rag app RetrievalFailed``) names its entries as a code field would,
    read within one typo of the catalogue's, or with characters that look
    alike (``FILE_4O3_FORBlDDEN``), in a few words typed: a guess,
    so never more than a field's code (a library's class of the same name,
    ``TimeoutError: socket closed``, is listed first but no good match).
    Only in a short text that names no code otherwise and is not a code
    alone; a misspelt name heading a message (``Name: …``) is not read.
    With whether a code was read otherwise than typed (then the text as
    ranked is our reading, never a good match)."""
    text = query.text
    if query.paste_codes or len(text) > TYPED_CODE_CHARS:
        return query, False
    codes = snapshot.codes()
    if not codes or query.direct_code in codes:
        return query, False
    named = []
    reread = False
    # Misspelt codes are looked for in a few words typed only: in a longer
    # text the words around would be read again as our reading.
    looked = 0 if len(text.split()) <= TYPED_CODE_WORDS else MAX_CODE_LOOKS
    for identifier in sorted(query.identifiers):
        if not (
            CODE_TYPO_MIN <= len(identifier) <= CODE_TYPO_MAX
            and CODE_SHAPE_RE.fullmatch(identifier)
        ):
            continue
        lower = identifier.lower()
        code = codes.get(lower)
        heads = code is None and _heads_a_message(identifier, query.paste.text)
        if code is None and looked < MAX_CODE_LOOKS and not heads:
            looked += 1  # each look walks the catalogue's codes
            code = snapshot.lookalike_codes().get(
                lower.translate(LOOKALIKES)
            ) or _nearest_code(lower, codes, reach=1)
            if code is not None:
                # Read with the code as the catalogue spells it, so the
                # index finds its entries (prepared once more, as a
                # completion is).
                reread = True
                text = text.replace(identifier, code)
        if code is not None:
            named.append(code)
    named = _joined_parts(query.identifiers, snapshot.dotted_codes(), named)
    if not named:
        return query, False
    return with_codes(Query.parse(text) if reread else query, named), reread


def _joined_parts(
    identifiers: frozenset[str],
    dotted: dict[str, list[tuple[list[str], str]]],
    named: list[str],
) -> list[str]:
    """`named`, with each dotted code whose parts the text writes apart, each
    as the code spells it (``AccessDenied … Unpurchased`` for
    ``AccessDenied.Unpurchased``; ``InternalError … upload`` is no
    ``InternalError.Upload``; the glossary writes no code's part but
    ``FPS``, 帧率's, which is meant), in place of
    its head: one part, at least, a code's shape (a capital inside), and the
    last no code of its own (``Model … AccessDenied`` is the code
    AccessDenied, not ``Model.AccessDenied``: Snapshot.dotted_codes)."""
    joined = []
    for last in identifiers & dotted.keys():
        for parts, code in dotted[last]:
            if (
                code not in named
                and identifiers.issuperset(parts)
                and any(CODE_SHAPE_RE.fullmatch(part) for part in parts)
            ):
                joined.append(code)
    if not joined:
        return named
    heads = {code.split(".")[0].lower() for code in joined}
    return [code for code in named if code.lower() not in heads] + sorted(joined)


def _heads_a_message(identifier: str, text: str) -> bool:
    """Whether `identifier` is followed by a colon in `text` (``Name: …``;
    the text as normalised, so a full-width colon is one too)."""
    at = text.find(identifier)
    while at >= 0:
        if text[at + len(identifier) :].lstrip().startswith(":"):
            return True
        at = text.find(identifier, at + 1)
    return False


# Words run together at least this long are read within one slip of a code
# spelt out (``datainspection faild``); shorter ones would meet other codes.
SPELT_SLIP_CHARS = 12


def _spelt_one_slip_off(key: str, spellings: dict[str, tuple[str, ...]]) -> tuple:
    """The spellings of the one code spelt one edit from `key`, if only one is."""
    if len(key) < SPELT_SLIP_CHARS:
        return ()
    # One edit leaves the first three letters or the last three as they
    # were: a cheap test before the costly one.
    head, tail = key[:3], key[-3:]
    near = [
        found
        for spelt, found in spellings.items()
        if abs(len(spelt) - len(key)) <= 1
        and (spelt.startswith(head) or spelt.endswith(tail))
        and edit_distance(spelt, key, 1) <= 1
    ]
    return near[0] if len(near) == 1 else ()


def spelled_code(query: Query, snapshot: Snapshot) -> str | None:
    """The catalogue's code a few typed words spell out, whole or its last
    part (``audio short error`` for ``Audio.AudioShortError``), when exactly
    one does and no entry's message holds the words: the words alone would
    then find other entries that happen to hold some of them. None
    otherwise."""
    text = query.text.strip()
    if not query.direct_code or not TYPED_TEXT_RE.fullmatch(text):
        return None
    words = query.norms[-1].tokens if query.norms else []
    if not TYPED_WORDS[0] <= len(words) <= TYPED_WORDS[1]:
        return None
    codes = snapshot.codes()
    if codes is None or query.direct_code in codes:
        return None
    key = "".join(words)
    spellings = snapshot.spelt_codes()
    spelt = spellings.get(key) or _spelt_one_slip_off(key, spellings)
    # Several codes spelt alike whole (``DataInspectionFailed`` and
    # ``data_inspection_failed``) are one error's spellings: all of them.
    # Several last parts alike (``….Timeout``) name no one code.
    if len(spelt) > 1 and len({"".join(index_words(c.lower())) for c in spelt}) == 1:
        return " ".join(spelt)
    if len(spelt) != 1:
        return None
    # A message holding every word (``download failed`` is also ``download
    # image failed``) is what the words find: they are not only a code.
    # (A substring test, so ``downloaded`` counts too: it errs on keeping
    # the words' own search. One query, only for words that spell a code.)
    held = Q()
    for word in set(words):
        held &= Q(message__icontains=word)
    if ErrorEntry.objects.filter(held).exists():
        return None
    return spelt[0]
