"""Template helpers for search results."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text: str, terms: list[str]) -> str:
    """Escape `text` and wrap the query's words in <mark>."""
    words = sorted(
        {term for term in terms or [] if len(term) >= 2}, key=len, reverse=True
    )
    if not words or not text:
        return escape(text)
    regex = re.compile("|".join(re.escape(word) for word in words[:40]), re.IGNORECASE)
    parts, last = [], 0
    for found in regex.finditer(text):
        parts.append(escape(text[last : found.start()]))
        parts.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


@register.filter
def placeholder_values(entry) -> list[tuple[str, str]]:
    """(placeholder, value) pairs a search extracted from the user's text."""
    match = getattr(entry, "match", None)
    if match is None or not match.values:
        return []
    from errors.patterns import placeholder_names

    names = placeholder_names(entry.message)
    return [
        (names[index] if index < len(names) else "value", value)
        for index, value in enumerate(match.values)
    ]
