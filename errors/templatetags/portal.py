"""Template helpers for search results and entries."""

import html
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from errors.web import answer

register = template.Library()


# A run of the characters a query word is made of, as a case-insensitive
# regular expression sees them: with IGNORECASE, [A-Za-z] also takes four
# non-ASCII letters, which FOLD maps to the ASCII letter they match.
WORD_RUN_RE = re.compile(r"(?i)[A-Za-z0-9]+")
FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


@register.filter
def highlight(text: str, terms: list[str]) -> str:
    """Escape `text` and wrap the query's whole words in <mark> ("li" does not
    light up inside "Invalid")."""
    words = sorted(
        {term for term in terms or [] if len(term) >= 2}, key=len, reverse=True
    )[:40]
    if not words or not text:
        return escape(text)
    if all(WORD_RUN_RE.fullmatch(word) for word in words):
        # Whole words: a run of word characters either is one of them or
        # holds none (no expression to compile for each query's words).
        wanted = {word.translate(FOLD).lower() for word in words}
        # Folded once, not run by run: FOLD and lower() keep every character
        # one character (İ, the one that lower() makes two, FOLD makes i
        # first) and in or out of a run, so the positions are the text's.
        folded = text.translate(FOLD).lower()
        found = (
            match for match in WORD_RUN_RE.finditer(folded) if match.group() in wanted
        )
    else:
        alternatives = "|".join(re.escape(word) for word in words)
        found = re.finditer(
            rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])",
            text,
            re.IGNORECASE,
        )
    # Python's escape, as Django's does, without its wrapper for lazy text.
    parts, last = [], 0
    for match in found:
        start, end = match.span()
        parts.append(html.escape(text[last:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    parts.append(html.escape(text[last:]))
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
