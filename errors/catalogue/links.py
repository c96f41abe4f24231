"""Where entries point outside themselves: their place on the vendor's page,
and the "See X" references of the source that still lack a link.

The vendor page's address is a setting (CATALOGUE_SOURCE_URL). The page has no
stable per-entry ids, so an entry's place is a text fragment
(``#:~:text=…``) of its message, which browsers scroll to and highlight.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.conf import settings
from django.db.models import Q

# "See Rate Limiting", "see the text generation API reference": a reference
# to another document by title, as the source writes them. A Markdown link
# ("See [Rate Limiting](https://…)") no longer matches: `[` is not a letter.
SEE_RE = re.compile(r"\b[Ss]ee (?:the )?[A-Z][^.;:\n]*")
# The same test in the dialect both databases' REGEXP understand.
SEE_SQL_REGEX = r"[Ss]ee (the )?[A-Z]"
TABLE_SQL_REGEX = r"\n *\|[ :-]*-[ :-]*\|"
FRAGMENT_WORDS = 8


def source_url(entry) -> str:
    """The vendor page, scrolled to the entry's message where it can be."""
    base = settings.CATALOGUE_SOURCE_URL
    if not base or not entry.source_key:
        return base
    words = entry.message.split(" / ")[0].split()[:FRAGMENT_WORDS]
    if not words:
        return base
    # Text fragments reserve "-", "&" and ",": percent-encode them too.
    text = quote(" ".join(words), safe="").replace("-", "%2D")
    return f"{base}#:~:text={text}"


def see_references(text: str) -> list[str]:
    """The unlinked "See X" references in a cause or solution."""
    return [found.group(0).strip() for found in SEE_RE.finditer(text or "")]


def needs_link_q() -> Q:
    """Entries whose cause or solution has an unlinked "See X" reference."""
    return Q(cause__regex=SEE_SQL_REGEX) | Q(solution__regex=SEE_SQL_REGEX)


def has_table_q() -> Q:
    """Entries whose cause or solution holds a Markdown table."""
    return Q(cause__regex=TABLE_SQL_REGEX) | Q(solution__regex=TABLE_SQL_REGEX)
