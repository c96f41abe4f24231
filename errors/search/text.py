"""Text as the search reads it: the one normaliser, the one tokeniser, the
index's words and the one stemmer. A paste, the query's keywords and every
documented message go through these same functions before anything compares
them.

The normaliser: Chinese-locale clients print ``！``, ``：``, ``（）`` and
ideographic spaces; chat apps turn quotes into ``“smart”`` ones and slip in
zero-width characters. NFKC folds the full-width forms (and ligatures,
``…``) to ASCII; the table below does the rest NFKC leaves alone:
typographic quotes, CJK brackets and invisible characters.

The tokeniser (:func:`tokenise`, :func:`words`) gives lower-case ASCII word
tokens, camelCase split and numbers whole, for comparing a paste with a
message. The index splits text its own way (no camelCase split, like FTS5's
and PostgreSQL's parsers): :func:`index_words` gives the words it holds.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache

from errors.search.typos import TYPO_MAX_LENGTH, TYPO_MIN_LENGTH, deletes

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


# Word tokens of any text: numbers with their decimals (``2.0``, ``0.5``) kept
# whole so they can be compared as values; letter runs split at camelCase
# boundaries so ``ConnectionError`` and ``connection error`` agree. Only ASCII
# counts as a word character: the catalogue is English, and CJK or emoji in a
# paste are noise around the message.
NUMBER_PATTERN = r"\d+(?:\.\d+)*"
WORD_PATTERN = r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+"
TOKEN_RE = re.compile(f"{NUMBER_PATTERN}|{WORD_PATTERN}")
# Tokenising stops after this much text (of tokens joined by spaces).
MAX_NORMALISED_CHARS = 16_384
# The words the full-text index holds, as its tokenizers split them (letters
# and digits, ``enable_thinking`` -> enable, thinking; ``InvalidParameter``
# stays one word), ASCII only as above. Quoted, they are inert in either
# engine's query syntax.
INDEX_TOKEN_RE = re.compile(r"[a-z0-9]+")
# A run of letters with a capital inside it (``WorkSpace``, ``ApiKey``).
CAMEL_WORD_RE = re.compile(r"(?<![A-Za-z])[A-Za-z]+[a-z][A-Z][A-Za-z]*")

STOPWORDS = frozenset(
    """a an and are as at be been but by can could did do does for from had has have
    how i if in into is it its me my no not of on or our please so than that the
    their them then there these they this those to too was we were what when where
    which while who why will with would you your yours after before about above
    again all also any because being both each few more most other same should some
    such only own just now very here out over under up down off once until""".split()
)


@dataclass
class NormText:
    """A text reduced to word tokens, remembering where each came from."""

    raw: str
    tokens: list[str]
    spans: list[tuple[int, int]]  # token -> (start, end) in ``raw``
    joined: str  # tokens joined by single spaces
    starts: list[int]  # token -> start offset in ``joined``

    def original(self, start: int, end: int) -> str:
        """The raw text behind ``joined[start:end]``."""
        if not self.tokens or end <= start:
            return ""
        first = bisect_right(self.starts, start) - 1
        last = bisect_right(self.starts, end - 1) - 1
        return self.raw[self.spans[first][0] : self.spans[last][1]]

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        """Token -> sorted token indices, for in-order word alignment."""
        index: dict[str, list[int]] = {}
        for i, token in enumerate(self.tokens):
            index.setdefault(token, []).append(i)
        return index

    @cached_property
    def delete_positions(self) -> dict[str, list[int]]:
        """Each one-deletion variant of a longer token -> token indices
        (unordered).

        Two words are one edit apart when one is a deletion variant of the
        other or both share a deletion variant (substitution, transposition);
        indexing deletions makes that test a few dictionary look-ups.
        """
        index: dict[str, list[int]] = {}
        # Per distinct token: a paste repeats its words. (The indices of a
        # variant are in no particular order; alignment reads them as a set.)
        for token, places in self.positions.items():
            if (
                TYPO_MIN_LENGTH <= len(token) <= TYPO_MAX_LENGTH
                and not token[0].isdigit()
            ):
                for variant in deletes(token):
                    index.setdefault(variant, []).extend(places)
        return index

    @cached_property
    def occurrence_memo(self) -> dict:
        """Where each documented word or number occurs in this text, filled
        by errors.search.alignment as alternatives are aligned with it."""
        return {}

    @cached_property
    def variant_keys(self) -> frozenset[str]:
        """Every token and one-deletion variant the text holds."""
        return frozenset(self.positions).union(self.delete_positions)

    @cached_property
    def stem_positions(self) -> dict[str, list[int]]:
        """Stem -> indices of the tokens that are an inflection of it
        (``returned`` under ``return``; a token equal to its stem is left to
        `positions`), ascending."""
        index: dict[str, list[int]] = {}
        for token, places in self.positions.items():
            stemmed = interned_stem(token)
            if stemmed != token:
                index.setdefault(stemmed, []).extend(places)
        for places in index.values():
            places.sort()
        return index

    @cached_property
    def number_positions(self) -> list[int]:
        return [i for i, token in enumerate(self.tokens) if token[0].isdigit()]

    @cached_property
    def token_set(self) -> frozenset[str]:
        return frozenset(self.tokens)


def tokenise(text: str) -> NormText:
    """*text* as word tokens (ASCII words lower-cased, numbers whole)."""
    tokens: list[str] = []
    spans: list[tuple[int, int]] = []
    starts: list[int] = []
    offset = 0
    for match in TOKEN_RE.finditer(text):
        if offset >= MAX_NORMALISED_CHARS:
            break
        token = match.group().lower()
        tokens.append(token)
        spans.append(match.span())
        starts.append(offset)
        offset += len(token) + 1
    return NormText(text, tokens, spans, " ".join(tokens), starts)


# A URL is a value (where a client sent the request, the file the service
# could not fetch), not words of an error: its host and path parts (``oss``,
# ``download``, ``chat``, ``completions``) must not vote for entries that use
# those words, in a paste or in a documented example. Message templates still
# see URLs (errors.search.alternatives matches a documented one as any URL).
URL_RE = re.compile(r"(?i)\b(?:https?|wss?)://\S+")
# A parameter's name as code spells it (``max_tokens``, ``parameters.audio.voice``):
# words joined by dots or underscores, no hyphen (``qwen2.5-vl`` is a model).
# Bounded parts, so a long run of them is a few names, not one of n parts
# whose tails would cost n^2.
# ASCII edges, so a name touching Chinese (``设置enable_thinking报错``) is one,
# and so is an option's (``--max_tokens``), not a model's part (``qwen-vl``);
# a dotted part begins in lower case (``image.Please`` is two sentences).
NAME_RE = re.compile(
    r"(?<![A-Za-z0-9_.])(?<![A-Za-z0-9]-)[A-Za-z][A-Za-z0-9]{1,40}"
    r"(?:_[A-Za-z0-9]{1,40}|\.[a-z][A-Za-z0-9]{0,40}){1,6}(?![A-Za-z0-9_\-])"
)
# Hosts and file names are no parameter names (``dashscope.aliyuncs.com``,
# ``config.yaml``).
NOT_NAME_ENDINGS = frozenset(
    "com cn net org io ai py js ts java go json yaml yml txt log wav mp3 mp4 png jpg".split()
)


def without_urls(text: str) -> str:
    """*text* with each URL replaced by a space (keyword relevance only)."""
    return URL_RE.sub(" ", text)


# A model's name (``qwen-vl-plus``, ``Qwen3-VL``, ``wan2.1-t2i-turbo``,
# ``cosyvoice-v3.5-flash``): a family, then a version or a hyphen at once (a
# bare ``qwen`` is a word).
MODEL_NAME_RE = re.compile(
    r"(?i)(?<![A-Za-z0-9_.-])(?:qwen|qwq|qvq|wanx?|cosyvoice|paraformer|sensevoice"
    r"|sambert|gummy|farui|aitryon|deepseek|kimi|glm|llama|text-embedding"
    r"|multimodal-embedding)(?=[0-9-])[A-Za-z0-9_.]*(?:-[A-Za-z0-9_.]+)*"
)
# The tiers of a model's name: they say which model, never what went wrong.
# (Not ``long`` of ``qwen-long``, ``vl`` or ``tts``: products entries are about.)
TIER_RE = re.compile(
    r"(?i)(?<=[-0-9])(?:max|plus|turbo|flash|lite|mini|pro|air|instruct|preview"
    r"|latest)(?![a-z])"
)


def without_model_tiers(text: str) -> str:
    """*text* with the tier of each model's name blanked (``qwen-vl-plus``:
    ``qwen-vl-``): an entry's cause or solution that lists the models it
    concerns (``qwen-vl-max: up to 2 GB``) does not hold ``max`` or
    ``plus`` as words about the error, which a model's name typed in a
    query would meet (keyword relevance only)."""
    return MODEL_NAME_RE.sub(lambda m: TIER_RE.sub(" ", m.group()), text)


def keyword_text(text: str) -> str:
    """*text* as keyword relevance reads it: no URLs (without_urls), no
    model tiers (without_model_tiers)."""
    return without_model_tiers(without_urls(text))


def names_in(text: str) -> frozenset[str]:
    """The parameter names in *text*, lower-cased, each with its dotted tails
    that still hold a dot or an underscore (``parameter.enable_thinking``
    also as ``enable_thinking``: people type the last part)."""
    found = set()
    for name in NAME_RE.findall(without_urls(text)):
        parts = name.lower().split(".")
        if parts[-1] in NOT_NAME_ENDINGS:
            continue
        for i in range(len(parts)):
            tail = ".".join(parts[i:])
            if "." in tail or "_" in tail:
                found.add(tail)
    return frozenset(found)


def words(text: str) -> list[str]:
    """The word tokens of *text*, lower-cased."""
    return [token.lower() for token in TOKEN_RE.findall(text)]


def interned_words(text: str) -> list[str]:
    """:func:`words`, interned: cached per-entry data shares one copy of each
    word across the whole catalogue (a large share of its memory)."""
    return [sys.intern(token.lower()) for token in TOKEN_RE.findall(text)]


def joined_words(text: str) -> list[str]:
    """The words of *text* that :func:`words` splits at camelCase, whole and
    lower-cased (``WorkSpace`` -> ``workspace``, ``NoApiKeyException`` ->
    ``noapikeyexception``), interned; letters only."""
    return [
        sys.intern(word.lower())
        for word in CAMEL_WORD_RE.findall(text)
        if not word.isupper()
    ]


def index_words(text: str) -> list[str]:
    """The words of *text* as the full-text index holds them."""
    return INDEX_TOKEN_RE.findall(text.lower())


def stem(word: str) -> str:
    """A light suffix stripper: enough to meet ``streaming``/``stream``,
    ``requires``/``required``, ``connection``/``connect``."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    # ``-eed`` is the root's (``exceed``, ``proceed``), not a past tense: it
    # loses its ``d`` before and after the suffixes go, so that ``exceeds``
    # and ``exceeded`` meet.
    if word.endswith("eed"):
        word = word[:-1]
    for suffix, minimum in (("ing", 6), ("ion", 6), ("ed", 5)):
        if len(word) >= minimum and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    if word.endswith("eed"):
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


@lru_cache(maxsize=65_536)
def interned_stem(word: str) -> str:
    """:func:`stem`, cached and interned: entries share their stems (memory),
    and stemming the same words over and over costs nothing."""
    return sys.intern(stem(word))
