"""What unwrapping a paste finds, and the budget it may spend finding it.

The :class:`Collector` gathers candidate messages (cleaned, de-duplicated, in
order of discovery), HTTP statuses and error codes, and holds the work
budget that keeps every paste's scan bounded (errors.search.paste and
errors.search.bodies spend it).
"""

from __future__ import annotations

import re

from errors.search.statuses import REASON_PHRASES

MAX_MESSAGE = 2_000  # characters kept from one extracted message
MAX_FOUND = 40  # message candidates examined before the rest are ignored
BRACE_BUDGET = 40_000  # brace/quote characters scanned per paste, in total
# Characters handed to the per-line patterns per paste, in total: every
# pattern is linear in its input once whitespace runs are collapsed, so this
# bounds the whole scan (a 64 KB paste is read a few times over, no more).
PATTERN_BUDGET = 256 * 1024
MAX_SCANS = 48  # texts scanned per paste, nested ones included
MAX_CLASSED = 2  # messages with their exception's class name kept

# An error code: ``InternalError.Algo.InvalidParameter``, ``limit_requests``.
CODE_RE = re.compile(r"[A-Za-z][\w.\-]{0,80}")
# Request ids and similar noise.
REQUEST_ID_RE = re.compile(
    r"\(?\s*\b(?:x-)?request[ _-]?id\b[\"']?\s*[:=]\s*[\"']?[\w\-]{4,80}[\"']?\s*\)?",
    re.IGNORECASE,
)
UUID_RE = re.compile(
    r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
)
LONG_ID_RE = re.compile(r"\b(?=[0-9a-f]*\d)[0-9a-f]{20,}\b")
# Debris, quotes and brackets stripped from a message's edges.
EDGE_JUNK = " \t\r\n,;|\\"
QUOTES = "\"'`"
PAIRS = {"(": ")", "[": "]", "{": "}"}
# Two words: a letter pair, a non-letter, a letter pair. (Written without a
# repeated letter class before the separator, which backtracks along a long
# run of letters: ``[A-Za-z]{2,}[^A-Za-z]`` costs n^2 on "aaaa...".)
TWO_WORDS_RE = re.compile(r"[A-Za-z]{2}[^A-Za-z]+[A-Za-z]{2}")


class Collector:
    """Accumulates findings, de-duplicated, in order of discovery."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.seen: set[str] = set()
        self.objects = 0  # {...} spans parsed
        self.offered = 0  # message candidates offered (bounded work)
        self.brace_budget = BRACE_BUDGET
        # The work budget: characters handed to the scanning patterns, and
        # texts scanned. Nested fields (a message holding ``key: value``
        # pairs holding messages...) would otherwise multiply the work.
        self.pattern_budget = PATTERN_BUDGET
        self.scans = MAX_SCANS
        self.statuses: list[int] = []
        self.codes: list[str] = []
        self.named_codes: set[str] = set()  # those not only guessed
        self.phrases: list[str] = []
        # Messages by key (message_key) seen on log lines of a lower severity
        # than an error's (``WARN retrying after: ...``), and seen anywhere
        # else (a JSON body, another line); `minor_line` says whether the
        # line being read is such a line (None: lines joined, neither).
        self.minor_keys: set[str] = set()
        self.major_keys: set[str] = set()
        self.minor_line: bool | None = False
        self.classed_messages: list[str] = []  # see classed()

    def spend(self, text: str) -> bool:
        """Take one scan of *text* from the budget; False once it is spent
        (the paste's findings so far are what the search gets)."""
        self.scans -= 1
        self.pattern_budget -= len(text)
        return self.scans >= 0 and self.pattern_budget >= 0

    def message(self, text: str) -> None:
        self.offered += 1
        if self.offered > MAX_FOUND:
            return
        text = clean_message(text)
        key = message_key(text)
        if key in REASON_PHRASES and key not in self.phrases:
            self.phrases.append(key)
        if self.minor_line is not None:
            (self.minor_keys if self.minor_line else self.major_keys).add(key)
        # One word identifies nothing (the whole paste is always kept anyway).
        if key in self.seen or not TWO_WORDS_RE.search(text):
            return
        self.seen.add(key)
        self.messages.append(text)

    def classed(self, text: str) -> None:
        """A message with its exception's simple class name in front
        (``ConnectException: Failed to connect to ...``): kept apart from
        the paste's own candidates, which it must not push out."""
        text = clean_message(text)
        if (
            text not in self.classed_messages
            and len(self.classed_messages) < MAX_CLASSED
        ):
            self.classed_messages.append(text)

    @property
    def minor(self) -> frozenset[str]:
        """Messages seen on lower-level log lines and nowhere else."""
        return frozenset(self.minor_keys - self.major_keys)

    def status(self, value: object) -> None:
        try:
            number = int(str(value).strip())
        except ValueError:
            return
        if 100 <= number <= 599 and number not in self.statuses:
            self.statuses.append(number)

    def code(self, value: object, named: bool = True) -> None:
        """A code the paste names: in a code field, ``code=``, ``<400> Code:``
        (`named`), or only guessed from its shape (``(limit_requests)``)."""
        if not isinstance(value, str):
            if isinstance(value, int) and not isinstance(value, bool):
                self.status(value)
            return
        text = value.strip().strip(".")
        if text.isdigit():
            self.status(text)
            return
        if not CODE_RE.fullmatch(text):
            return
        # ``InternalError.Algo.InvalidParameter``: servers prefix the code
        # that the catalogue files the message under, so every dotted tail
        # (``Algo.InvalidParameter``, ``InvalidParameter``) is a code too.
        parts = text.split(".")
        for i in range(len(parts)):
            code = ".".join(parts[i:])
            if len(code) >= 3 and code not in self.codes:
                self.codes.append(code)
            if named and len(code) >= 3:
                self.named_codes.add(code)


def message_key(text: str) -> str:
    """How :class:`Collector` tells messages apart: case and spacing folded."""
    return " ".join(text.lower().split())


def clean_message(text: str) -> str:
    """A message candidate without request ids, ids and surrounding debris."""
    text = text[:MAX_MESSAGE]
    text = REQUEST_ID_RE.sub(" ", text)
    text = UUID_RE.sub(" ", text)
    text = LONG_ID_RE.sub(" ", text)
    text = re.sub(r"\\([\"'])", r"\1", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    text = " ".join(text.split())
    # Strip debris and *unbalanced* quotes and brackets at the edges: a
    # message may legitimately end in ``[1, 4]`` or start with ``'messages'``.
    previous = None
    for _ in range(16):  # bounded: ``{{{{...`` must not cost n^2
        if previous == text:
            break
        previous = text
        text = text.strip(EDGE_JUNK)
        if not text:
            break
        first, last = text[0], text[-1]
        if first in QUOTES and (last == first or text.count(first) % 2):
            text = text[1:-1] if last == first and len(text) > 1 else text[1:]
        elif last in QUOTES and text.count(last) % 2:
            text = text[:-1]
        elif first in PAIRS and text.count(first) > text.count(PAIRS[first]):
            text = text[1:]
        elif last in PAIRS.values():
            opener = next(o for o, c in PAIRS.items() if c == last)
            if text.count(last) > text.count(opener):
                text = text[:-1]
    return text
