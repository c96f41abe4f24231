"""Markdown to safe HTML: one function, fixed extensions, an allow-list.

Admins paste cause and solution text from anywhere, so the rendered HTML is
never trusted: nh3 keeps only the tags and attributes listed here and drops
`javascript:` and other unknown URL schemes.

Rendering takes about 0.1 ms a text, most of it Markdown's, so an entry keeps
the HTML of its cause and solution, rendered when it is saved, under the
:func:`rendering_key` of the texts it was rendered from (errors.models). A
page or answer uses it only under the key of the entry's current texts, and
sanitises it again on the way out, which costs a tenth of rendering: what the
database holds is never trusted either.
"""

import hashlib
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
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"
# What the HTML of a text depends on besides the text: HTML kept from
# another version of Markdown or nh3, other extensions or another allow-list
# has another key, and is rendered again.
RENDERER = hashlib.sha256(
    repr(
        (
            markdown.__version__,
            nh3.__version__,
            EXTENSIONS,
            sorted(ALLOWED_TAGS),
            sorted((tag, sorted(names)) for tag, names in ALLOWED_ATTRIBUTES.items()),
            sorted(URL_SCHEMES),
            LINK_REL,
        )
    ).encode()
).digest()


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


def render_markdown(text: str, rendered: str | None = None) -> SafeString:
    """Render Markdown and sanitise the result to an allow-list of HTML.

    `rendered`: what this function returned for the same text before (kept
    under its rendering_key), sanitised again instead of rendered again.
    """
    if rendered is not None:
        return _sanitised(rendered)
    return _render(text or "")


def rendering_key(*texts: str) -> str:
    """The key of these texts as this code renders them: HTML kept under it
    is the rendering of exactly these texts."""
    digest = hashlib.sha256(RENDERER)
    for text in texts:
        data = text.encode()
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


@lru_cache(maxsize=8192)
def _render(text: str) -> SafeString:
    # Keyed by the text itself, so an edited entry renders afresh.
    if not text:
        return mark_safe("")
    return _clean(_converter().reset().convert(text))


@lru_cache(maxsize=8192)
def _sanitised(html: str) -> SafeString:
    return _clean(html)


def _clean(html: str) -> SafeString:
    # Safe to mark: nh3 has reduced it to the allow-list above.
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel=LINK_REL,
        )
    )
