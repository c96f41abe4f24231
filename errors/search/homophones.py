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

from errors.search.chinese_terms import TERMS

DATA = Path(__file__).with_name("homophones.json")
CJK_RE = re.compile(r"[\u3400-\u9fff]")  # a Chinese character (the glossary's too)
CJK_RUN_RE = re.compile(f"{CJK_RE.pattern}{{2,}}")
MASK = "\0"
# Each window costs a few lookups; a long text is read as far as this.
MAX_CHARACTERS = 60


# Particles: never the slip (啊 typed is meant), and a term's other
# characters must hold one that is no particle (满了 is a limit reached;
# 慢了 "slow" is no slip for it).
PARTICLES = frozenset("了的吗呢吧啊")
# The commonest characters: an input method's first pick for their sound,
# so a slip may well be one (请求超是了 is 超时), but they also begin and end
# the words around a term (页面不显示 holds no 面部, 上一版本 no 上衣). At a
# window's edge one is the slip only where the text beyond is no Chinese
# but a particle, a space or the text's end.
COMMON = frozenset("一是不在有这个为中上和也就都我你他她它们")
# A term's negation is never slipped: 为通过 ("in order to pass") is no
# 未通过 ("did not pass"). (不 typed is COMMON: 发不出去 holds no 发布.)
NEGATIONS = frozenset("未没不无非别")


class Tables(NamedTuple):
    # A term with one character masked → the terms so spelled.
    masked: dict[str, list[str]]
    # Each term → the characters typed like each of its own.
    alike: dict[str, tuple[frozenset[str], ...]]
    # Spellings one character off a term that are words of their own.
    words: frozenset[str]
    # Common two-character words, by first character: the second characters
    # (_cuts_a_word; a dict of short strings holds 23,000 words in a fraction
    # of a set's memory).
    neighbours: dict[str, str]
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
    pairs = data["neighbours"]
    seconds: dict[str, list[str]] = {}
    for i in range(0, len(pairs), 2):
        seconds.setdefault(pairs[i], []).append(pairs[i + 1])
    neighbours = {first: "".join(rest) for first, rest in seconds.items()}
    return Tables(masked, alike, frozenset(data["words"]), neighbours, longest)


def term_for(
    spelling: str, open_start: bool = True, open_end: bool = True
) -> str | None:
    """The one term `spelling` is a slip for, if any (or one of several
    spellings of one word: 账户 and 帐户): one character typed like the
    term's, no particle, never in place of the term's negation, the rest
    not all particles, and a COMMON character at an edge only where the text is
    open beyond it (`open_start`, `open_end`: no Chinese but a particle)."""
    masked, alike, words, _, _ = tables()
    if spelling in words:
        return None
    last = len(spelling) - 1
    found = set()
    for place, character in enumerate(spelling):
        if character in PARTICLES:
            continue
        if character in COMMON and (
            (place == 0 and not open_start) or (place == last and not open_end)
        ):
            continue
        rest = spelling[:place] + spelling[place + 1 :]
        if PARTICLES.issuperset(rest):
            continue
        for term in masked.get(spelling[:place] + MASK + spelling[place + 1 :], ()):
            if character in alike[term][place] and term[place] not in NEGATIONS:
                found.add(term)
    if len({TERMS[term] for term in found}) != 1:
        return None  # none, or terms of different meanings
    return min(found)


def _open(text: str, at: int) -> bool:
    """Whether the text at `at` (just beyond a window) is no Chinese but a
    particle, or the text's end."""
    return not 0 <= at < len(text) or (
        text[at] in PARTICLES or not CJK_RE.match(text[at])
    )


def _cuts_a_word(text: str, start: int, stop: int) -> bool:
    """Whether the window [start, stop) of `text` begins or ends inside a
    common word (因为一直: 为一 would be 唯一; 试一下: 试一 would be 试衣)."""
    neighbours = tables().neighbours
    before = start > 0 and text[start] in neighbours.get(text[start - 1], "")
    return before or (
        stop < len(text) and text[stop] in neighbours.get(text[stop - 1], "")
    )


def respelled(text: str, known: re.Pattern[str]) -> str:
    """`text` with each slip for a term spelled as the term (at each place,
    the longest), in its first MAX_CHARACTERS characters of Chinese, never
    cutting a common word (_cuts_a_word). What `known`
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
                if _cuts_a_word(text, start, stop):
                    continue
                term = term_for(
                    text[start:stop], _open(text, start - 1), _open(text, stop)
                )
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
