"""The answer to a paste, as people read it: named values, the message with
those values filled in, plain labels for how an entry matched, status names.

Built from what a search already returns (`entry.match`: kind, score, values)
and from the documented message; the ranking itself is not consulted again.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from urllib.parse import urlencode

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from errors.search.alternatives import placeholder_names

# What a reader calls each of the ranking's match kinds.
MATCH_LABELS = {
    "template": "Exact message",
    "code": "Same code",
    "text": "Similar wording",
    "fuzzy": "Similar wording (typos)",
}
# Values a link may carry to an entry page: few and short, since they come
# from the address bar and are shown back on the page.
MAX_VALUES = 10
MAX_VALUE_CHARS = 200
VALUE_PARAMETER = "value"


def match_label(kind: str) -> str:
    return MATCH_LABELS.get(kind, "Related")


def status_name(status) -> str:
    """`429 Too Many Requests`; just the number when HTTP has no name for it."""
    if status in (None, ""):
        return ""
    try:
        return f"{int(status)} {HTTPStatus(int(status)).phrase}"
    except ValueError:
        return str(status)


def named_values(message: str, values: list[str]) -> list[dict]:
    """[{"placeholder": "xxx", "value": "98304"}, …], paired by position."""
    names = placeholder_names(message)
    return [
        {"placeholder": names[index] if index < len(names) else "value", "value": value}
        for index, value in enumerate(values)
    ]


def entry_values(entry) -> list[dict]:
    """The named values a search found for `entry`, if it came from one."""
    match = getattr(entry, "match", None)
    if match is None or not match.values:
        return []
    return named_values(entry.message, list(match.values))


def values_from_request(message: str, params) -> list[dict]:
    """Named values carried by an entry link (`?value=98304`), bounded."""
    values = [
        value[:MAX_VALUE_CHARS]
        for value in params.getlist(VALUE_PARAMETER)[:MAX_VALUES]
        if value.strip()
    ]
    return named_values(message, values)


def values_query(named: list[dict]) -> str:
    """The query string an entry link carries its values in ("" for none)."""
    if not named:
        return ""
    return "?" + urlencode([(VALUE_PARAMETER, item["value"]) for item in named])


def _placeholder_regex(name: str) -> re.Pattern[str]:
    # Whole placeholders only: "x" must not match the x inside "max".
    return re.compile(r"(?<![A-Za-z0-9_])" + re.escape(name) + r"(?![A-Za-z0-9_])")


def filled_message(message: str, named: list[dict]) -> SafeString:
    """The message, escaped, with each placeholder replaced by the user's
    value in <mark>; placeholders without a value stay as written."""
    parts: list[str] = []
    position = 0
    for item in named:
        found = _placeholder_regex(item["placeholder"]).search(message, position)
        if found is None:
            continue
        parts.append(escape(message[position : found.start()]))
        parts.append(
            f'<mark class="value" title="your value for {escape(item["placeholder"])}">'
            f"{escape(item['value'])}</mark>"
        )
        position = found.end()
    parts.append(escape(message[position:]))
    # Safe: every piece of text above went through escape().
    return mark_safe("".join(parts))
