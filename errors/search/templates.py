"""Documented error messages as templates, and finding them in a paste.

A documented message such as ``Range of input length should be [1, xxx]`` is a
template: the server fills ``xxx`` with a real value, and users paste it with
other capitals, quotes, full-width punctuation or a missing final period. Both
the template and the pasted text are reduced to the same tokenised form
(errors.search.text: lower-case ASCII word tokens, numbers kept whole,
camelCase split, joined by single spaces), and each template becomes a
regular expression over that form in which placeholders capture values
(errors.search.alternatives). Punctuation differences therefore never matter,
and captured values are mapped back to the original text so they keep their
punctuation (``http://my-bucket.example.com/a.mp3``).

Pure Python: the ranking that uses this stays testable without a database.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from errors.search.alignment import MAX_ANCHORS, Alignment, align
from errors.search.alternatives import (
    OPENING_WORDS,
    Alternative,
    Beginning,
    compile_alternative,
    same_number,
)
from errors.search.text import STOPWORDS, NormText, normalise_text, tokenise
from errors.search.wordings import count_wordings, split_wordings

# Penalties: a placeholder match is slightly weaker than a literal one (so
# ``... smaller than 4096`` prefers the entry documenting 4096 over the ``xxx``
# one), and a documented number or URL that differs from the pasted one costs a
# little more (``Range of n should be [1, 8]`` still finds ``[1, 4]``).
PLACEHOLDER_PENALTY = 0.01
MISMATCH_PENALTY = 0.05
# ... but another number where the message documents an error code
# (``Engine return error code: 414`` for ``… code: 418``) is another error
# of the family: listed with it, no good match (confidence.CONFIDENT).
CODE_MISMATCH_PENALTY = 0.3
# A message the text opens with (more following), or whose beginning the text
# is (cut short), scores at least this, plus the share it covers.
LEADING_SCORE = 0.8
# A message of at least FOUND_WORDS words and numbers found whole inside a
# longer text (a post that says ``the error says request timeout after 23
# seconds.``) scores at least FOUND_SCORE however long the text: above a
# failure's stand-in words (norms.STAND_IN_FACTOR), below a good match
# (confidence.CONFIDENT), since it was said among other words. Not when the
# text names another error's status or code (``found_floor``, decided by
# errors.search.ranking): then it is an earlier failure, a retry's warning.
FOUND_WORDS = 4
FOUND_SCORE = 0.71
# A text of at least RUN_WORDS words and numbers (stopwords aside: ``please
# upload other image with``, in ten messages, names none) found as a run
# inside a longer message (``range of sequence images shoule be (4, 512)`` of ``The
# video modality input does not meet ...``) scores at least RUN_SCORE, plus
# RUN_SHARE times the share of the message it gives: a good match
# (confidence.CONFIDENT), since every word is the message's own, in its
# order, and the text says nothing else; above a shorter message that lines
# up with the same words but one (``Range of n should be [1, 4]``).
RUN_WORDS = 5
RUN_SCORE = 0.76
RUN_SHARE = 0.1
# Words a cut-short text needs to count as a beginning: the opening's, and
# one more that may be cut mid-word.
PREFIX_TOKENS = OPENING_WORDS + 1
# A message with values, cut short, covers at most this share of it.
MAX_CUT_SHARE = 0.95
# A beginning that has its words only with the value it ends on (``missing
# required parameter payload.task_group``: three words and a value) is
# likely the message, but no good match (confidence.CONFIDENT): a value
# is any text.
VALUE_CUT_SCORE = 0.7
# A text that is a message's first sentence, whole (``Invalid file ratio``
# of ``Invalid file ratio. The file aspect ratio (height/width) must be
# ...``): likely the message, however few its words, but below a good match
# (confidence.CONFIDENT): the sentences it leaves out tell its variants
# apart; it is one only when no other message holds its words.
SENTENCE_CUT_SCORE = 0.7
# Compiled messages kept apart from the snapshot's derived entries (which
# hold their own): the real catalogue's, across versions. About 4-8 KB each
# once used, so a bound well under the entries' keeps memory bounded too.
PATTERN_CACHE_SIZE = 1024


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


class MessagePattern:
    """A documented message, compiled once, matched against pasted text."""

    def __init__(self, message: str):
        self.message = message
        self.alternatives: list[Alternative] = []
        # The same normaliser as the paste's: an admin may type ``：`` too.
        texts, bare = split_wordings(normalise_text(message))
        self.wordings = count_wordings(texts, bare)  # documented, for ties
        for text in texts:
            alternative = compile_alternative(text)
            if alternative is not None:
                alternative.classless = text == bare
                self.alternatives.append(alternative)

    def __repr__(self) -> str:
        return f"MessagePattern({self.message!r})"

    def match(
        self, text: str | NormText, found_floor: bool = True
    ) -> PatternMatch | None:
        """The best way this message occurs in *text*, if it does.

        Either the message occurs in the text (score = how much of the text
        it covers, as an F1 of coverage and 1; ``full`` when it covers it
        all; at least FOUND_SCORE for a long message, with `found_floor`)
        or the text is a run of three or more words of the message
        (``contained``; score = F1 of 1 and the share of the message given).
        """
        norm = text if isinstance(text, NormText) else tokenise(text)
        if not norm.tokens:
            return None
        best: PatternMatch | None = None
        for alternative in self.alternatives:
            found = self._search(alternative, norm, found_floor)
            if found is None:
                found = self._contained(alternative, norm)
            if found is not None and (best is None or _better(found, best)):
                best = found
        return best

    @staticmethod
    def _search(
        alternative: Alternative, norm: NormText, found_floor: bool
    ) -> PatternMatch | None:
        if alternative.key_word and alternative.key_word not in norm.joined:
            return None
        found = alternative.regex.search(norm.joined)
        if found is None:
            return None
        values: list[str] = []
        penalty = 0.0
        group = 0
        for i, element in enumerate(alternative.elements):
            if element.kind == "word":
                continue
            group += 1
            start, end = found.span(group)
            if element.kind == "ph":
                values.append(norm.original(start, end))
                penalty += PLACEHOLDER_PENALTY
            elif element.kind == "num":
                if not same_number(element.text, found.group(group)):
                    # A limit documented for one model may be another's;
                    # an error code is the error.
                    code = i in alternative.error_codes
                    penalty += CODE_MISMATCH_PENALTY if code else MISMATCH_PENALTY
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
        if found_floor and not full and alternative.literal_count >= FOUND_WORDS:
            score = max(score, FOUND_SCORE)
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
        beginning: Beginning | None = None
        if position < 0:
            first, beginning = _cut_beginning(alternative, norm)
            if first < 0:
                return None
            position = 0
            joined = " ".join(norm.tokens[first:])
        if beginning is not None:
            # Values make the text longer than the message: count its words.
            share = min(beginning.words / alternative.literal_count, MAX_CUT_SHARE)
        else:
            share = len(joined) / len(alternative.joined)
        score = 2 * share / (1 + share)
        if beginning is None and _said_words(norm.tokens[first:]) >= RUN_WORDS:
            # Words enough, as written, in the message's order: this message
            # said them, however long it is.
            score = max(score, RUN_SCORE + RUN_SHARE * share)
        if beginning is None and first == 0 and joined == alternative.first_sentence:
            score = max(score, SENTENCE_CUT_SCORE)
        if position == 0 and len(norm.tokens) - first >= PREFIX_TOKENS:
            # The message's beginning, cut short: it is this message, as far
            # as the text goes; a little less when debris came before it.
            explained = len(joined) / len(norm.joined)
            score = max(score, LEADING_SCORE * explained + (1 - LEADING_SCORE) * share)
        score = _capped(score, alternative, beginning)
        return PatternMatch(
            score=score,
            values=[],
            full=False,
            alternative=alternative.text,
            span=(norm.spans[first][0], norm.spans[-1][1]),
            contained=True,
            literal_words=len(alternative.literal_words),
        )

    def align(
        self, norm: NormText, values: bool = True, trailing: bool = True
    ) -> Alignment:
        """Best in-order fuzzy alignment of the text with any alternative
        (`values`, `trailing`: errors.search.alignment.align)."""
        best = Alignment(0.0, 0.0)
        for alternative in self.alternatives:
            alignment = align(alternative, norm, values, trailing)
            if alignment.f1 > best.f1:
                best = alignment
        return best


def _cut_beginning(
    alternative: Alternative, norm: NormText
) -> tuple[int, Beginning | None]:
    """Where the text's tail starts that is the message's beginning, cut
    short (its last word may be cut mid-word), and, for a message with
    values, what the tail holds of it; -1 if no tail is."""
    placeholders = "\x00" in alternative.joined
    for start in norm.positions.get(alternative.head, ())[:MAX_ANCHORS]:
        if len(norm.tokens) - start < PREFIX_TOKENS:
            break
        if placeholders:
            # A value in place of a placeholder: walk the words.
            beginning = alternative.begins(norm.tokens[start:], PREFIX_TOKENS)
            if beginning is not None:
                return start, beginning
            continue
        # The text from this token on (its tokens joined), measured before
        # it is cut out: a long text's tail is never a message's beginning.
        offset = norm.starts[start]
        if len(norm.joined) - offset < len(alternative.joined):
            if alternative.joined.startswith(norm.joined[offset:]):
                return start, None
    return -1, None


def _capped(
    score: float, alternative: Alternative, beginning: Beginning | None
) -> float:
    """A part of a message's score once a cut-short match's values are paid
    for, as a whole match pays for the same values (MessagePattern._search),
    and capped below a good match when it is only likely the message: a
    beginning that has its words only with its value, or a part of a
    wording without its class (``No API key provided.`` is also an older
    SDK's own message). A run of RUN_WORDS words or more is still a good
    match through the whole wording, class and all, as any message's is."""
    if beginning is not None:
        score -= (
            PLACEHOLDER_PENALTY * beginning.values
            + MISMATCH_PENALTY * beginning.mismatches
        )
    if alternative.classless or (beginning is not None and beginning.needs_value):
        score = min(score, VALUE_CUT_SCORE)
    return score


def _said_words(tokens: list[str]) -> int:
    """How many of the tokens say something: not stopwords (numbers do)."""
    return sum(token not in STOPWORDS for token in tokens)


def _better(candidate: PatternMatch, best: PatternMatch) -> bool:
    if candidate.score != best.score:
        return candidate.score > best.score
    return len(candidate.alternative) > len(best.alternative)


@lru_cache(maxsize=PATTERN_CACHE_SIZE)
def compile_pattern(message: str) -> MessagePattern:
    """The compiled pattern of a documented message (cached: compile once)."""
    return MessagePattern(message)
