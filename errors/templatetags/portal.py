"""Template helpers for search results and entries."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from errors.web import answer

register = template.Library()


@register.filter
def highlight(text: str, terms: list[str]) -> str:
    """Escape `text` and wrap the query's whole words in <mark> ("li" does not
    light up inside "Invalid")."""
    words = sorted(
        {term for term in terms or [] if len(term) >= 2}, key=len, reverse=True
    )
    if not words or not text:
        return escape(text)
    alternatives = "|".join(re.escape(word) for word in words[:40])
    regex = re.compile(
        rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])", re.IGNORECASE
    )
    parts, last = [], 0
    for found in regex.finditer(text):
        parts.append(escape(text[last : found.start()]))
        parts.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


@register.filter
def placeholder_values(entry) -> list[dict]:
    """{placeholder, value} pairs a search extracted from the user's text."""
    return answer.entry_values(entry)


@register.filter
def filled_message(message: str, named: list[dict]):
    """The message with the user's values in place of its placeholders."""
    return answer.filled_message(message, named or [])


@register.filter
def values_query(named: list[dict]) -> str:
    return answer.values_query(named or [])


@register.filter
def status_name(status) -> str:
    return answer.status_name(status)


@register.filter
def match_label(kind: str) -> str:
    return answer.match_label(kind)
