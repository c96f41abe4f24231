"""A documented message compiled: its alternatives, their placeholders, and
the regular expression each becomes.

A documented line may list several wordings (``Invalid API-key provided. /
Incorrect API key provided.``): errors.search.wordings separates them.
Each alternative is compiled into elements (words, documented numbers, URLs
and placeholders such as ``xxx``, ``{name}``, ``%s``) and a regex over the
tokenised form (errors.search.text) in which placeholders capture values.
Every group of that regex is bounded, so no text makes it backtrack.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from errors.search.text import NUMBER_PATTERN, WORD_PATTERN, interned_stem, words
from errors.search.typos import TYPO_MIN_LENGTH, shared_deletes
from errors.search.wordings import PLACEHOLDER_WORDS, split_alternatives

# Pieces of a documented message: placeholders first, then the tokens of
# errors.search.text.
PIECE_RE = re.compile(
    r"(?P<url>https?://[^\s\"'<>()\[\]`]+)"
    r"|(?P<brace>\{\w+\})"
    r"|(?P<printf>%[sd])"
    rf"|(?P<num>{NUMBER_PATTERN})"
    rf"|(?P<word>{WORD_PATTERN})"
)
# ``xxs`` and ``xxxMB`` are a placeholder (wordings.PLACEHOLDER_WORDS) glued
# to a unit.
GLUED_UNIT_RE = re.compile(r"^(x{2,4}|y{2,4})(s|ms|mb|kb|gb|px|k|m|h)$")


# A text that ends in a message's beginning, cut short, holds at least
# this many of its words whole (errors.search.templates: PREFIX_TOKENS).
OPENING_WORDS = 3
# A placeholder's value spans at most this many tokens; one the text ends
# on, standing for a word of the beginning, at most MAX_END_VALUE_TOKENS.
MAX_VALUE_TOKENS = 24
# A sentence's end in a message: ``.``, ``!`` or ``?`` before a space (not
# the dot of ``qwen2.5`` or ``a.b``).
SENTENCE_END_RE = re.compile(r"[.!?](?=\s)")
MAX_END_VALUE_TOKENS = 4


@dataclass(frozen=True, slots=True)
class Element:
    """One unit of a compiled alternative."""

    kind: str  # "word", "num" (a documented number), "url" or "ph" (placeholder)
    text: str = ""  # normalised literal ("" for placeholders)
    glued: bool = False  # a unit written onto the placeholder before it (``xxs``)


class Beginning(NamedTuple):
    """What a text cut short holds of a message (Alternative.begins)."""

    words: float  # its words and numbers found (a word cut mid-way: half)
    values: int  # placeholders given a value
    mismatches: int  # documented numbers and URLs given another
    # Its words are too few without the value the text ends on.
    needs_value: bool = False


def _beginning(
    found: int, cut: bool, values: int, mismatches: int, end_value: int, needed: int
) -> Beginning | None:
    """Alternative.begins' answer once its words are walked (`end_value`:
    the tokens of a value the text ends on, 0 if none)."""
    if found + cut >= needed:
        return Beginning(found + 0.5 * cut, values, mismatches)
    # A short value the text ends on stands for the word it lacks: ``missing
    # required parameter payload.task_group`` is cut after its value (a name,
    # a model: a few tokens; a longer tail is other words).
    if 0 < end_value <= MAX_END_VALUE_TOKENS and found + cut + 1 >= needed:
        return Beginning(found + 0.5 * cut, values, mismatches, needs_value=True)
    return None


@dataclass
class Alternative:
    """One way the server words the message, compiled."""

    text: str
    elements: list[Element]
    literal_words: list[str]  # words, in order (numbers excluded)
    key_word: str  # the longest literal word: a cheap pre-filter
    joined: str  # normalised form, placeholders as \x00 (for containment)
    # A wording without the exception class it is documented with
    # (wordings.classless): found whole, it is the message; a part of it
    # could be any client's words.
    classless: bool = False

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
    def literal_count(self) -> int:
        """Words and documented numbers: what an alignment can find."""
        return sum(1 for e in self.elements if e.kind in ("word", "num"))

    @cached_property
    def head(self) -> str:
        """The first word of the normalised form."""
        return self.joined.split(" ", 1)[0]

    @cached_property
    def opening(self) -> str:
        """Its first OPENING_WORDS words (fewer, but two at least, when a
        placeholder, number or URL follows them), which a text ending in its
        beginning cut short holds whole; "" when it has no such opening."""
        words: list[str] = []
        for element in self.elements[:OPENING_WORDS]:
            if element.kind != "word":
                break
            words.append(element.text)
        if len(words) < OPENING_WORDS and (
            len(words) < 2 or len(words) == len(self.elements)
        ):
            return ""
        return sys.intern(" ".join(words))

    def begins(self, tokens: list[str], words_needed: int) -> Beginning | None:
        """What `tokens` hold of it when they are its beginning, cut short,
        with at least `words_needed` of its words and numbers; None when they
        are not. Its words in order (the last may be cut mid-way, and counts
        half), placeholders taking up to MAX_VALUE_TOKENS tokens each (as few
        as let the next word follow), documented numbers and URLs any, as in
        the regex, and counted when they differ. A single pass, no
        backtracking."""
        i, n, found, values, mismatches = 0, len(tokens), 0, 0, 0
        cut = False
        end_value = 0  # tokens of a value that ends the text
        elements = self.elements
        for k, element in enumerate(elements):
            if i >= n:
                break
            if element.kind == "word":
                if tokens[i] == element.text:
                    i, found = i + 1, found + 1
                    continue
                # Cut mid-word, two letters at least (``does n`` says nothing).
                if (
                    i == n - 1
                    and len(tokens[i]) >= 2
                    and element.text.startswith(tokens[i])
                ):
                    cut = True
                    break
                return None
            if element.kind == "num":
                if not tokens[i].replace(".", "").isdigit():
                    return None
                cut_short = i == n - 1 and element.text.startswith(tokens[i])
                mismatches += not (same_number(element.text, tokens[i]) or cut_short)
                i, found = i + 1, found + 1
                continue
            # A value: up to the next word, or to the end of the text.
            following = elements[k + 1].text if k + 1 < len(elements) else None
            j = i + 1
            while j < n and j - i < MAX_VALUE_TOKENS and tokens[j] != following:
                j += 1
            if j < n and tokens[j] != following:
                return None  # a value longer than any
            if element.kind == "url":
                given = " ".join(tokens[i:j])
                mismatches += not (
                    element.text == given or element.text.startswith(given)
                )
            else:
                values += 1
                end_value = j - i if j >= n else 0
            i = j
        else:
            return None  # the whole message: not cut short
        return _beginning(found, cut, values, mismatches, end_value, words_needed)

    @cached_property
    def first_sentence(self) -> str:
        """The normalised form of its first sentence, when more follow and
        that one holds words and numbers only: ``invalid file ratio`` of
        ``Invalid file ratio. The file aspect ratio ...``; "" otherwise."""
        end = SENTENCE_END_RE.search(self.text)
        if end is None:
            return ""
        elements = compile_elements(self.text[: end.start()])
        # (A placeholder's text is never the joined form's ``\x00``.)
        joined = " ".join(e.text for e in elements)
        return joined if elements and self.joined.startswith(joined + " ") else ""

    @cached_property
    def word_set(self) -> frozenset[str]:
        return frozenset(self.literal_words)

    @cached_property
    def stem_sequence(self) -> tuple[str, ...]:
        """The stems of its words and documented numbers, in order
        (errors.search.runs); a placeholder or URL, as "\\0", breaks a run."""
        return tuple(
            interned_stem(e.text) if e.kind in ("word", "num") else "\0"
            for e in self.elements
        )

    @cached_property
    def stem_pairs(self) -> frozenset[tuple[str, str]]:
        sequence = self.stem_sequence
        return frozenset(zip(sequence, sequence[1:], strict=False))

    @cached_property
    def token_set(self) -> frozenset[str]:
        """Its words and documented numbers."""
        numbers = (e.text for e in self.elements if e.kind == "num")
        return self.word_set.union(numbers)

    @cached_property
    def error_codes(self) -> frozenset[int]:
        """The positions among its elements of the documented numbers that
        are error codes (is_error_code)."""
        elements = self.elements
        return frozenset(
            i
            for i in range(1, len(elements))
            if is_error_code(elements[i - 1], elements[i])
        )

    @cached_property
    def literals(self) -> tuple[tuple[str, str, tuple[str, ...], int], ...]:
        """What fuzzy alignment reads of each literal element, in order: (its
        text, its kind: "word", "num" for a documented number or "code" for
        one that is an error code (error_codes), its deletion variants, how
        many values come right before it)."""
        literals = []
        values = 0
        codes = self.error_codes
        for i, e in enumerate(self.elements):
            if e.kind == "ph" or e.kind == "url":
                values += 1
                continue
            variants = (
                shared_deletes(e.text)
                if e.kind == "word" and len(e.text) >= TYPO_MIN_LENGTH
                else ()
            )
            kind = "code" if i in codes else e.kind
            literals.append((e.text, kind, variants, values))
            values = 0
        return tuple(literals)

    @cached_property
    def trailing_values(self) -> int:
        """How many values come after its last literal element."""
        values = 0
        for e in reversed(self.elements):
            if e.kind != "ph" and e.kind != "url":
                break
            values += 1
        return values


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

    They pair with the values a search found (``Hit.values``) by position.
    For a line of `` / `` alternatives, those of the first alternative that
    has any: the catalogue's alternatives share theirs.
    """
    return list(_placeholder_names(message))


@lru_cache(maxsize=2048)
def _placeholder_names(message: str) -> tuple[str, ...]:
    # Cached: every listed result asks for its message's names.
    alternatives = split_alternatives(message)
    for alternative in alternatives[1:] or alternatives:
        spans = _placeholder_spans(alternative)
        if spans:
            return tuple(alternative[start:end] for start, end in spans)
    return ()


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
    )


# The word before a documented number that makes it an error code
# (``Engine return error code: 418``): another number there is another
# error, where another number for a documented limit is the same error for
# another model.
ERROR_CODE_WORD = "code"


def is_error_code(previous: Element | None, element: Element) -> bool:
    """Whether `element` is a documented number that is an error code."""
    return (
        element.kind == "num"
        and previous is not None
        and previous.kind == "word"
        and previous.text == ERROR_CODE_WORD
    )


def same_number(documented: str, seen: str) -> bool:
    """Whether a pasted number is the documented one (``2`` and ``2.0`` are)."""
    if documented == seen:
        return True
    try:
        return float(documented) == float(seen)
    except ValueError:
        return False
