"""Documented error messages compiled into tolerant matchers.

A documented message such as ``Range of input length should be [1, xxx]`` is a
template: the server fills ``xxx`` with a real value, and users paste it with
other capitals, quotes, full-width punctuation or a missing final period. Both
the template and the pasted text are reduced to the same *normalised* form --
lower-case ASCII word tokens (numbers kept whole, camelCase split) joined by
single spaces -- and each template becomes a regular expression over that form
in which placeholders capture values. Punctuation differences therefore never
matter, and captured values are mapped back to the original text so they keep
their punctuation (``http://my-bucket.example.com/a.mp3``).

Pure Python (stdlib only): the ranking that uses this runs inside Django views
but must stay testable without a database.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache

from errors.search.text import normalise_text

# Word tokens of any text: numbers with their decimals (``2.0``, ``0.5``) kept
# whole so they can be compared as values; letter runs split at camelCase
# boundaries so ``ConnectionError`` and ``connection error`` agree. Only ASCII
# counts as a word character: the catalogue is English, and CJK or emoji in a
# paste are noise around the message.
TOKEN_RE = re.compile(r"\d+(?:\.\d+)*|[A-Z]+(?![a-z])|[A-Z]?[a-z]+")

# Pieces of a documented message: placeholders first, then ordinary tokens.
PIECE_RE = re.compile(
    r"(?P<url>https?://[^\s\"'<>()\[\]`]+)"
    r"|(?P<brace>\{\w+\})"
    r"|(?P<printf>%[sd])"
    r"|(?P<num>\d+(?:\.\d+)*)"
    r"|(?P<word>[A-Z]+(?![a-z])|[A-Z]?[a-z]+)"
)
# ``xxx``, ``yyy``, ``xx`` and a lone ``x`` stand for values; ``xxs`` and
# ``xxxMB`` are a placeholder glued to a unit.
PLACEHOLDER_WORDS = frozenset({"x", "xx", "xxx", "xxxx", "yy", "yyy", "yyyy"})
GLUED_UNIT_RE = re.compile(r"^(x{2,4}|y{2,4})(s|ms|mb|kb|gb|px|k|m|h)$")

# Splitting a message line into alternatives. `` / `` always separates; a bare
# ``/`` does when it ends a sentence (``limit./Requests``), closes a bracket or
# quote (``2.0)/'temperature'``), opens a quoted word, or restarts the line's
# first word (``calls/parameter.enable_thinking``). ``height/width`` and
# ``video/audio/image`` stay whole, and ``/`` inside URLs is never a split.
SPACED_SLASH_RE = re.compile(r"\s/\s*|\s*/\s")
URL_RE = re.compile(r"https?://\S+")

# Limits that keep every regex linear-ish: a placeholder spans at most this many
# tokens, and matching only looks at this much normalised text.
MAX_VALUE_TOKENS = 24
MAX_NORMALISED_CHARS = 16_384

# Penalties: a placeholder match is slightly weaker than a literal one (so
# ``... smaller than 4096`` prefers the entry documenting 4096 over the ``xxx``
# one), and a documented number or URL that differs from the pasted one costs a
# little more (``Range of n should be [1, 8]`` still finds ``[1, 4]``).
PLACEHOLDER_PENALTY = 0.01
MISMATCH_PENALTY = 0.05
# A fuzzy word (one edit away) counts this much of an exact one, and another
# number in place of a documented one this much.
FUZZY_WORD_WEIGHT = 0.8
OTHER_NUMBER_WEIGHT = 0.85
# A message the text opens with (more following), or whose beginning the text
# is (cut short), scores at least this, plus the share it covers.
LEADING_SCORE = 0.8
PREFIX_TOKENS = 4  # words a cut-short text needs to count as a beginning
# Words shorter than this must match exactly (``to``/``do`` are one edit apart).
FUZZY_MIN_LENGTH = 4
# Longer "words" are values (ids, base64, a run of one letter): never a typo,
# and their deletion variants would cost n^2.
FUZZY_MAX_LENGTH = 40


def _deletes(word: str) -> set[str]:
    """Every string one deletion away from *word*."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=65_536)
def _shared_deletes(word: str) -> tuple[str, ...]:
    # One copy per distinct word: the catalogue repeats its words a lot.
    return tuple(_deletes(word))


@dataclass
class NormText:
    """A text reduced to word tokens, remembering where each came from."""

    raw: str
    tokens: list[str]
    spans: list[tuple[int, int]]  # token -> (start, end) in ``raw``
    joined: str  # tokens joined by single spaces
    starts: list[int]  # token -> start offset in ``joined``

    def original(self, start: int, end: int) -> str:
        """The raw text behind ``joined[start:end]``."""
        if not self.tokens or end <= start:
            return ""
        first = bisect_right(self.starts, start) - 1
        last = bisect_right(self.starts, end - 1) - 1
        return self.raw[self.spans[first][0] : self.spans[last][1]]

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        """Token -> sorted token indices, for in-order word alignment."""
        index: dict[str, list[int]] = {}
        for i, token in enumerate(self.tokens):
            index.setdefault(token, []).append(i)
        return index

    @cached_property
    def delete_positions(self) -> dict[str, list[int]]:
        """Each one-deletion variant of a longer token -> token indices.

        Two words are one edit apart when one is a deletion variant of the
        other or both share a deletion variant (substitution, transposition);
        indexing deletions makes that test a few dictionary look-ups.
        """
        index: dict[str, list[int]] = {}
        for i, token in enumerate(self.tokens):
            if (
                FUZZY_MIN_LENGTH <= len(token) <= FUZZY_MAX_LENGTH
                and not token[0].isdigit()
            ):
                for variant in _deletes(token):
                    index.setdefault(variant, []).append(i)
        return index

    @cached_property
    def number_positions(self) -> list[int]:
        return [i for i, token in enumerate(self.tokens) if token[0].isdigit()]

    @cached_property
    def token_set(self) -> frozenset[str]:
        return frozenset(self.tokens)


def normalise(text: str) -> NormText:
    """Tokenise *text* (ASCII words lower-cased, numbers whole)."""
    tokens: list[str] = []
    spans: list[tuple[int, int]] = []
    starts: list[int] = []
    offset = 0
    for match in TOKEN_RE.finditer(text):
        if offset >= MAX_NORMALISED_CHARS:
            break
        token = match.group().lower()
        tokens.append(token)
        spans.append(match.span())
        starts.append(offset)
        offset += len(token) + 1
    return NormText(text, tokens, spans, " ".join(tokens), starts)


def words(text: str) -> list[str]:
    """The normalised word tokens of *text*."""
    return [token.lower() for token in TOKEN_RE.findall(text)]


def interned_words(text: str) -> list[str]:
    """:func:`words`, interned: cached per-entry data shares one copy of each
    word across the whole catalogue (a large share of its memory)."""
    return [sys.intern(token.lower()) for token in TOKEN_RE.findall(text)]


@dataclass(frozen=True, slots=True)
class Element:
    """One unit of a compiled alternative."""

    kind: str  # "word", "num" (a documented number), "url" or "ph" (placeholder)
    text: str = ""  # normalised literal ("" for placeholders)
    glued: bool = False  # a unit written onto the placeholder before it (``xxs``)


@dataclass
class Alternative:
    """One way the server words the message, compiled."""

    text: str
    elements: list[Element]
    literal_words: list[str]  # words, in order (numbers excluded)
    key_word: str  # the longest literal word: a cheap pre-filter
    joined: str  # normalised form, placeholders as \x00 (for containment)
    placeholder_count: int

    @cached_property
    def regex(self) -> re.Pattern[str]:
        # Compiled on first use: compiling costs ~0.3 ms and the key-word
        # pre-filter spares most alternatives from ever being searched.
        return build_regex(self.elements)

    @cached_property
    def verbatim(self) -> re.Pattern[str]:
        """The alternative as written (placeholders free), over raw text."""
        return _verbatim_regex(self.text)

    @cached_property
    def word_set(self) -> frozenset[str]:
        return frozenset(self.literal_words)

    @cached_property
    def word_deletes(self) -> list[tuple[str, ...]]:
        """Deletion variants of each literal element (for fuzzy alignment)."""
        return [
            _shared_deletes(e.text)
            if e.kind == "word" and len(e.text) >= FUZZY_MIN_LENGTH
            else ()
            for e in self.elements
        ]


@dataclass
class PatternMatch:
    """A documented message found in a text."""

    score: float  # 0..1; 1.0 = the text is exactly this message, values filled
    values: list[str]  # concrete values of the placeholders, in order
    full: bool  # the whole text (modulo punctuation) is this message
    alternative: str  # the alternative that matched
    span: tuple[int, int] = (0, 0)  # where, in the text matched
    contained: bool = False  # the text is a part of the message, not vice versa
    verbatim: bool = False  # found character for character (case, punctuation)
    literal_words: int = 0  # words the alternative fixes (its strength as evidence)


@dataclass
class Alignment:
    """How well a text lines up with a message word by word (fuzzy)."""

    recall: float  # share of the message's literal words found, in order (typos
    # and other numbers count partly)
    precision: float  # share of the text's tokens explained by the message
    alternative: str = ""
    found: float = 0.0  # share of the literal words found at all, typos included

    @property
    def f1(self) -> float:
        total = self.recall + self.precision
        return 0.0 if total <= 0 else 2 * self.recall * self.precision / total


def split_alternatives(message: str) -> list[str]:
    """The alternatives a documented line lists, the whole line first."""
    message = " ".join(message.split())
    # Protect URLs from slash splitting.
    urls: list[str] = []

    def protect(match: re.Match[str]) -> str:
        urls.append(match.group())
        return f"\x00{len(urls) - 1}\x00"

    protected = URL_RE.sub(protect, message)
    parts = [part for part in SPACED_SLASH_RE.split(protected) if part.strip()]
    first_word = _first_word(protected.strip())
    pieces: list[str] = []
    for part in parts:
        pieces.extend(_split_bare_slashes(part, first_word))

    def restore(text: str) -> str:
        return re.sub(r"\x00(\d+)\x00", lambda m: urls[int(m.group(1))], text).strip()

    result = [message]
    for piece in pieces:
        piece = restore(piece)
        if piece and piece != message and _identifies(piece) and piece not in result:
            result.append(piece)
    return result


def _first_word(text: str) -> str:
    """The word *text* starts with (after an opening quote), lower-cased."""
    found = re.match(r"[\"'`]?([A-Za-z]+)", text)
    return found.group(1).lower() if found else ""


def _split_bare_slashes(part: str, first_word: str) -> list[str]:
    pieces = []
    start = 0
    for match in re.finditer(r"(?<=\S)/(?=\S)", part):
        position = match.start()
        before, after = part[position - 1], part[position + 1]
        splits = (
            before in ".!?)]'\"。"
            or after in "'\""
            or (
                len(first_word) >= 4 and _first_word(part[position + 1 :]) == first_word
            )
        )
        if splits:
            pieces.append(part[start:position])
            start = position + 1
    pieces.append(part[start:])
    return pieces


def _identifies(fragment: str) -> bool:
    """Whether a fragment is long enough to identify a message on its own."""
    literal = [
        w for w in words(fragment) if w not in PLACEHOLDER_WORDS and not w[0].isdigit()
    ]
    return len(literal) >= 2 and sum(len(w) for w in literal) >= 7


def _placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Where the placeholders of *text* are, as the matcher counts them.

    Placeholders with only spaces between them (``xxx yyy``) are one: their
    values could not be told apart. ``xxx ~ yyy`` stays two.
    """
    spans: list[tuple[int, int]] = []
    for match in PIECE_RE.finditer(text):
        kind = match.lastgroup
        span = None
        if kind in ("brace", "printf"):
            span = match.span()
        elif kind == "word":
            word = match.group().lower()
            if word in PLACEHOLDER_WORDS:
                span = match.span()
            elif glued := GLUED_UNIT_RE.match(word):
                span = (match.start(), match.start() + len(glued.group(1)))
        if span is None:
            continue
        if spans and not text[spans[-1][1] : span[0]].strip():
            spans[-1] = (spans[-1][0], span[1])
        else:
            spans.append(span)
    return spans


def placeholder_names(message: str) -> list[str]:
    """The placeholders of a documented message as written, in order
    (``xxx``, ``{parameter}``, ``%s``; ``xx`` for ``xxs``).

    They pair with :attr:`PatternMatch.values` (and ``Hit.values``) by
    position. For a line of `` / `` alternatives, those of the first
    alternative that has any: the catalogue's alternatives share theirs.
    """
    alternatives = split_alternatives(message)
    for alternative in alternatives[1:] or alternatives:
        spans = _placeholder_spans(alternative)
        if spans:
            return [alternative[start:end] for start, end in spans]
    return []


def _verbatim_regex(text: str) -> re.Pattern[str]:
    """Literal text between placeholders, whitespace-tolerant, bounded values."""
    text = text.strip()
    parts = []
    position = 0
    for start, end in _placeholder_spans(text):
        parts.append(text[position:start])
        position = end
    parts.append(text[position:])
    literal = [r"\s+".join(re.escape(w) for w in part.split(" ")) for part in parts]
    body = r"[^\n]{1,200}?".join(literal)
    # Whole words, and no sentence punctuation the message lacks: ``Connection
    # error`` is not verbatim in ``Connection error.``.
    before = r"(?<!\w)" if text[:1].isalnum() else ""
    after = r"(?![\w.!?])" if text[-1:].isalnum() else ""
    return re.compile(before + body + after)


def compile_elements(text: str) -> list[Element]:
    elements: list[Element] = []
    previous_end = -1  # where the last placeholder ended in ``text``

    def placeholder(start: int, end: int) -> None:
        nonlocal previous_end
        # Only spaces since the previous placeholder: one value, not two
        # (``xxx ~ yyy`` has a separator and stays two).
        if (
            elements
            and elements[-1].kind == "ph"
            and not text[previous_end:start].strip()
        ):
            previous_end = end
            return
        elements.append(Element("ph"))
        previous_end = end

    for match in PIECE_RE.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind == "url":
            elements.append(Element("url", " ".join(words(value))))
        elif kind in ("brace", "printf"):
            placeholder(*match.span())
        elif kind == "num":
            elements.append(Element("num", value))
        else:
            word = sys.intern(value.lower())
            glued = GLUED_UNIT_RE.match(word)
            if word in PLACEHOLDER_WORDS:
                placeholder(*match.span())
            elif glued:
                placeholder(match.start(), match.start() + len(glued.group(1)))
                elements.append(Element("word", sys.intern(glued.group(2)), glued=True))
            else:
                elements.append(Element("word", word))
    return elements


def build_regex(elements: list[Element]) -> re.Pattern[str]:
    """A regex over normalised text; every group is bounded, so no blow-up."""
    parts = [r"(?<!\S)"]
    last = len(elements) - 1
    value = rf"\S+(?: \S+){{0,{MAX_VALUE_TOKENS - 1}}}"
    for i, element in enumerate(elements):
        if i:
            both_words = element.kind == "word" and elements[i - 1].kind == "word"
            # "andcannot" for "and cannot": words may lose the space between;
            # a unit may stay glued to its value ("xxs" read as itself).
            parts.append(" ?" if both_words or element.glued else " ")
        if element.kind == "word":
            parts.append(re.escape(element.text))
        elif element.kind == "num":
            parts.append(r"(\d+(?:\.\d+)*)")
        elif element.kind == "url":
            # Any URL (the documented one is only an example).
            parts.append(rf"(https? {value}{'' if i == last else '?'})")
        else:
            # Lazy in the middle (stop at the next literal); greedy at the end
            # (a trailing value runs to the end of the text).
            parts.append(f"({value}{'' if i == last else '?'})")
    parts.append(r"(?!\S)")
    return re.compile("".join(parts))


def compile_alternative(text: str) -> Alternative | None:
    elements = compile_elements(text)
    literal = [e.text for e in elements if e.kind == "word"]
    if not literal and not any(e.kind == "num" for e in elements):
        return None
    key_word = max(literal, key=len) if literal else ""
    joined = " ".join(e.text if e.kind in ("word", "num") else "\x00" for e in elements)
    return Alternative(
        text=text,
        elements=elements,
        literal_words=literal,
        key_word=key_word,
        joined=joined,
        placeholder_count=sum(1 for e in elements if e.kind == "ph"),
    )


def _same_number(documented: str, seen: str) -> bool:
    if documented == seen:
        return True
    try:
        return float(documented) == float(seen)
    except ValueError:
        return False


class MessagePattern:
    """A documented message, compiled once, matched against pasted text."""

    def __init__(self, message: str):
        self.message = message
        self.alternatives: list[Alternative] = []
        # The same normaliser as the paste's: an admin may type ``：`` too.
        for text in split_alternatives(normalise_text(message)):
            alternative = compile_alternative(text)
            if alternative is not None:
                self.alternatives.append(alternative)
        words_all = {w for a in self.alternatives for w in a.literal_words}
        self.word_set: frozenset[str] = frozenset(words_all)

    def __repr__(self) -> str:
        return f"MessagePattern({self.message!r})"

    def match(self, text: str | NormText) -> PatternMatch | None:
        """The best way this message occurs in *text*, if it does.

        Either the message occurs in the text (score = how much of the text
        it covers, as an F1 of coverage and 1; ``full`` when it covers it
        all) or the text is a run of three or more words of the message
        (``contained``; score = F1 of 1 and the share of the message given).
        """
        norm = text if isinstance(text, NormText) else normalise(text)
        if not norm.tokens:
            return None
        best: PatternMatch | None = None
        for alternative in self.alternatives:
            found = self._search(alternative, norm)
            if found is None:
                found = self._contained(alternative, norm)
            if found is not None and (best is None or _better(found, best)):
                best = found
        return best

    @staticmethod
    def _search(alternative: Alternative, norm: NormText) -> PatternMatch | None:
        if alternative.key_word and alternative.key_word not in norm.joined:
            return None
        found = alternative.regex.search(norm.joined)
        if found is None:
            return None
        values: list[str] = []
        penalty = 0.0
        group = 0
        for element in alternative.elements:
            if element.kind == "word":
                continue
            group += 1
            start, end = found.span(group)
            if element.kind == "ph":
                values.append(norm.original(start, end))
                penalty += PLACEHOLDER_PENALTY
            elif element.kind == "num":
                if not _same_number(element.text, found.group(group)):
                    penalty += MISMATCH_PENALTY
            elif found.group(group) != element.text:
                penalty += MISMATCH_PENALTY
        length = len(norm.joined)
        covered = found.end() - found.start()
        full = covered >= length
        coverage = covered / length
        score = 1.0 if full else 2 * coverage / (1 + coverage)
        if not full and found.start() == 0 and len(alternative.literal_words) >= 3:
            # The text opens with the message and goes on (servers and SDKs
            # append details: ``Incorrect API key provided: sk-ab***``).
            score = max(score, LEADING_SCORE + (1 - LEADING_SCORE) * coverage)
        start = norm.spans[bisect_left(norm.starts, found.start())][0]
        end_token = bisect_right(norm.starts, found.end() - 1) - 1
        return PatternMatch(
            score=max(0.0, score - penalty),
            values=values,
            full=full,
            alternative=alternative.text,
            span=(start, norm.spans[end_token][1]),
            verbatim=alternative.verbatim.search(norm.raw) is not None,
            literal_words=len(alternative.literal_words),
        )

    @staticmethod
    def _contained(alternative: Alternative, norm: NormText) -> PatternMatch | None:
        """The text is a run of the message's words, or ends with the
        message's beginning cut short (``WARN worker-3 You exceeded your
        current quo``: a log's column limit, ``...``, ``…``)."""
        joined = norm.joined
        if len(norm.tokens) < 3 or len(joined) < 12:
            return None
        first = 0  # the text's first token that is the message's
        if len(joined) >= len(alternative.joined):
            position = -1
        else:
            position = alternative.joined.find(joined)
        end = position + len(joined)
        # Whole words only: the text must start and end on token boundaries.
        if position > 0 and alternative.joined[position - 1] != " ":
            position = -1
        if position >= 0 and end < len(alternative.joined):
            if alternative.joined[end] != " " and (
                position or len(norm.tokens[-1]) < 2
            ):
                position = -1
        if position < 0:
            first = _cut_beginning(alternative, norm)
            if first < 0:
                return None
            position = 0
            joined = " ".join(norm.tokens[first:])
        share = len(joined) / len(alternative.joined)
        score = 2 * share / (1 + share)
        if position == 0 and len(norm.tokens) - first >= PREFIX_TOKENS:
            # The message's beginning, cut short: it is this message, as far
            # as the text goes; a little less when debris came before it.
            explained = len(joined) / len(norm.joined)
            score = max(score, LEADING_SCORE * explained + (1 - LEADING_SCORE) * share)
        return PatternMatch(
            score=score,
            values=[],
            full=False,
            alternative=alternative.text,
            span=(norm.spans[first][0], norm.spans[-1][1]),
            contained=True,
            literal_words=len(alternative.literal_words),
        )

    def align(self, norm: NormText) -> Alignment:
        """Best in-order fuzzy alignment of the text with any alternative."""
        best = Alignment(0.0, 0.0)
        for alternative in self.alternatives:
            alignment = _align(alternative, norm)
            if alignment.f1 > best.f1:
                best = alignment
        return best

    def similarity(self, text: str | NormText) -> float:
        """Share of the message's literal words present in *text*, in order.

        Words of four letters or more may be one edit off (``shuold``).
        """
        norm = text if isinstance(text, NormText) else normalise(text)
        return max((_align(a, norm).found for a in self.alternatives), default=0.0)


def _cut_beginning(alternative: Alternative, norm: NormText) -> int:
    """Where the text's tail starts that is the message's beginning, cut
    short (its last word may be cut mid-word); -1 if none is."""
    head = alternative.joined.split(" ", 1)[0]
    for start in norm.positions.get(head, ())[:MAX_ANCHORS]:
        if len(norm.tokens) - start < PREFIX_TOKENS:
            break
        tail = " ".join(norm.tokens[start:])
        if len(tail) < len(alternative.joined) and alternative.joined.startswith(tail):
            return start
    return -1


def _better(candidate: PatternMatch, best: PatternMatch) -> bool:
    if candidate.score != best.score:
        return candidate.score > best.score
    return len(candidate.alternative) > len(best.alternative)


# How far apart (in tokens) consecutive words of a message may be found.
WORD_GAP = 3
VALUE_GAP = 8
MAX_ANCHORS = 4


def _occurrences(
    alternative: Alternative, norm: NormText
) -> list[list[tuple[int, float]]]:
    """For each element, the sorted text positions holding it, with weights.

    Exact occurrences weigh 1.0; one-edit ones (via shared deletion variants)
    ``FUZZY_WORD_WEIGHT``. Placeholders get an empty list.
    """
    positions = norm.positions
    deletes = norm.delete_positions if any(alternative.word_deletes) else {}
    result: list[list[tuple[int, float]]] = []
    for element, variants in zip(
        alternative.elements, alternative.word_deletes, strict=True
    ):
        if element.kind == "num":
            # Any number fits a documented one, the documented one best.
            tokens = norm.tokens
            result.append(
                [
                    (
                        p,
                        1.0
                        if _same_number(element.text, tokens[p])
                        else OTHER_NUMBER_WEIGHT,
                    )
                    for p in norm.number_positions
                ]
            )
            continue
        if element.kind != "word":
            result.append([])
            continue
        found: dict[int, float] = dict.fromkeys(positions.get(element.text, ()), 1.0)
        if variants and deletes:
            fuzzy: set[int] = set(deletes.get(element.text, ()))
            for variant in variants:
                fuzzy.update(positions.get(variant, ()))
                fuzzy.update(deletes.get(variant, ()))
            for position in fuzzy:
                found.setdefault(position, FUZZY_WORD_WEIGHT)
        result.append(sorted(found.items()))
    return result


def _align(alternative: Alternative, norm: NormText) -> Alignment:
    """Greedy in-order alignment, tried from a few anchor positions."""
    total = sum(1 for e in alternative.elements if e.kind in ("word", "num"))
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
    count = 0
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
        count += 1
        explained += weight
        last = where
        position = where + 1
        pending_values = 0
        previous_matched = True
    if pending_values and previous_matched and last >= 0:
        explained += min(n - last - 1, VALUE_GAP * pending_values)
    return Alignment(
        matched / total, min(1.0, explained / n), alternative.text, count / total
    )


# Compiled messages kept (about 3-4 KB each once used).
PATTERN_CACHE_SIZE = 20_000


@lru_cache(maxsize=PATTERN_CACHE_SIZE)
def compile_pattern(message: str) -> MessagePattern:
    """The compiled pattern of a documented message (cached: compile once)."""
    return MessagePattern(message)


__all__ = [
    "Alignment",
    "Alternative",
    "MessagePattern",
    "NormText",
    "PatternMatch",
    "compile_pattern",
    "interned_words",
    "normalise",
    "placeholder_names",
    "split_alternatives",
    "words",
]
