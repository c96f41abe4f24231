"""The wordings a documented message line lists, and when a piece of one
is a wording of its own.

``Invalid API-key provided. / Incorrect API key provided.`` lists two;
``You have exceeded your request limit./Requests rate limit exceeded`` too,
split at a bare slash that ends a sentence; a long message documented with
the class of its exception is also said without it. errors.search.alternatives
compiles each wording.
"""

from __future__ import annotations

import re

from errors.search.text import URL_RE, words

# ``xxx``, ``yyy``, ``xx`` and a lone ``x`` stand for values.
PLACEHOLDER_WORDS = frozenset({"x", "xx", "xxx", "xxxx", "yy", "yyy", "yyyy"})

# Splitting a message line into alternatives. `` / `` always separates; a bare
# ``/`` does when it ends a sentence (``limit./Requests``), closes a bracket or
# quote (``2.0)/'temperature'``), opens a quoted word, or restarts the line's
# first word (``calls/parameter.enable_thinking``). ``height/width`` and
# ``video/audio/image`` stay whole, and ``/`` inside URLs is never a split.
SPACED_SLASH_RE = re.compile(r"\s/\s*|\s*/\s")

# An exception's class before a message: ``NoApiKeyException: ``. A message
# of at least CLASSLESS_WORDS words after it is a wording without it too.
CLASSLESS_WORDS = 8
CLASS_PREFIX_RE = re.compile(r"[A-Za-z_][\w.]{0,80}(?:Error|Exception):\s+(?=\S)")


def count_wordings(texts: list[str], bare: str | None) -> int:
    """How many wordings :func:`split_wordings` found (``A / B``: two); the
    whole line and a wording without its class are none of their own."""
    return max(1, len(texts) - 1 - (bare is not None))


def split_alternatives(message: str) -> list[str]:
    """The alternatives a documented line lists, the whole line first."""
    return split_wordings(message)[0]


def split_wordings(message: str) -> tuple[list[str], str | None]:
    """:func:`split_alternatives`, with the one of them that is a wording
    without its exception's class (:func:`classless`), if any."""
    message = " ".join(message.split())
    # Protect URLs from slash splitting.
    urls: list[str] = []

    def protect(match: re.Match[str]) -> str:
        urls.append(match.group())
        return f"\x00{len(urls) - 1}\x00"

    protected = URL_RE.sub(protect, message)
    parts = [part for part in SPACED_SLASH_RE.split(protected) if part.strip()]
    first_word = _first_word(protected.strip())
    pieces: list[str] = []
    for part in parts:
        pieces.extend(_split_bare_slashes(part, first_word))

    def restore(text: str) -> str:
        return re.sub(r"\x00(\d+)\x00", lambda m: urls[int(m.group(1))], text).strip()

    result = [message]
    bare = classless(restore(pieces[0])) if pieces else None
    for wording in [bare, *map(restore, pieces)]:
        if wording and wording != message and _identifies(wording):
            if wording not in result:
                result.append(wording)
    return result, bare if bare in result else None


def classless(wording: str) -> str | None:
    """A wording documented with the class of the exception that carries it
    (``error.AuthenticationError: No api key provided. ...``) without it:
    other clients wrap it in their own, and people type it. Only a long one
    (CLASSLESS_WORDS): the first words of ``Can not find api-key.`` without
    its class could be any client's (the whole of it, typed, is still found
    by its words). None for any other."""
    classed = CLASS_PREFIX_RE.match(wording)
    if classed and len(words(wording[classed.end() :])) >= CLASSLESS_WORDS:
        return wording[classed.end() :]
    return None


def _first_word(text: str) -> str:
    """The word *text* starts with (after an opening quote), lower-cased."""
    found = re.match(r"[\"'`]?([A-Za-z]+)", text)
    return found.group(1).lower() if found else ""


def _split_bare_slashes(part: str, first_word: str) -> list[str]:
    pieces = []
    start = 0
    for match in re.finditer(r"(?<=\S)/(?=\S)", part):
        position = match.start()
        before, after = part[position - 1], part[position + 1]
        splits = (
            before in ".!?)]'\"。"
            or after in "'\""
            or (
                len(first_word) >= 4 and _first_word(part[position + 1 :]) == first_word
            )
        )
        if splits:
            pieces.append(part[start:position])
            start = position + 1
    pieces.append(part[start:])
    return pieces


def _identifies(fragment: str) -> bool:
    """Whether a fragment is long enough to identify a message on its own."""
    literal = [
        w for w in words(fragment) if w not in PLACEHOLDER_WORDS and not w[0].isdigit()
    ]
    return len(literal) >= 2 and sum(len(w) for w in literal) >= 7
