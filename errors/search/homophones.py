"""Glossary terms typed with one character picked wrong.

Chinese is typed through a pinyin input method: the user types the sound
and picks a character from a list of candidates that share it, and a slip
picks the neighbour (欠废 for 欠费 "arrears", 工作空见 for 工作空间
"workspace", 以步 for 异步 "asynchronous"). The glossary
(errors.search.glossary) reads terms letter for letter, so a slip left the
one word that named the error unread.

Here a run of Chinese that no term reads is read as a term when it differs
from one in exactly one character and that character is typed with the same
syllable (errors/search/homophones.json, written by `make homophones` from
pypinyin's readings). Only one character: two slips in one word are rare,
and a looser rule turns ordinary words into terms. A spelling that is a
word of its own (一步 "one step", 超市 "supermarket") is read as written.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import NamedTuple

DATA = Path(__file__).with_name("homophones.json")
CJK_RUN_RE = re.compile(r"[\u3400-\u9fff]{2,}")
MASK = "\0"
# Each window costs a few lookups; a long text is read as far as this.
MAX_CHARACTERS = 60


class Tables(NamedTuple):
    masked: dict[
        str, list[str]
    ]  # a term with one character masked → the terms so spelled
    alike: dict[
        str, tuple[frozenset[str], ...]
    ]  # term → characters typed like each of its own
    words: frozenset[
        str
    ]  # spellings one character off a term that are words of their own
    longest: int  # characters in the longest term


@functools.cache
def tables() -> Tables:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    syllables = {s: frozenset(chars) for s, chars in data["syllables"].items()}
    masked: dict[str, list[str]] = {}
    alike: dict[str, tuple[frozenset[str], ...]] = {}
    for term, reading in data["terms"].items():
        alike[term] = tuple(syllables[s] for s in reading.split())
        for place in range(len(term)):
            masked.setdefault(term[:place] + MASK + term[place + 1 :], []).append(term)
    longest = max(map(len, alike), default=0)
    return Tables(masked, alike, frozenset(data["words"]), longest)


def term_for(spelling: str) -> str | None:
    """The one term `spelling` is a slip for, if any."""
    masked, alike, words, _ = tables()
    if spelling in words:
        return None
    found = set()
    for place, character in enumerate(spelling):
        for term in masked.get(spelling[:place] + MASK + spelling[place + 1 :], ()):
            if character in alike[term][place]:
                found.add(term)
    return found.pop() if len(found) == 1 else None


def respelled(text: str, known: re.Pattern[str]) -> str:
    """`text` with each slip for a term spelled as the term, the longest
    first, in its first MAX_CHARACTERS characters of Chinese. What `known`
    finds (the glossary's terms, and the words that hold one) is read as it
    is, unless a slip that holds it whole is longer (模形不存在 is 模型不存在,
    not 不存在)."""
    longest = tables().longest
    owner: dict[int, tuple[int, int]] = {}  # each character in a known word → its span
    for match in known.finditer(text):
        owner.update(dict.fromkeys(range(*match.span()), match.span()))
    parts: list[str] = []
    copied = 0
    budget = MAX_CHARACTERS
    for run in CJK_RUN_RE.finditer(text):
        start, end = run.span()
        end = min(end, start + budget)
        budget -= end - start
        while start < end - 1:
            exact = owner[start][1] - start if start in owner else 0
            for length in range(min(longest, end - start), max(exact, 1), -1):
                stop = start + length
                if stop - 1 in owner and owner[stop - 1][1] > stop:
                    continue  # it would cut a known word in two
                term = term_for(text[start:stop])
                if term:
                    parts += [text[copied:start], term]
                    copied = start = stop
                    break
            else:
                start += max(exact, 1)
        if budget <= 0:
            break
    parts.append(text[copied:])
    return "".join(parts)
