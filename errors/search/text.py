"""The one text normaliser: what a paste and a documented message both go
through before anything compares them.

Chinese-locale clients print ``！``, ``：``, ``（）`` and ideographic spaces;
chat apps turn quotes into ``“smart”`` ones and slip in zero-width characters.
NFKC folds the full-width forms (and ligatures, ``…``) to ASCII; the table
below does the rest NFKC leaves alone: typographic quotes, CJK brackets and
invisible characters.
"""

from __future__ import annotations

import unicodedata

PUNCTUATION = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u300c": '"',
        "\u300d": '"',
        "\u300e": '"',
        "\u300f": '"',
        "\u300a": '"',
        "\u300b": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u3002": ".",
        "\u3001": ",",
        "\u3010": "[",
        "\u3011": "]",
        "\u3014": "[",
        "\u3015": "]",
        "\u2014": "-",
        "\u2013": "-",
        "\u2212": "-",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
        "\ufeff": "",
        "\u00ad": "",
        "\x00": "",
    }
)


CHUNK = 4096


def normalise_text(text: str, limit: int | None = None) -> str:
    """NFKC, then typographic punctuation to ASCII and invisible characters
    removed. Length may change (``…`` becomes ``...``, U+FDFA eighteen
    letters): with `limit`, only enough of the text is read to give that many
    characters, so the work stays bounded whatever the text holds."""
    if limit is None or len(text) <= CHUNK:
        done = unicodedata.normalize("NFKC", text).translate(PUNCTUATION)
        return done if limit is None else done[:limit]
    parts: list[str] = []
    size = 0
    for start in range(0, len(text), CHUNK):
        part = unicodedata.normalize("NFKC", text[start : start + CHUNK])
        parts.append(part)
        size += len(part)
        if size >= limit:
            break
    return "".join(parts)[:limit].translate(PUNCTUATION)


__all__ = ["normalise_text"]
