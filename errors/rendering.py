"""Markdown to safe HTML: one function, fixed extensions, an allow-list.

Admins paste cause and solution text from anywhere, so the rendered HTML is
never trusted: nh3 keeps only the tags and attributes listed here and drops
`javascript:` and other unknown URL schemes.
"""

import threading
from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
EXTENSIONS = ["sane_lists", "tables", "fenced_code"]


_local = threading.local()


def _converter() -> markdown.Markdown:
    # Building a Markdown instance costs more than converting a short text,
    # so each thread keeps one and resets it between texts.
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(
            extensions=EXTENSIONS, output_format="html"
        )
    return converter


def render_markdown(text: str) -> SafeString:
    """Render Markdown and sanitise the result to an allow-list of HTML."""
    return _render(text or "")


@lru_cache(maxsize=8192)
def _render(text: str) -> SafeString:
    # Keyed by the text itself, so an edited entry renders afresh.
    if not text:
        return mark_safe("")
    html = _converter().reset().convert(text)
    # Safe to mark: nh3 has reduced it to the allow-list above.
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="nofollow noopener noreferrer",
        )
    )
