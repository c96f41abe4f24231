"""The prefixes in front of a message on a line: log timestamps and levels,
thread names, Spring Boot's log columns, exception classes, ``Error code:
NNN -``, a leading status, ``<NNN> Code:``. errors.search.paste peels them
off each line it reads, so that one candidate starts where the message does.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from itertools import islice

from errors.search.foreign import RAISED_RE

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
# Spring Boot's default log line after its level: ``4242 --- [app]
# [nio-8080-exec-1] c.e.ai.ChatService : <message>``.
SPRING_LOG_RE = re.compile(
    r"^\s*\d{1,10}\s+---\s+(?:\[[^\]\n]{0,60}\]\s*){1,2}[\w$.\-]{1,160}\s*:\s+"
)
# An exception class name in front of a message (JavaScript's is often
# plain ``Error: 400 ...``).
EXCEPTION_RE = re.compile(
    r"^\s*(?:[\w$]+\.){0,8}(?:[A-Za-z_$][\w$]*)?(?:Error|Exception|Failure|Fault|Warning)"
    r"(?:\s*\[[\w.]+\])?\s*:\s*"
)
# A package-qualified Java exception class in front of a message (``java.net.
# ConnectException: ...``). Some documented messages begin with the class's
# simple name (``ConnectException: Failed to connect to ...``), which the
# peeled line has lost with its prefix. Only ``...Exception``: Python's and
# JavaScript's ``...Error`` names read as words of a message
# (``InternalServerError`` is "internal server error"). Anchored at a word
# start, bounded.
QUALIFIED_CLASS_RE = re.compile(
    r"(?<![\w$.])(?:[a-z_$][\w$]{0,60}\.){1,8}"
    r"([A-Z][\w$]{0,80}Exception)\s*:\s+(?=\S)"
)
MAX_CLASSES = 3  # qualified classes read per line (an exception wraps a few)
# A leading HTTP status in front of a message (``400 Access denied``,
# ``503: Too many requests``).
LEADING_STATUS_RE = re.compile(r"^\s*[45]\d\d\s*(?:[-:]\s*)?(?=[A-Za-z<\[{(\"'])")
ANGLE_PREFIX_RE = re.compile(r"<\d{3}>\s*[A-Za-z][\w\-]*(?:\.[\w\-]+){0,6}\s*:\s*")
SYMBOL_PREFIX_RE = re.compile(r"\s*[^\w\s\[\]{}()<>\"'`.-]{1,3}\s*")
ERROR_CODE_PREFIX_RE = re.compile(r"(?i)\s*error code:\s*\d{3}\s*-?\s*")
# Prefixes peeled off a line, in this order, until none applies. All are
# used with ``match`` (anchored), so a long line costs nothing extra.
PREFIXES = (
    TIMESTAMP_RE,
    LEVEL_RE,
    SPRING_LOG_RE,
    THREAD_RE,
    EXCEPTION_RE,
    SYMBOL_PREFIX_RE,
    ERROR_CODE_PREFIX_RE,
    LEADING_STATUS_RE,
    ANGLE_PREFIX_RE,
)


# A container runtime's column in front of every line: Docker Compose's
# ``ragflow-server  | ``, ``api-1  | ``. The program's own line follows it,
# indentation and all, so a traceback under it is still one once it is gone.
SERVICE_COLUMN_RE = re.compile(r"([A-Za-z0-9][\w.-]{0,62})[ \t]*\| ?")
# A log level in that place is a logger's column (``WARNING | retrying``),
# which the line's reading needs: it says the line is a lesser one.
LEVEL_NAMES = frozenset(
    "trace debug info notice warn warning error err fatal critical severe".split()
)
# Columns are taken off only when names that recur head at least this share
# of the lines (a container's log): a table's first column or a lone
# ``a | b`` stays.
MIN_COLUMN_SHARE = 0.5


def strip_service_columns(text: str) -> str:
    """*text* without the service column in front of its lines (above), when
    it is a container's log; any other text as it was."""
    if "|" not in text or "\n" not in text:
        return text
    lines = text.split("\n")
    found = [
        match
        if (match := SERVICE_COLUMN_RE.match(line))
        and match.group(1).lower() not in LEVEL_NAMES
        else None
        for line in lines
    ]
    names = Counter(match.group(1) for match in found if match)
    recurring = {name for name, count in names.items() if count >= 2}
    headed = sum(names[name] for name in recurring)
    if not recurring or headed < MIN_COLUMN_SHARE * sum(map(bool, lines)):
        return text
    # A container's log: every service's column goes (one line each, too).
    return "\n".join(
        line[match.end() :] if match else line
        for line, match in zip(lines, found, strict=True)
    )


def strip_prefixes(line: str) -> str:
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


def with_inner_class(line: str) -> str | None:
    """The message after the innermost of a line's first MAX_CLASSES
    package-qualified exception classes, that class's simple name in front
    (``ConnectException: Failed to connect to ...``), or None."""
    last = None
    for count, match in enumerate(QUALIFIED_CLASS_RE.finditer(line)):
        if count >= MAX_CLASSES:
            break
        last = match
    if last is None:
        return None
    return f"{last.group(1)}: {line[last.end() :]}"


# Python's own exceptions for a program's mistakes, whose message Python
# writes (an assertion's is the program's, often the server's message it
# checked): a traceback whose last exception is one (``IndexError: list index
# out of range`` under ``File "app.py", line 3``) is the user's code failing.
# ``json.decoder.JSONDecodeError`` is the program parsing what it was given
# (a model's reply asked for JSON): a server's error raised by a client is
# the client's exception.
LOCAL_ERRORS = frozenset(
    """IndexError KeyError AttributeError TypeError NameError UnboundLocalError
    ZeroDivisionError RecursionError StopIteration ModuleNotFoundError
    ImportError JSONDecodeError""".split()
)
PYTHON_FRAME_RE = re.compile(r'\bFile\s+"[^"\n]{0,500}",\s+line\s+\d+')
EXCEPTION_NAME_RE = re.compile(r"\b([A-Z]\w{0,60}(?:Error|Exception|Iteration))\s*:")
MAX_LOCAL_MESSAGE = 500  # characters of its line kept
# ``raise OutputParserException(...) from error``: the exception above the
# last such line is the cause of the one after it, which only wraps it;
# above the other kind of link, it was an earlier failure being handled.
CAUSE_MARK = "The above exception was the direct cause of the following exception"
HANDLING_MARK = "During handling of the above exception"
# pydantic's own report of a model it could not build in the program
# (``1 validation error for SearchToolSchema`` / ``search_query`` /
# ``  Field required [type=missing, ...``): a server says ``Field required:
# input.prompt``. Its lines name fields or are indented; what follows
# ``[type=`` is the input it was given (which may quote a server's reply).
PYDANTIC_REPORT_RE = re.compile(r"\b\d{1,4} validation errors? for [A-Za-z_]\w{0,80}")
REPORT_FIELD_RE = re.compile(r"[\w.\[\]-]{1,80}(?: -> [\w.\[\]-]{1,80}){0,8}")
REPORT_DETAIL_RE = re.compile(r"\[type=[^\n]*")
# The same report as JSON, as FastAPI answers a request its own model
# refused (``422 {"detail": [{"type": "missing", "loc": ["body", "messages"],
# "msg": "Field required", ...}]}``): a proxy of the user's, not the server.
PYDANTIC_JSON_RE = re.compile(
    r"[\"']loc[\"']\s?:\s?[\[(]"
    r"(?:\s?(?:\"[\w.-]{0,40}\"|'[\w.-]{0,40}'|\d{1,6}),?){1,8}\s?[\])],\s?"
    r"[\"']msg[\"']\s?:\s?[\"']([^\"'\n]{1,200})[\"']"
)
MAX_JSON_ERRORS = 8


def local_error(text: str) -> str:
    """The message of the text's last exception (the rest of its line) when
    the text is a Python traceback and that exception is one of
    LOCAL_ERRORS, or is raised from one (CAUSE_MARK), on one line or many
    (pastes lose their line breaks); pydantic's report of the program's own
    model when nothing is raised after it, or its messages as FastAPI's JSON
    or a printed dict gives them, nothing raised after them either; ""
    otherwise. A source line's ``except KeyError:`` has no message."""
    report = _pydantic_report(text)
    if report is not None:
        return report
    reported = list(islice(PYDANTIC_JSON_RE.finditer(text), MAX_JSON_ERRORS))
    if reported and not _raised_after(text, reported[-1].end()):
        return " ".join(match.group(1) for match in reported)
    if PYTHON_FRAME_RE.search(text) is None:
        return ""
    found = deque(EXCEPTION_NAME_RE.finditer(text), maxlen=1)  # the last one
    if found and found[0].group(1) not in LOCAL_ERRORS:
        cause = text.rfind(CAUSE_MARK, 0, found[0].start())
        if cause > text.rfind(HANDLING_MARK, 0, found[0].start()):
            found = deque(EXCEPTION_NAME_RE.finditer(text, 0, cause), maxlen=1)
    if not found or found[0].group(1) not in LOCAL_ERRORS:
        return ""
    last = found[0]
    rest = text[last.end() : last.end() + MAX_LOCAL_MESSAGE]
    return rest.split("\n", 1)[0].strip()


def _raised_after(text: str, start: int) -> bool:
    """Whether an exception is raised after `start` (``…Error:``, or a
    module's class at a line's start: ``dashscope.common.error.InvalidInput:``):
    the program went on to fail otherwise."""
    return bool(EXCEPTION_NAME_RE.search(text, start) or RAISED_RE.search(text, start))


def _pydantic_report(text: str) -> str | None:
    """The fields and errors of pydantic's last report in the text, without
    the input they were given, when no exception is raised after it."""
    reports = deque(PYDANTIC_REPORT_RE.finditer(text), maxlen=1)
    if not reports:
        return None
    start = reports[0].end()
    lines = text[start : start + MAX_LOCAL_MESSAGE].split("\n")
    kept = lines[:1]
    for line in lines[1:]:
        if not (
            line.startswith((" ", "\t")) or REPORT_FIELD_RE.fullmatch(line.strip())
        ):
            break
        kept.append(line)
    block = "\n".join(kept)
    if _raised_after(text, start + len(block)):
        return None  # raised after it: the report was handled
    return REPORT_DETAIL_RE.sub(" ", block).strip()
