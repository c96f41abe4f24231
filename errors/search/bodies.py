"""Structured error bodies inside a paste: JSON objects, Python dict reprs,
and lenient ``key: value`` pairs that no parser accepts.

Servers and SDKs put the message, code and status in named fields
(``{"code": "InvalidParameter", "message": "..."}``, ``code=X message=Y``).
These functions hand each field's text back to the paste's scanner
(errors.search.paste), which looks inside it in turn: a message field may
itself hold a wrapped message.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable

from errors.search.findings import CODE_RE, MAX_MESSAGE, Collector

MAX_PARSE = 16 * 1024  # largest {...} span handed to a parser
MAX_OBJECTS = 12  # {...} spans tried per text
MAX_BRACE_DEPTH = 32  # error bodies are shallow; deeper nesting is not one
MAX_KEY_VALUES = 40  # ``key: value`` pairs read per text
MAX_LEVELS = 6  # nesting of a parsed body walked
MAX_ITEMS = 100  # fields of one object read (20 items of a list)
MAX_TEXT_BODIES = 3  # bodies kept as text inside bodies, read one in another

# Scans a field's text for messages: (text, collector, depth).
ScanMessage = Callable[[str, Collector, int], None]

# ``<400> InternalError.Algo.InvalidParameter: message`` (DashScope SDKs).
ANGLE_RE = re.compile(
    r"<(\d{3})>\s*([A-Za-z][\w\-]*(?:\.[\w\-]+){0,6})\s*:\s*"
    rf"([^\n]{{1,{MAX_MESSAGE}}})"
)
# Lenient ``key: value`` pairs: broken JSON, ``code=X message=Y`` logs,
# ``'code':\n'X'`` debugger dumps, ``status_code: 403 code: AccessDenied``,
# Go's ``%+v`` of a struct (``&{Code:X Message:Y RequestID:Z}``).
KEY_RE = re.compile(
    r"(?<![\w])[\"']?(?P<key>(?i:message|msg|error_message|errorMessage|errmsg"
    r"|error_msg|code|error_code|errorCode|err_code))[\"']?\s*[:=]\s*"
)
QUOTED_VALUE_RE = re.compile(
    rf"\"((?:[^\"\\\n]|\\.){{0,{MAX_MESSAGE}}})\""
    rf"|'((?:[^'\\\n]|\\.){{0,{MAX_MESSAGE}}})'"
)
# Where an unquoted message value stops: the next ``key=``, ``, key:`` or a
# known log key (``request_id:``). A bare ``word: `` does not stop it, since
# messages hold colons themselves (``Field required: input.messages``).
NEXT_KEY_RE = re.compile(
    r"[,;]\s*[\"']?[A-Za-z_]{2,20}[\"']?\s*[:=]\s"
    r"|\s+[\"']?[A-Za-z_]{2,20}[\"']?\s*=\s?"
    r"|\s+[\"']?(?:request_?id|requestId|status(?:_?code|Code)?|code|type|param|message)[\"']?\s*:\s"
    r"|[,}]\s*[\"'][\w]+[\"']\s*:"
)
# Go's ``%+v`` of a struct: a capitalised key glued to its value ends at the
# next such field (only there: ``msg=... Error:Access denied`` goes on).
GO_KEY_RE = re.compile(r"[A-Z][A-Za-z]*:")
GO_NEXT_KEY_RE = re.compile(r"\s+[A-Z][A-Za-z]{1,24}:(?=\S)")
MESSAGE_KEYS = {
    "message",
    "details",
    "description",
    "reason",
    "errormsg",
    "msg",
    "error_message",
    "errormessage",
    "errmsg",
    "error_msg",
    "detail",
    "error_description",
}
CODE_KEYS = {"code", "error_code", "errorcode", "err_code"}
STATUS_KEYS = {
    "status_code",
    "statuscode",
    "status",
    "http_status",
    "httpstatus",
    "http_code",
    "httpcode",
}


def structured(
    text: str, found: Collector, depth: int, scan_message: ScanMessage
) -> list[tuple[int, int]]:
    """Messages, codes and statuses of JSON objects or Python dict reprs.

    Returns the spans parsed."""
    spans: list[tuple[int, int]] = []
    tried = 0
    position = 0
    decoder = json.JSONDecoder()
    while tried < MAX_OBJECTS:
        start = text.find("{", position)
        if start < 0:
            break
        tried += 1
        parsed, end = _parse_object(text, start, decoder, found)
        if parsed is None:
            position = start + 1
            continue
        if isinstance(parsed, (dict, list)):
            found.objects += 1
            spans.append((start, end))
            _walk(parsed, found, depth, 0, scan_message)
        position = max(end, start + 1)
    return spans


OBJECT_START_RE = re.compile(r"\{\s*(?:[\"'}]|$)")


def _parse_object(
    text: str, start: int, decoder: json.JSONDecoder, found: Collector
) -> tuple[object | None, int]:
    # An object starts with a quoted key (or is empty); ``{{{`` or ``{x`` is not
    # one, and skipping it early keeps pathological input cheap.
    if not OBJECT_START_RE.match(text, start):
        return None, start + 1
    try:
        value, end = decoder.raw_decode(text, start)
        return value, end
    except (ValueError, RecursionError):
        pass
    end = _matching_brace(text, start, found)
    if end is None or end - start > MAX_PARSE:
        return None, start + 1
    snippet = text[start:end]
    try:
        return ast.literal_eval(snippet), end
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        pass
    try:
        # JSON written with Python literals, or the reverse.
        fixed = re.sub(r"\bNone\b", "null", snippet)
        fixed = re.sub(r"\bTrue\b", "true", re.sub(r"\bFalse\b", "false", fixed))
        return json.loads(fixed), end
    except (ValueError, RecursionError):
        return None, start + 1


BRACE_SCAN_RE = re.compile(r"[{}\"'\\]")


def _matching_brace(text: str, start: int, found: Collector) -> int | None:
    """End (exclusive) of the ``{...}`` starting at *start*, string-aware."""
    depth = 0
    quote = ""
    escaped_at = -2
    limit = min(len(text), start + MAX_PARSE)
    for match in BRACE_SCAN_RE.finditer(text, start, limit):
        found.brace_budget -= 1
        if found.brace_budget <= 0:
            return None
        char = match.group()
        at = match.start()
        if char == "\\":
            if escaped_at != at - 1:
                escaped_at = at
            continue
        if escaped_at == at - 1:
            continue
        if quote:
            if char == quote:
                quote = ""
            continue
        if char in "\"'":
            quote = char
        elif char == "{":
            depth += 1
            if depth > MAX_BRACE_DEPTH:
                return None
        else:
            depth -= 1
            if depth == 0:
                return at + 1
    return None


def _walk(
    value: object, found: Collector, depth: int, level: int, scan: ScanMessage
) -> None:
    if level > MAX_LEVELS:
        return
    if isinstance(value, list):
        for item in value[:20]:
            _walk(item, found, depth, level + 1, scan)
        return
    if not isinstance(value, dict):
        return
    items = list(value.items())[:MAX_ITEMS]
    # Nested ``error`` objects first: they hold the server's own words.
    for _key, item in items:
        if isinstance(item, (dict, list)):
            _walk(item, found, depth, level + 1, scan)
    for key, item in items:
        _field(str(key).lower(), item, found, depth, scan)


def _field(
    name: str, item: object, found: Collector, depth: int, scan: ScanMessage
) -> None:
    """One field of a parsed body: a status, a code or a message."""
    if name in STATUS_KEYS:
        found.status(item)
    elif name in CODE_KEYS:
        found.code(item)
    elif not isinstance(item, str):
        return
    elif name in MESSAGE_KEYS or name == "error":
        scan(item, found, depth + 1)
    elif ANGLE_RE.search(item[:MAX_MESSAGE]):
        # Any field may carry a server's ``<400> Code: message``.
        scan(item, found, depth + 1)
    elif (
        item.lstrip()[:1] == "{"
        and depth < MAX_TEXT_BODIES
        and found.spend(item[:MAX_PARSE])
    ):
        # A body kept as text in a field of another (the Vercel AI SDK's
        # ``responseBody``, a gateway's ``raw``): its fields are read too.
        structured(item[:MAX_PARSE], found, depth + 1, scan)


def key_values(text: str, found: Collector, depth: int, scan: ScanMessage) -> None:
    """``key: value`` pairs that no parser accepted (broken or flat text)."""
    for count, match in enumerate(KEY_RE.finditer(text[:MAX_PARSE])):
        if count >= MAX_KEY_VALUES or found.scans <= 0 or found.pattern_budget <= 0:
            break
        key = match.group("key").lower()
        rest = text[match.end() : match.end() + MAX_MESSAGE + 2]
        quoted = QUOTED_VALUE_RE.match(rest)
        if key in CODE_KEYS:
            value = quoted.group(1) or quoted.group(2) if quoted else None
            if value is None:
                bare = CODE_RE.match(rest) or re.match(r"\d{3}\b", rest)
                value = bare.group() if bare else None
            if value:
                found.code(value)
            continue
        if quoted:
            value = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
        else:
            line = rest.split("\n", 1)[0]
            found.pattern_budget -= len(line)
            stop = NEXT_KEY_RE.search(line)
            if GO_KEY_RE.fullmatch(match.group()):
                go_stop = GO_NEXT_KEY_RE.search(line)
                if go_stop and (stop is None or go_stop.start() < stop.start()):
                    stop = go_stop
            value = line[: stop.start()] if stop else line
        if value and value.strip():
            scan(value, found, depth + 1)
