"""Find the error message inside whatever the user pasted.

People rarely paste the bare message: they paste an SDK exception
(``openai.BadRequestError: Error code: 400 - {'error': {...}}``), a JSON body, a
log line, a stack trace, or a chat-client banner (``✕ [API Error: ...]``).
:func:`unwrap` peels those wrappers off and returns candidate message strings
(best first, the whole cleaned text last), plus the HTTP statuses and error
codes it saw, for the ranking to use as evidence.

Pure Python, and defensive: it must never raise and must stay fast on any input
(NUL bytes, a megabyte of text, broken JSON), because it runs on every search.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field

from errors.limits import MAX_QUERY_BYTES
from errors.search.statuses import REASON_PHRASES
from errors.search.text import normalise_text

# Characters kept from a paste: a text within the byte limit has no more.
MAX_TEXT = MAX_QUERY_BYTES
MAX_PARSE = 16 * 1024  # largest {...} span handed to a parser
MAX_OBJECTS = 12  # {...} spans tried per text
MAX_MESSAGE = 2_000  # characters kept from one extracted message
MAX_MESSAGES = 14  # candidate messages returned
MAX_LINES = 40  # lines of a multi-line paste considered one by one
MAX_DEPTH = 3  # nested unwrapping (a message field holding ``<400> Code: ...``)
MAX_ANGLES = 6  # ``<400> Code: message`` matches used per text
MAX_FOUND = 40  # message candidates examined before the rest are ignored
MAX_BRACE_DEPTH = 32  # error bodies are shallow; deeper nesting is not one
BRACE_BUDGET = 40_000  # brace/quote characters scanned per paste, in total
# Characters handed to the per-line patterns per paste, in total: every
# pattern is linear in its input once whitespace runs are collapsed, so this
# bounds the whole scan (a 64 KB paste is read a few times over, no more).
PATTERN_BUDGET = 256 * 1024
MAX_SCANS = 48  # texts scanned per paste, nested ones included

# Runs of horizontal whitespace (any length) become one space before any
# pattern sees the text: patterns that start with ``\s*`` or ``\s+`` are then
# tried at one position per run instead of every position in it, which keeps
# a line of ``message:a`` + 2,000 spaces + ``b`` from costing n^2.
HSPACE_RE = re.compile(r"[^\S\n]+")

# ``<400> InternalError.Algo.InvalidParameter: message`` (DashScope SDKs).
ANGLE_RE = re.compile(
    r"<(\d{3})>\s*([A-Za-z][\w\-]*(?:\.[\w\-]+){0,6})\s*:\s*([^\n]{1,2000})"
)
STATUS_RES = [
    re.compile(
        r"(?i)\b(?:error[ _]?code|status[ _]?code|http[ _]?status|http[ _]?code"
        r"|status)[\"']?\s*[:=]\s*[\"']?\s*(\d{3})\b"
    ),
    re.compile(r"\bHTTP(?:/\d(?:\.\d)?)?\s+(\d{3})\b"),
    re.compile(r"<(\d{3})>"),
    re.compile(r"(?<![\w.:/-])([1-5]\d\d)\s*-\s*[\[{(]"),
    re.compile(r"(?i)\berror\b[^\n\d:]{0,30}:\s*([45]\d\d)\b(?![.:]\d)"),
    re.compile(r"(?m)^\s*([45]\d\d)\s+(?=[A-Z<\[{])"),
    re.compile(r"^\s*([1-5]\d\d)\s*$"),  # the whole paste is a status
]
# Lenient ``key: value`` pairs: broken JSON, ``code=X message=Y`` logs,
# ``'code':\n'X'`` debugger dumps, ``status_code: 403 code: AccessDenied``.
KEY_RE = re.compile(
    r"(?<![\w])[\"']?(?P<key>message|msg|error_message|errorMessage|errmsg"
    r"|error_msg|code|error_code|errorCode|err_code)[\"']?\s*[:=]\s*"
)
QUOTED_VALUE_RE = re.compile(
    r"\"((?:[^\"\\\n]|\\.){0,2000})\"|'((?:[^'\\\n]|\\.){0,2000})'"
)
CODE_VALUE_RE = re.compile(r"[A-Za-z][\w.\-]{0,80}")
# Where an unquoted message value stops: the next ``key=``, ``, key:`` or a
# known log key (``request_id:``). A bare ``word: `` does not stop it, since
# messages hold colons themselves (``Field required: input.messages``).
NEXT_KEY_RE = re.compile(
    r"[,;]\s*[\"']?[A-Za-z_]{2,20}[\"']?\s*[:=]\s"
    r"|\s+[\"']?[A-Za-z_]{2,20}[\"']?\s*=\s?"
    r"|\s+[\"']?(?:request_?id|requestId|status(?:_?code|Code)?|code|type|param|message)[\"']?\s*:\s"
    r"|[,}]\s*[\"'][\w]+[\"']\s*:"
)

# Stack frames: Java/JS ``at ...``, ``... 12 more``, Python ``File "x", line 3``.
FRAME_RE = re.compile(r"^\s+at\s|^\s*\.\.\.\s*\d+\s+more\b|^\s*at\s+[\w$.<>]+\(")
PY_FRAME_RE = re.compile(r'^\s*File\s+"[^"\n]*",\s+line\s+\d+')
TRACEBACK_RE = re.compile(r"^\s*Traceback \(most recent call last\):\s*$")
CHAINED_RE = re.compile(
    r"^\s*(?:During handling of the above exception|The above exception was)"
)
CAUSED_BY_RE = re.compile(r"^\s*Caused by:\s*")

# Log-line prefixes: timestamps, levels, ``| ERROR |``, ``[main]``, ``module -``.
TIMESTAMP_RE = re.compile(
    r"^\s*\[?\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?"
    r"(?:Z|\s?[+-]\d{2}:?\d{2})?)?\]?\s*"
)
LEVEL_RE = re.compile(
    r"^[\s|]*\[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL"
    r"|SEVERE)\]?[\s|:]+"
)
THREAD_RE = re.compile(r"^\s*\[[\w\-. ]{1,40}\]\s+")
# An exception class name in front of a message.
EXCEPTION_RE = re.compile(
    r"^\s*(?:[\w$]+\.){0,8}[A-Za-z_$][\w$]*(?:Error|Exception|Failure|Fault|Warning)"
    r"(?:\s*\[[\w.]+\])?\s*:\s*"
)
# Request ids and similar noise.
REQUEST_ID_RE = re.compile(
    r"\(?\s*\b(?:x-)?request[ _-]?id\b[\"']?\s*[:=]\s*[\"']?[\w\-]{4,80}[\"']?\s*\)?",
    re.IGNORECASE,
)
UUID_RE = re.compile(
    r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
)
LONG_ID_RE = re.compile(r"\b(?=[0-9a-f]*\d)[0-9a-f]{20,}\b")
# ``[data_inspection_failed]``, ``(adapter_failed)``: codes in brackets.
BRACKET_CODE_RE = re.compile(r"[\[(]([a-z][a-z0-9]*(?:_[a-z0-9]+)+)[\])]")
# A leading HTTP status in front of a message (``400 Access denied``).
LEADING_STATUS_RE = re.compile(r"^\s*[45]\d\d\s*(?:-\s*)?(?=[A-Za-z<\[{(\"'])")
# Where a prefix like ``API Error:`` or ``module.func:12 -`` ends.
SPLIT_RE = re.compile(r"(?<![\"']):\s+|\s+-{1,3}\s+|-{2,3}|(?<=[^\x00-\x7f]):")
# A bracketed wrapper whose content is the message (``✕ [API Error: ...]``).
WRAPPER_RE = re.compile(r"\[([^\[\]\n]{12,2000}(?:\[[^\[\]\n]*\][^\[\]\n]*){0,3})\]")
TRAILING_GROUP_RE = re.compile(
    r"\s*(?:\((?=[^()\n]*[A-Za-z]{3})[^()\n]{0,200}\)"
    r"|\[(?=[^\[\]\n]*[A-Za-z]{3})[^\[\]\n]{0,200}\])\s*[.!]?\s*$"
)
EDGE_JUNK = " \t\r\n,;|\\"
QUOTES = "\"'`"
PAIRS = {"(": ")", "[": "]", "{": "}"}
# Two words: a letter pair, a non-letter, a letter pair. (Written without a
# repeated letter class before the separator, which backtracks along a long
# run of letters: ``[A-Za-z]{2,}[^A-Za-z]`` costs n^2 on "aaaa...".)
TWO_WORDS_RE = re.compile(r"[A-Za-z]{2}[^A-Za-z]+[A-Za-z]{2}")

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


@dataclass
class Paste:
    """What :func:`unwrap` found in a paste."""

    text: str  # the input, NUL bytes removed, capped at 64 KB
    messages: list[str] = field(default_factory=list)  # best first; whole text last
    statuses: list[int] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    # Messages that were only an HTTP reason phrase (``"message": "Forbidden"``)
    phrases: list[str] = field(default_factory=list)


class _Collector:
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
        self.phrases: list[str] = []

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
        key = " ".join(text.lower().split())
        if key in REASON_PHRASES and key not in self.phrases:
            self.phrases.append(key)
        # One word identifies nothing (the whole paste is always kept anyway).
        if key in self.seen or not TWO_WORDS_RE.search(text):
            return
        self.seen.add(key)
        self.messages.append(text)

    def status(self, value: object) -> None:
        try:
            number = int(str(value).strip())
        except ValueError:
            return
        if 100 <= number <= 599 and number not in self.statuses:
            self.statuses.append(number)

    def code(self, value: object) -> None:
        if not isinstance(value, str):
            if isinstance(value, int) and not isinstance(value, bool):
                self.status(value)
            return
        text = value.strip().strip(".")
        if text.isdigit():
            self.status(text)
            return
        if not re.fullmatch(r"[A-Za-z][\w.\-]{0,80}", text):
            return
        # ``InternalError.Algo.InvalidParameter``: servers prefix the code
        # that the catalogue files the message under, so every dotted tail
        # (``Algo.InvalidParameter``, ``InvalidParameter``) is a code too.
        parts = text.split(".")
        for i in range(len(parts)):
            code = ".".join(parts[i:])
            if len(code) >= 3 and code not in self.codes:
                self.codes.append(code)


def collapse_whitespace(text: str) -> str:
    """One space for every run of spaces and tabs, no blank lines, no line
    ending in spaces. An indented line keeps one leading space, since stack
    frames are told apart by their indentation."""
    text = HSPACE_RE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n") if line.strip())


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


def unwrap(text: object) -> Paste:
    """Candidate messages, statuses and codes found in a pasted text."""
    try:
        return _unwrap(text)
    except Exception:  # noqa: BLE001 - a search box must never crash on input
        raw = str(text)[: MAX_TEXT * 4].replace("\x00", "")[:MAX_TEXT] if text else ""
        return Paste(text=raw, messages=[raw.strip()] if raw.strip() else [])


def prepare_text(raw: str) -> str:
    """What every pattern sees: normalised (errors.search.text), capped, with
    whitespace runs collapsed. NFKC may lengthen text (``ﬃ`` is three
    letters, U+FDFA eighteen), so the cap applies again after it."""
    return collapse_whitespace(normalise_text(raw[:MAX_TEXT], limit=MAX_TEXT))


def _unwrap(text: object) -> Paste:
    raw = "" if text is None else str(text)
    # NULs out first, then the cap (bounded, so a huge paste costs little).
    raw = raw[: MAX_TEXT * 4].replace("\x00", "")[:MAX_TEXT]
    cleaned = prepare_text(raw)
    found = _Collector()
    _scan(cleaned, found, depth=0)
    # Text that escapes its quotes (``\"prompt\"``) was copied from inside a
    # JSON string; read it again unescaped.
    if "\\" in cleaned and not found.objects:
        unescaped = cleaned.replace('\\"', '"').replace("\\'", "'")
        unescaped = unescaped.replace("\\n", "\n").replace("\\t", " ")
        if unescaped != cleaned:
            _scan(unescaped, found, depth=1)
    whole = " ".join(_drop_frames(cleaned).split())
    messages = found.messages[: MAX_MESSAGES - 1]
    # The whole paste always comes last (even if an earlier candidate equals
    # it), so callers can rely on ``messages[-1]`` being everything.
    if whole and (not messages or messages[-1].lower() != whole.lower()):
        messages.append(whole)
    return Paste(
        text=cleaned,
        messages=messages,
        statuses=found.statuses,
        codes=found.codes,
        phrases=found.phrases,
    )


def _scan(text: str, found: _Collector, depth: int) -> None:
    """Collect everything recognisable in *text* into *found*."""
    if depth > MAX_DEPTH or not text.strip() or not found.spend(text):
        return
    body = _drop_frames(text)
    spans = _structured(body, found, depth)
    for pattern in STATUS_RES:
        for match in pattern.finditer(body[:MAX_PARSE]):
            found.status(match.group(1))
    # What is left around parsed objects is prefix text (``Error code: 400 -``);
    # splitting the objects' own ``"key": value`` text would only add noise.
    for start, end in reversed(spans):
        body = body[:start] + " " + body[end:]
    for count, match in enumerate(ANGLE_RE.finditer(body)):
        if count >= MAX_ANGLES:
            break
        found.status(match.group(1))
        found.code(match.group(2))
        _scan_message(match.group(3), found, depth + 1)
    _key_values(body, found, depth)
    for match in BRACKET_CODE_RE.finditer(body[:MAX_PARSE]):
        found.code(match.group(1))
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) > 1:
        for line in _exception_lines(lines)[:MAX_LINES]:
            _line_candidates(line, found)
    _line_candidates(" ".join(body.split()), found)


def _scan_message(value: str, found: _Collector, depth: int) -> None:
    """A message field may itself be wrapped (``<400> Code: msg``): look in."""
    value = value[:MAX_MESSAGE]
    if depth <= MAX_DEPTH and (
        "<" in value or "{" in value or ": " in value or "[" in value
    ):
        before = len(found.messages)
        _scan(value, found, depth + 1)
        if len(found.messages) > before:
            # Inner findings go first; the field as given follows them.
            found.message(value)
            return
    found.message(value)


def _drop_frames(text: str) -> str:
    """The text without stack-trace frames (Java/JS ``at``, Python ``File``)."""
    if "\n" not in text:
        return text
    kept: list[str] = []
    skip_code_line = False
    for line in text.splitlines():
        if skip_code_line:
            skip_code_line = False
            if line.startswith((" ", "\t")):
                continue
        if FRAME_RE.match(line) or TRACEBACK_RE.match(line) or CHAINED_RE.match(line):
            continue
        if PY_FRAME_RE.match(line):
            skip_code_line = True
            continue
        kept.append(CAUSED_BY_RE.sub("", line))
    return "\n".join(kept)


def _exception_lines(lines: list[str]) -> list[str]:
    """Lines of a multi-line paste, the last (the exception) first."""
    return list(reversed(lines[-MAX_LINES:]))


def _line_candidates(line: str, found: _Collector) -> None:
    """Message candidates from one line: the line peeled of known prefixes,
    then every shorter tail after a ``prefix:`` split."""
    line = line.strip()
    if not line:
        return
    for inner in WRAPPER_RE.findall(line)[:4]:
        if re.search(r"[a-z]{2,}\s+[a-z]{2,}", inner, re.IGNORECASE):
            _peeled(inner, found)
    _peeled(line, found)


def _peeled(line: str, found: _Collector) -> None:
    line = _strip_prefixes(line)
    variants = [line]
    # Tails after ``API Error:``, ``module - ``, ``报错---`` and the like, so
    # one of the candidates starts exactly where the message does.
    positions = [m.end() for m in SPLIT_RE.finditer(line[:MAX_MESSAGE])][:8]
    for position in positions:
        tail = _strip_prefixes(line[position:])
        if len(tail) >= 4:
            variants.append(tail)
    for variant in variants:
        _add_with_trimmed(variant, found)


def _add_with_trimmed(text: str, found: _Collector) -> None:
    found.message(text)
    if len(text) > MAX_MESSAGE:
        return  # kept only as its first part, which has no trailing aside
    # ``... restrictions. [height:1 or width:1 ...]``, ``... (Press Ctrl+Y)``:
    # a trailing bracketed aside is often the client's, not the server's.
    trimmed = text
    for _ in range(3):
        shorter = TRAILING_GROUP_RE.sub("", trimmed)
        if shorter == trimmed or len(shorter) < 4:
            break
        trimmed = shorter
        found.message(trimmed)


ANGLE_PREFIX_RE = re.compile(r"<\d{3}>\s*[A-Za-z][\w\-]*(?:\.[\w\-]+){0,6}\s*:\s*")
SYMBOL_PREFIX_RE = re.compile(r"\s*[^\w\s\[\]{}()<>\"'`.-]{1,3}\s*")
ERROR_CODE_PREFIX_RE = re.compile(r"(?i)\s*error code:\s*\d{3}\s*-?\s*")
# Prefixes peeled off a line, in this order, until none applies. All are
# used with ``match`` (anchored), so a long line costs nothing extra.
PREFIXES = (
    TIMESTAMP_RE,
    LEVEL_RE,
    THREAD_RE,
    EXCEPTION_RE,
    SYMBOL_PREFIX_RE,
    ERROR_CODE_PREFIX_RE,
    LEADING_STATUS_RE,
    ANGLE_PREFIX_RE,
)


def _strip_prefixes(line: str) -> str:
    """Remove log and exception prefixes from the start of a line."""
    line = line.strip()
    for _ in range(8):
        before = len(line)
        for prefix in PREFIXES:
            found = prefix.match(line)
            if found and found.end():
                line = line[found.end() :].lstrip()
        if len(line) == before:
            break
    return line


def _structured(text: str, found: _Collector, depth: int) -> list[tuple[int, int]]:
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
            _walk(parsed, found, depth, level=0)
        position = max(end, start + 1)
    return spans


OBJECT_START_RE = re.compile(r"\{\s*(?:[\"'}]|$)")


def _parse_object(
    text: str, start: int, decoder: json.JSONDecoder, found: _Collector
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


def _matching_brace(text: str, start: int, found: _Collector) -> int | None:
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


def _walk(value: object, found: _Collector, depth: int, level: int) -> None:
    if level > 6:
        return
    if isinstance(value, list):
        for item in value[:20]:
            _walk(item, found, depth, level + 1)
        return
    if not isinstance(value, dict):
        return
    items = list(value.items())[:100]
    # Nested ``error`` objects first: they hold the server's own words.
    for _key, item in items:
        if isinstance(item, (dict, list)):
            _walk(item, found, depth, level + 1)
    for key, item in items:
        name = str(key).lower()
        if name in STATUS_KEYS:
            found.status(item)
        elif name in CODE_KEYS:
            found.code(item)
        elif name in MESSAGE_KEYS or (name == "error" and isinstance(item, str)):
            if isinstance(item, str):
                _scan_message(item, found, depth + 1)
        elif isinstance(item, str) and ANGLE_RE.search(item[:MAX_MESSAGE]):
            # Any field may carry a server's ``<400> Code: message``.
            _scan_message(item, found, depth + 1)


def _key_values(text: str, found: _Collector, depth: int) -> None:
    """``key: value`` pairs that no parser accepted (broken or flat text)."""
    for count, match in enumerate(KEY_RE.finditer(text[:MAX_PARSE])):
        if count >= 40 or found.scans <= 0 or found.pattern_budget <= 0:
            break
        key = match.group("key").lower()
        rest = text[match.end() : match.end() + MAX_MESSAGE + 2]
        quoted = QUOTED_VALUE_RE.match(rest)
        if key in CODE_KEYS:
            value = quoted.group(1) or quoted.group(2) if quoted else None
            if value is None:
                bare = CODE_VALUE_RE.match(rest) or re.match(r"\d{3}\b", rest)
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
            value = line[: stop.start()] if stop else line
        if value and value.strip():
            _scan_message(value, found, depth + 1)
