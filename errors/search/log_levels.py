"""Log levels in a paste: which lines a client wrote below an error's level
(``WARN retrying after: ...``), so that what a retry logged weighs less than
the error the run ended with (errors.search.paste reads them).
"""

from __future__ import annotations

import re

from errors.search.findings import message_key

# A log line of a lower severity than an error (``... WARN retrying after:``,
# ``app - INFO - ...``, ``[warn]``): its level among the line's first
# LEVEL_SPAN characters, after no error level.
MINOR_LEVEL_RE = re.compile(
    r"(?:^|[\s\[|(:-])(?:(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING)(?=[\s\]|):/]|$)"
    r"|\[(?:trace|debug|info|notice|warn|warning)\])"
    # logfmt (Go's logrus, slog): ``level=warning msg="..."``
    r"|\blevel=\"?(?i:trace|debug|info|notice|warn|warning)\b"
)
# An error's level, or an exception's class (``BadRequestError:``) before it.
MAJOR_LEVEL_RE = re.compile(
    r"\b(?:ERROR|ERR|FATAL|CRITICAL|SEVERE|PANIC)\b|(?:Error|Exception)\b"
    r"|\blevel=\"?(?i:error|fatal|panic|critical)\b"
)
LEVEL_SPAN = 100


def minor_line(line: str) -> bool:
    """Whether a log line says its level is below an error's: what a client
    logs while it retries is rarely the error it finally gave up on."""
    head = _level_head(line)
    minor = MINOR_LEVEL_RE.search(head)
    return bool(minor) and not MAJOR_LEVEL_RE.search(head, 0, minor.start())


def _level_head(line: str) -> str:
    """Where a log line's level may be: before its message (the first ``: ``),
    never in it; the first bracket counts whole when that ``: `` is inside it
    (Celery's ``[2025-03-11 02:15:52,877: WARNING/ForkPoolWorker-12]``)."""
    head = line[:LEVEL_SPAN]
    separator = head.find(": ")
    opening = head.find("[", 0, separator)
    if separator >= 0 and opening >= 0:
        closing = head.find("]", opening)
        if closing > separator:  # the colon is the bracket's: look after it
            separator = head.find(": ", closing)
    return head if separator < 0 else head[: separator + 1]


def minor_bodies(text: str, messages: list[str], max_lines: int) -> frozenset[str]:
    """Keys of the messages that only lower-level log lines hold: a JSON body
    on ``WARNING Retrying ... raised RateLimitError: {...}`` is parsed as an
    object before the lines are read, so its message was not seen as the
    line's."""
    lines = text.splitlines()[-max_lines:]
    below = [minor_line(line) for line in lines]
    if len(lines) < 2 or not any(below):
        return frozenset()
    # Folded as messages are told apart (message_key): the error line may
    # hold the body's message in another case.
    folded = [message_key(line) for line in lines]
    keys = set()
    for message in messages:
        key = message_key(message)
        holding = [low for line, low in zip(folded, below, strict=True) if key in line]
        if holding and all(holding):
            keys.add(key)
    return frozenset(keys)
