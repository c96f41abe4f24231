"""HTTP statuses: their names, and queries that are nothing but a status.

``429``, ``HTTP 429``, ``status 401``, ``Error code: 503`` or ``429 Too Many
Requests`` name a status and nothing else: no entry is *the* answer, so the
search lists that status's entries without calling any one a good match.
"""

from __future__ import annotations

import re
from http import HTTPStatus

from errors.search.text import words
from errors.search.typos import TYPO_MIN_LENGTH, edit_distance

# Words that may stand around a bare status without saying anything more.
# The filler words a slip of which is still filler: long ones, not near
# other words (``from`` is one swap from ``form``, ``code`` from ``mode``).
SLIPPED_FILLER = frozenset(
    "error errors status response request exception returned dashscope bailian".split()
)
FILLER = frozenset(
    """http https status statuscode code error errors err response request
    failed failure with got returned received return server client the a an
    httperror exception exceptions api call reason phrase no body"""
    # HTTP clients whose exception names wrap a bare status:
    # ``AxiosError: Request failed with status code 429``, and what a
    # browser's console says around it (``Uncaught (in promise)``).
    """ axios openai anthropic requests httpx aiohttp urllib fetch
    unhandled uncaught rejection in promise"""
    # A proxy's own error page: nginx's name for 503, its server line
    # (``nginx/1.18.0 (Ubuntu)``).
    """ temporarily nginx openresty tengine ubuntu debian centos"""
    # Where it came from (``Got HTTP 502 from upstream``). Not ``for url``:
    # requests' ``Bad Request for url: ...`` is documented, as an SDK error.
    """ from upstream is was"""
    # Who answered, and how it keeps saying it (``dashscope returns 404``,
    # ``keep getting 429 from bailian``).
    """ returns returning get gets getting keep keeps dashscope bailian aliyun
    alibaba alibabacloud"""
    # .NET's HttpRequestException: ``Response status code does not indicate
    # success: 404 (Not Found).``
    """ does not indicate success""".split()
)
# The exception classes HTTP clients raise for a status say no more than the
# status: openai's and anthropic's for 429 and 403 (their others are the
# status's own name, ``BadRequestError``, or filler, ``HTTPStatusError``).
SDK_CLASS_RE = re.compile(
    r"(?:RateLimit|PermissionDenied)Error\b"
    # ... and a library's class named with its namespace, the way .NET and
    # Java print it (``System.Net.Http.HttpRequestException``); two dots at
    # least, where the catalogue's codes have one (``Audio.DecoderError``).
    r"|\b(?:[A-Za-z_]\w{0,40}\.){2,8}[A-Za-z_]\w{0,60}(?:Exception|Error)\b"
)
HTTP_VERSION_RE = re.compile(r"(?i)\bHTTP/\d(?:\.\d)?")
# The tags of a proxy's error page (``<h1>502 Bad Gateway</h1>``); not any
# ``<...>``: ``<Response [429]>`` is a status in an HTTP client's words.
HTML_TAG_RE = re.compile(
    r"(?i)<!doctype[^<>]{0,100}>|</?(?:html|head|title|body|center|h[1-6]|hr|p|pre"
    r"|div|span|b|i|em|strong|small|a|br|meta|address)\b[^<>]{0,100}>"
)
MAX_STATUS_QUERY = 80  # characters: anything longer says more than a status
# What follows a number counted, measured or placed, never a status: a
# Chinese unit (``500秒``, ``500个字``, ``400多张``), about (``500左右``), a
# unit of time, size or place (``500 seconds``, as the glossary reads 秒;
# ``404 lines``; not a noun a status may come before: ``430 file too large``).
# A unit that begins a word of its own is none (页面 "page", 日志 "log",
# 次数 "count", 以下是 "below is"); 多次 after a status is "many times".
CJK_UNIT = (
    r"(?:[秒个张条元块兆岁年月]|小时|分钟|毫秒|像素|天(?!气)|周(?!期)|分(?!析|钟)"
    r"|日(?!志)|号(?!码)|行(?!为)|次(?!数)|字(?!段|符)|位(?!置)|页(?!面))"
)
EN_UNITS = (
    r"(?i:seconds?|secs?|ms|milliseconds?|minutes?|mins?|hours?|days?"
    r"|characters?|chars?|lines?|pixels?|px|bytes?|[kmg]b)\b"
)
COUNTED_AFTER = (
    rf"\s?{CJK_UNIT}|[多余来](?!次){CJK_UNIT}|\s?(?:左右|以上|以内|以下(?!是))"
    rf"|\s+{EN_UNITS}"
)
# A status a post says it got (``keeps returning 503 at peak``, ``got a 500
# from dashscope``, ``一直返回429``): at the end, before punctuation or
# Chinese, or before a word that goes on about an error, never a count of
# things got (``returns 400 tokens``, ``gets 500 QPS``, ``返回500条``).
SAID_AFTER = (
    r"(?=\s*(?:$|[^\sA-Za-z0-9]|(?i:errors?|status|code|from|on|at|when"
    r"|again|every|each|after|for|in|with|and|or|but|since|back|response"
    r"|http|rate|too|bad|internal|service|not|forbidden|unauthorized)\b))"
)
STATUS_SAID_RE = re.compile(
    r"(?i:\b(?:return(?:s|ed|ing)?|got|gets?|getting|throws?|throwing|gives?"
    r"|giving|respond(?:s|ed|ing)? with)\s+(?:an?\s+|http\s+)?|返回了?|报了?个?)"
    rf"\s?([45][0-9][0-9])(?![0-9]|[.:][0-9]|{COUNTED_AFTER}|字符){SAID_AFTER}"
)
MAX_STATUS_PAGE = 400  # characters of an error page, tags and all
# HTTP's names that no documented message is, near enough: a paste that says
# one and nothing more (``Unauthorized``, ``HTTPError: Forbidden``) names the
# status as surely as its number would. Not ``Not Found``, ``Bad Request``,
# ``Internal Server Error``, ``Request Timeout``, ``Payload Too Large`` or
# ``Too Many Requests``: the catalogue documents messages in those words,
# which should answer them (tests/test_paste_statuses.py checks every one).
# Written out, since Python renames some between versions (413, 422).
NAMED_STATUSES = {
    "unauthorized": 401,
    "forbidden": 403,
    "method not allowed": 405,
    "request entity too large": 413,
    "content too large": 413,
    "unsupported media type": 415,
    "unprocessable entity": 422,
    "unprocessable content": 422,
    "bad gateway": 502,
    "service unavailable": 503,
    "gateway timeout": 504,
}
# "forbidden", "too many requests": HTTP's names, lower-cased.
REASON_PHRASES = frozenset(
    {status.phrase.lower() for status in HTTPStatus} | NAMED_STATUSES.keys()
)


def status_name(status: int | None) -> str:
    """``Too Many Requests`` for 429; "" for a status HTTP does not name."""
    try:
        return HTTPStatus(int(status)).phrase if status is not None else ""
    except ValueError:
        return ""


def status_only(text: str) -> int | None:
    """The status a query names, when it names nothing else."""
    if len(text) > MAX_STATUS_PAGE:
        return None
    # An error page says its status in its title and again in its body.
    text = " ".join(SDK_CLASS_RE.sub(" error ", HTML_TAG_RE.sub(" ", text)).split())
    if len(text) > MAX_STATUS_QUERY:
        return None
    tokens = words(HTTP_VERSION_RE.sub(" http ", text))
    # A version (``nginx/1.18.0``) is no number of its own.
    numbers = {token for token in tokens if token.isdigit()}
    if not numbers:
        return _named_only(tokens)
    if len(numbers) != 1:
        return None
    number = numbers.pop()
    status = int(number)
    if len(number) != 3 or not 100 <= status <= 599:
        return None
    if re.search(rf"第\s?{number}|{number}(?:{COUNTED_AFTER})", text, re.ASCII):
        return None  # a count or a place: ``第500行报错``, ``读了500个字``
    said = [token for token in tokens if not token[0].isdigit()]
    return status if _names_only(said, set(words(status_name(status)))) else None


def _names_only(said: list[str], name: set[str]) -> bool:
    """Every word is filler or a word of the status's name, or one slip from
    one (``429 too many reqeusts``, ``Eror code: 503``); two words may run
    together into one of its words (nginx writes ``Time-out``)."""
    slipped = name | SLIPPED_FILLER
    i = 0
    while i < len(said):
        word = said[i]
        if word in FILLER or word in name or _slip_of(word, slipped):
            i += 1
        elif i + 1 < len(said) and said[i] + said[i + 1] in name:
            i += 2
        else:
            return False
    return True


def _slip_of(word: str, name: set[str]) -> bool:
    """A letter left out, doubled or two swapped (``eror``, ``reqeusts``); not
    one letter for another, which makes other words (``interval``, ``width``)."""
    return len(word) >= TYPO_MIN_LENGTH and any(
        len(part) >= TYPO_MIN_LENGTH
        and (len(word) != len(part) or sorted(word) == sorted(part))
        and edit_distance(word, part, 1) == 1
        for part in name
    )


def _named_only(tokens: list[str]) -> int | None:
    """The status of NAMED_STATUSES whose name the words say, with nothing
    but filler around it."""
    for name, status in NAMED_STATUSES.items():
        name_words = words(name)
        size = len(name_words)
        for start in range(len(tokens) - size + 1):
            if tokens[start : start + size] == name_words:
                rest = tokens[:start] + tokens[start + size :]
                if all(token in FILLER for token in rest):
                    return status
    return None


def status_of_name(phrases: list[str]) -> int | None:
    """The status a paste's reason phrases name (errors.search.findings
    collects them), when one is in NAMED_STATUSES: evidence of the status
    where no number says it (``{"message": "Unauthorized"}``)."""
    for phrase in phrases:
        if phrase in NAMED_STATUSES:
            return NAMED_STATUSES[phrase]
    return None


def status_of_phrase(
    statuses: list[int], phrases: list[str], said_more: bool
) -> int | None:
    """The status of a paste whose only message is that status's name: a
    body such as ``{"statusCode": 403, "message": "Forbidden"}`` says no more
    than ``403`` does."""
    if said_more or not statuses:
        return None
    if status_name(statuses[0]).lower() in phrases:
        return statuses[0]
    return None


__all__ = [
    "NAMED_STATUSES",
    "REASON_PHRASES",
    "status_name",
    "status_of_name",
    "status_of_phrase",
    "status_only",
]
