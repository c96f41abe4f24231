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

import re
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import unquote_plus

from errors.limits import MAX_QUERY_BYTES
from errors.search.bodies import ANGLE_RE, MAX_PARSE, key_values, structured
from errors.search.findings import MAX_MESSAGE, Collector
from errors.search.log_levels import minor_bodies, minor_line
from errors.search.prefixes import (
    local_error,
    strip_prefixes,
    strip_service_columns,
    with_inner_class,
)
from errors.search.statuses import STATUS_SAID_RE, status_name, status_of_name
from errors.search.text import normalise_text

MAX_MESSAGES = 14  # candidate messages returned
MAX_LINES = 40  # lines of a multi-line paste considered one by one
MAX_DEPTH = 3  # nested unwrapping (a message field holding ``<400> Code: ...``)
MAX_ANGLES = 6  # ``<400> Code: message`` matches used per text

# A percent escape of a character a message holds (space, punctuation).
PERCENT_RE = re.compile(r"%(?:2[0-9A-Fa-f]|3[A-Fa-f]|5[BDbd])")
MIN_PERCENT_ESCAPES = 3
PERCENT_LEVELS = 2  # encodings undone, one inside the other
# A Markdown code fence alone on its line, with its language if any: how
# people paste an error into an issue, not a part of it.
FENCE_RE = re.compile(r"(?m)^[^\S\n]*(?:```|~~~)[\w+.-]{0,20}[^\S\n]*$")
# A quoted reply's markers (``> `` in Markdown and e-mail, ``>>> `` in a
# Python prompt) at a line's start: a sentence wrapped over quoted lines must
# join as if unquoted. Each ``>`` is taken once, so the work is linear.
QUOTE_MARK_RE = re.compile(r"(?m)^[^\S\n]*>(?:[^\S\n]*>)*[^\S\n]?")
# Runs of horizontal whitespace (any length) become one space before any
# pattern sees the text: patterns that start with ``\s*`` or ``\s+`` are then
# tried at one position per run instead of every position in it, which keeps
# a line of ``message:a`` + 2,000 spaces + ``b`` from costing n^2.
HSPACE_RE = re.compile(r"[^\S\n]+")

STATUS_RES = [
    re.compile(
        r"(?i)\b(?:error[ _]?code|status[ _]?code|http[ _]?status|http[ _]?code"
        r"|status)[\"']?\s*[:=]\s*[\"']?\s*(\d{3})\b"
    ),
    re.compile(r"\bHTTP(?:/\d(?:\.\d)?)?\s+(\d{3})\b"),
    re.compile(r"<(\d{3})>"),
    re.compile(r"(?<![\w.:/-])([1-5]\d\d)\s*-\s*[\[{(]"),
    re.compile(r"(?i)\berror\b[^\n\d:]{0,30}:\s*([45]\d\d)\b(?![.:]\d)"),
    # ``API error 401 Invalid``, ``failed with status 429``: no colon.
    re.compile(r"(?i)\b(?:error|status)\s+([45]\d\d)\b(?![.:]\d)"),
    # ``Model request failed: 400``, a space after the colon (``failed to
    # connect to host:443`` names a port).
    re.compile(r"(?i)\b(?:failed|failure)\b[^\n\d:]{0,30}:\s+([45]\d\d)\b(?![.:]\d)"),
    re.compile(r"(?m)^\s*([45]\d\d)\s+(?=[A-Z<\[{])"),
    re.compile(r"^\s*([1-5]\d\d)\s*$"),  # the whole paste is a status
    STATUS_SAID_RE,
]
STATUS_PHRASE_RE = re.compile(
    r"(?i)(?<![\w.:/-])([45]\d\d) ("
    + "|".join(sorted({re.escape(s.phrase) for s in HTTPStatus if s >= 400}))
    + r")\b"
)

# Stack frames: Java/JS ``at ...``, ``... 12 more``, Python ``File "x", line 3``.
FRAME_RE = re.compile(r"^\s+at\s|^\s*\.\.\.\s*\d+\s+more\b|^\s*at\s+[\w$.<>]+\(")
PY_FRAME_RE = re.compile(r'^\s*File\s+"[^"\n]*",\s+line\s+\d+')
TRACEBACK_RE = re.compile(r"^\s*Traceback \(most recent call last\):\s*$")
CHAINED_RE = re.compile(
    r"^\s*(?:During handling of the above exception|The above exception was)"
)
CAUSED_BY_RE = re.compile(r"^\s*Caused by:\s*")

# A line broken mid-sentence: it ends on a word or a comma, and the next line
# begins with a lower-case word, not a name (``src/main.py``, ``timeout=30``,
# ``docker-worker-1``, a column ``worker | ...``: _wrapped_runs);
# ``non-streaming`` goes on.
WRAP_END_RE = re.compile(r"[A-Za-z,]$")
WRAP_START_RE = re.compile(r"[a-z]+\b(?![.(:\[/=]|[\w-]*[^\S\n]*\||-[\w-]*\d)")
MAX_WRAPPED = 4  # such runs read per paste
MAX_CHATTER = 200  # characters of a line read for the poster's own words
# A line of the poster's own under the error: a question, thanks, a plea.
CHATTER_RE = re.compile(
    r"[?？]\s*$|^\s*(?:thanks|thank you|thx|any (?:idea|help|suggestion|hint)s?"
    r"|please help|can (?:anyone|someone|you) help|help me|谢谢|求助|请问|有没有|怎么办)",
    re.IGNORECASE,
)
BRACKET_CODE_RE = re.compile(r"[\[(]([a-z][a-z0-9]*(?:_[a-z0-9]+)+)[\])]")
# A code written before its message with no separator between them
# (``BadRequest.UnsupportedFileFormat File format unsupported.``, a log's
# ``ERROR InvalidApiKey Invalid API-key provided``): dotted, camelCase or
# UPPER_SNAKE, then a space and a word. What follows it is a candidate of its
# own. Each repeated group begins with its one capital or separator, so no
# text can be split two ways (no backtracking blow-up).
CODE_LEAD_RE = re.compile(
    r"(?<![\w.\-])(?:[A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)+"
    r"|[A-Z][A-Z]*[a-z0-9]+(?:[A-Z][a-z0-9]*)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"
    r"[ \t]+(?=[A-Z][a-z]*[ \t]+[A-Za-z])"
)
# Where a prefix like ``API Error:`` or ``module.func:12 -`` ends.
SPLIT_RE = re.compile(r"(?<![\"']):\s+|\s+-{1,3}\s+|-{2,3}|(?<=[^\x00-\x7f]):")
# A bracketed wrapper whose content is the message (``✕ [API Error: ...]``).
WRAPPER_RE = re.compile(
    rf"\[([^\[\]\n]{{12,{MAX_MESSAGE}}}(?:\[[^\[\]\n]*\][^\[\]\n]*){{0,3}})\]"
)
# A message in brackets after the word error: Claude Code's ``API Error
# (Connection error.) · Retrying in 1 seconds…``. Bounded, no nesting.
ERROR_PAREN_RE = re.compile(r"(?i)\berror\s?\(([^()\n]{4,300})\)")
# A quoted span of a sentence: people quote the error they got, in double
# quotes (``resulting in an "Invalid API key" error``), single ones (``the
# bot gets 'Model not exist.' every time``) or Markdown's backticks. Spans of
# any length are matched, so quotes pair left to right (``"stream" to true
# but "model" is wrong`` never yields the text between two short spans);
# only long ones are kept. A single quote counts when no letter touches its
# outer side, so the apostrophes of ``don't ... it's`` enclose nothing.
# Typographic and CJK quotes are plain ones by now (errors.search.text).
# Bounded, with no nested repetition.
QUOTED_RE = re.compile(
    r'"([^"\n]{0,300})"|(?<![A-Za-z0-9])\'([^\'\n]{0,300})\'(?![A-Za-z0-9])'
    r"|`([^`\n]{0,300})`"
)
MIN_QUOTED = 8  # characters: a shorter quoted span is a name, not a message
MAX_SPANS = 4  # quoted spans, or English runs of a CJK line, taken per line
# A quoted key (``"message":``, ``{'code'``): the line is JSON or a repr.
QUOTED_KEY_RE = re.compile(r"[\"']\s*:|\{\s*[\"']")
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Printable ASCII between two non-space characters; linear (no nesting).
ASCII_RUN_RE = re.compile(r"[!-~](?:[ -~]*[!-~])?")
PROSE_WORDS_RE = re.compile(r"[a-z]{2,}\s+[a-z]{2,}", re.IGNORECASE)  # two words
TRAILING_GROUP_RE = re.compile(
    r"\s*(?:\((?=[^()\n]*[A-Za-z]{3})[^()\n]{0,200}\)"
    r"|\[(?=[^\[\]\n]*[A-Za-z]{3})[^\[\]\n]{0,200}\])\s*[.!]?\s*$"
)


@dataclass
class Paste:
    """What :func:`unwrap` found in a paste."""

    text: str  # the input, NUL bytes removed, capped at 64 KB
    messages: list[str] = field(default_factory=list)  # best first; whole text last
    statuses: list[int] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    # Of those, the ones a field names (not only guessed from a bracket).
    named_codes: frozenset[str] = frozenset()
    # Messages that were only an HTTP reason phrase (``"message": "Forbidden"``)
    phrases: list[str] = field(default_factory=list)
    # Messages with their exception's simple class name in front (at most
    # findings.MAX_CLASSED; not among `messages`)
    classed: list[str] = field(default_factory=list)
    # Messages found only on log lines below an error's level (findings.message_key)
    minor: frozenset[str] = frozenset()
    # The message of a Python traceback's last exception when it is the
    # program's own mistake (prefixes.local_error), else ""
    local_error: str = ""


def collapse_whitespace(text: str) -> str:
    """One space for every run of spaces and tabs, no blank lines, no line
    ending in spaces. An indented line keeps one leading space, since stack
    frames are told apart by their indentation."""
    text = HSPACE_RE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n") if line.strip())


def unwrap(text: object) -> Paste:
    """Candidate messages, statuses and codes found in a pasted text."""
    try:
        return _unwrap(text)
    except Exception:  # noqa: BLE001 - a search box must never crash on input
        raw = (
            str(text)[: MAX_QUERY_BYTES * 4].replace("\x00", "")[:MAX_QUERY_BYTES]
            if text
            else ""
        )
        return Paste(text=raw, messages=[raw.strip()] if raw.strip() else [])


def prepare_text(raw: str) -> str:
    """What every pattern sees: normalised (errors.search.text), capped, with
    whitespace runs collapsed and Markdown's code fences (a line of just
    ```` ```json ````) gone. NFKC may lengthen text (``ﬃ`` is three letters,
    U+FDFA eighteen), so the cap applies again after it."""
    text = normalise_text(raw[:MAX_QUERY_BYTES], limit=MAX_QUERY_BYTES)
    # Quote markers first: a quoted reply may hold a fence (``> ```text``).
    text = FENCE_RE.sub("", QUOTE_MARK_RE.sub("", text))
    return collapse_whitespace(strip_service_columns(text))


def _unwrap(text: object) -> Paste:
    raw = "" if text is None else str(text)
    # NULs out first, then the cap (bounded, so a huge paste costs little).
    raw = raw[: MAX_QUERY_BYTES * 4].replace("\x00", "")[:MAX_QUERY_BYTES]
    cleaned = prepare_text(raw)
    found = Collector()
    _scan(cleaned, found, depth=0)
    # Text that escapes its quotes (``\"prompt\"``) was copied from inside a
    # JSON string; read it again unescaped.
    if "\\" in cleaned and not found.objects:
        unescaped = cleaned.replace('\\"', '"').replace("\\'", "'")
        unescaped = unescaped.replace("\\n", "\n").replace("\\t", " ")
        if unescaped != cleaned:
            _scan(unescaped, found, depth=1)
    # Text copied from a URL or a form body (``error=Range%20of%20input``):
    # read it again decoded, when the escapes are many enough to be that; and
    # once more when that holds escapes again (a form body inside a logged
    # query string: ``body=message%3Durl%2Berror%252C``).
    encoded = cleaned[:MAX_PARSE]
    for level in range(PERCENT_LEVELS):
        # Inside text that was encoded, one escape left is one more level.
        needed = MIN_PERCENT_ESCAPES if level == 0 else 1
        if len(PERCENT_RE.findall(encoded)) < needed:
            break
        decoded = prepare_text(unquote_plus(encoded).replace("\x00", ""))
        if decoded == encoded:
            break
        _scan(decoded, found, depth=1)
        encoded = decoded[:MAX_PARSE]
    whole = " ".join(_drop_frames(cleaned).split())
    messages = found.messages[: MAX_MESSAGES - 1]
    # The whole paste always comes last (even if an earlier candidate equals
    # it), so callers can rely on ``messages[-1]`` being everything.
    if whole and (not messages or messages[-1].lower() != whole.lower()):
        messages.append(whole)
    if not found.statuses:
        # ``{"message": "Forbidden"}``: HTTP's name for a status, no number.
        found.status(status_of_name(found.phrases))
    return Paste(
        text=cleaned,
        messages=messages,
        statuses=found.statuses,
        codes=found.codes,
        named_codes=frozenset(found.named_codes),
        classed=found.classed_messages,
        phrases=found.phrases,
        minor=found.minor | minor_bodies(cleaned, messages[:-1], MAX_LINES),
        local_error=local_error(cleaned),
    )


def _scan(text: str, found: Collector, depth: int) -> None:
    """Collect everything recognisable in *text* into *found*."""
    if depth > MAX_DEPTH or not text.strip() or not found.spend(text):
        return
    body = _drop_frames(text)
    spans = structured(body, found, depth, _scan_message)
    for pattern in STATUS_RES:
        for match in pattern.finditer(body[:MAX_PARSE]):
            found.status(match.group(1))
    # ``400 Bad Request from POST ...``: a number is a status when HTTP's
    # name for that very number follows it.
    for match in STATUS_PHRASE_RE.finditer(body[:MAX_PARSE]):
        if status_name(int(match.group(1))).lower() == match.group(2).lower():
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
    key_values(body, found, depth, _scan_message)
    for match in BRACKET_CODE_RE.finditer(body[:MAX_PARSE]):
        found.code(match.group(1), named=False)
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) > 1:
        _lines(lines, found)
    _line_candidates(" ".join(body.split()), found)
    found.minor_line = False


def _lines(lines: list[str], found: Collector) -> None:
    """Candidates from sentences a hard wrap broke over lines, then from each
    line, each with its level (the joined sentences first: a long paste's
    lines may use up the candidates)."""
    # Lines joined say again what each line said: no level of their own.
    found.minor_line = None
    for run in _wrapped_runs(lines[-MAX_LINES:]):
        _line_candidates(run, found)
    for line in _exception_lines(lines)[:MAX_LINES]:
        found.minor_line = minor_line(line)
        _line_candidates(line, found)
    found.minor_line = None


def _scan_message(value: str, found: Collector, depth: int) -> None:
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
    """Lines of a multi-line paste, the last (the exception) first, but the
    poster's own words under the error (``Any idea how to fix this?``) last."""
    last_first = list(reversed(lines[-MAX_LINES:]))
    chatter = 0
    while chatter < len(last_first) - 1 and CHATTER_RE.search(
        last_first[chatter][:MAX_CHATTER]
    ):
        chatter += 1
    return last_first[chatter:] + last_first[:chatter]


def _wrapped_runs(lines: list[str]) -> list[str]:
    """Sentences a hard wrap broke over lines (a PDF, an e-mail, a terminal's
    width): a line ending mid-sentence and the next going on in lower case,
    joined again, so that a message wrapped in two is found whole."""
    runs: list[str] = []
    current: list[str] = []
    for line in lines:
        line = line.strip()
        if current and WRAP_END_RE.search(current[-1]) and WRAP_START_RE.match(line):
            current.append(line)
            continue
        if len(current) > 1:
            runs.append(" ".join(current))
        current = [line]
    if len(current) > 1:
        runs.append(" ".join(current))
    return runs[:MAX_WRAPPED]


def _line_candidates(line: str, found: Collector) -> None:
    """Message candidates from one line: the line peeled of known prefixes,
    then every shorter tail after a ``prefix:`` split."""
    line = line.strip()
    if not line:
        return
    for inner in WRAPPER_RE.findall(line)[:4]:
        if PROSE_WORDS_RE.search(inner):
            _peeled(inner, found)
    for inner in ERROR_PAREN_RE.findall(line[:MAX_MESSAGE])[:MAX_SPANS]:
        if PROSE_WORDS_RE.search(inner):
            found.message(inner)
    _peeled(line, found)
    # A Chinese (Japanese, Korean) sentence around an English message
    # (``...中的dashscope key,报错invalid key.``): each run of ASCII text is
    # a candidate of its own; peeled as a line is (``频繁 503：Your ...``)
    # too, first, so the run as written is no cut of an earlier candidate.
    if CJK_RE.search(line):
        for run in english_runs(line):
            found.message(strip_prefixes(run))
            found.message(run)
            if lead := CODE_LEAD_RE.search(run):
                found.message(run[lead.end() :])
    # A sentence quoting its error: only in prose, where quotes are rare (in
    # JSON or a repr every key and value is quoted), and only words.
    if not QUOTED_KEY_RE.search(line):
        spans = [
            quoted
            for match in QUOTED_RE.finditer(line[:MAX_MESSAGE])
            if len(quoted := next(filter(None, match.groups()), "")) >= MIN_QUOTED
        ]
        for quoted in spans[:MAX_SPANS]:
            if PROSE_WORDS_RE.search(quoted):
                found.message(quoted)


def english_runs(line: str) -> list[str]:
    """The runs of English words (two or more) in a CJK line, the first few."""
    runs = ASCII_RUN_RE.findall(line[:MAX_MESSAGE])
    return [run for run in runs if PROSE_WORDS_RE.search(run)][:MAX_SPANS]


def _peeled(raw: str, found: Collector) -> None:
    line = strip_prefixes(raw)
    variants = [line]
    # Tails after ``API Error:``, ``module - ``, ``报错---`` and the like, so
    # one of the candidates starts exactly where the message does.
    positions = [m.end() for m in SPLIT_RE.finditer(line[:MAX_MESSAGE])][:8]
    positions += [m.end() for m in CODE_LEAD_RE.finditer(line[:MAX_MESSAGE])][:4]
    for position in positions:
        tail = strip_prefixes(line[position:])
        if len(tail) >= 4:
            variants.append(tail)
    for variant in variants:
        _add_with_trimmed(variant, found)
    # The prefixes peeled may have held the class a documented message begins
    # with: a candidate of another kind, beside the paste's own (a trace of
    # many wrapped exceptions must not crowd its message out).
    named = with_inner_class(raw[:MAX_MESSAGE])
    if named:
        found.classed(named)


def _add_with_trimmed(text: str, found: Collector) -> None:
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
