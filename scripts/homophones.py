"""Write errors/search/homophones.json: `make homophones` (never edit it by hand).

What errors.search.homophones needs to read a glossary term typed with one
character picked wrong from a pinyin input method's candidates (欠废 for
欠费, 工作空见 for 工作空间), computed here once so that the portal needs
neither library at run time:

- `terms`: each glossary term of two characters or more
  (errors.search.chinese_terms.TERMS) with its syllables as read in the term
  (pypinyin reads 时长 "shi chang" and 增长 "zeng zhang"), tones dropped, as
  an input method is typed.
- `syllables`: for each of those syllables, the common characters (the 6,763
  of GB 2312, the set an input method offers first) whose usual reading
  (pypinyin's first) it is, and the terms' own characters read so in them:
  the characters one might pick instead.
- `words`: the spellings one such character away from a term that are
  words of their own in jieba's dictionary, seen at least MIN_FREQUENCY
  times there (一步 "one step", not 异步; 超市 "supermarket", not 超时):
  typed on purpose, they are read as written. Rarer entries of that
  dictionary are mostly a segmenter's by-products (下在, 变亮), so a slip
  that spells one is still read as the term.
- `neighbours`: jieba's two-character words seen at least
  NEIGHBOUR_FREQUENCY times, run together (two characters each): a slip
  never begins or ends on a character that makes one of them with the
  character beside it (试一下 is "try it", no 试衣).

Runs in .homophones-venv (pypinyin and jieba at the versions the Makefile
pins), not in the portal's virtualenv.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jieba
import pypinyin
from pypinyin import lazy_pinyin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from errors.search.chinese_terms import TERMS  # noqa: E402

OUTPUT = ROOT / "errors" / "search" / "homophones.json"
PINS = {"pypinyin": "0.55.0", "jieba": "0.42.1"}  # as the Makefile installs
MIN_FREQUENCY = 5
# Two-character words this common (jieba's frequency; about 23,600 words)
# are `neighbours`: a window whose edge character makes one with the
# character beside it outside (试一|下, 因|为一) is no slip but a cut through
# ordinary words.
NEIGHBOUR_FREQUENCY = 100
# Where pypinyin's reading of a term is not the one meant (重 of rewriting
# is "chong", 长 of length "chang").
READINGS = {
    "重写": "chong xie",
    "重绘": "chong hui",
    "太长": "tai chang",
    "上下文太长": "shang xia wen tai chang",
    "输入太长": "shu ru tai chang",
    "长宽": "chang kuan",
    "长宽比": "chang kuan bi",
    "没过审": "mei guo shen",
}


def common_characters() -> list[str]:
    """GB 2312's hanzi, levels 1 and 2 (rows 0xB0–0xF7)."""
    found = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # an unassigned cell
    return found


def dictionary_words() -> dict[str, int]:
    """jieba's dictionary: word → frequency."""
    path = Path(jieba.__file__).parent / "dict.txt"
    words = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, frequency, *_ = line.split()
            words[word] = int(frequency)
    return words


def syllables_of(term: str) -> list[str]:
    """The term's syllables, one per character, as the term is read."""
    syllables = READINGS.get(term, "").split() or lazy_pinyin(term)
    if len(syllables) != len(term):
        # A term with letters or digits (``API密钥``): the search reads slips
        # of Chinese terms only, and the test expects every term here.
        raise SystemExit(f"{term!r}: one syllable per character expected")
    return syllables


def main() -> None:
    versions = {"pypinyin": pypinyin.__version__, "jieba": jieba.__version__}
    if versions != PINS:
        raise SystemExit(f"expected {PINS}, found {versions}: make homophones")
    by_syllable: dict[str, set[str]] = {}
    for character in common_characters():
        by_syllable.setdefault(lazy_pinyin(character)[0], set()).add(character)
    terms = {term: syllables_of(term) for term in sorted(TERMS) if len(term) >= 2}
    # A term's own characters as read in it, too (长 is "zhang" alone, "chang"
    # in 时长): each term is then spelled by its own syllables.
    for term, readings in terms.items():
        for character, syllable in zip(term, readings, strict=True):
            by_syllable.setdefault(syllable, set()).add(character)
    used = sorted({syllable for syllables in terms.values() for syllable in syllables})
    syllables = {s: "".join(sorted(by_syllable[s])) for s in used}
    frequency = dictionary_words()
    words = set()
    for term, readings in terms.items():
        for place, reading in enumerate(readings):
            for character in syllables[reading]:
                spelling = term[:place] + character + term[place + 1 :]
                if (
                    spelling not in TERMS
                    and frequency.get(spelling, 0) >= MIN_FREQUENCY
                ):
                    words.add(spelling)
    neighbours = sorted(
        word
        for word, count in frequency.items()
        if len(word) == 2 and count >= NEIGHBOUR_FREQUENCY
    )
    data = {
        "generated_by": "scripts/homophones.py (make homophones)",
        **versions,
        "terms": {term: " ".join(readings) for term, readings in terms.items()},
        "syllables": syllables,
        "words": sorted(words),
        "neighbours": "".join(neighbours),
    }
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    OUTPUT.write_text(text + "\n", encoding="utf-8")
    print(
        f"{OUTPUT.relative_to(ROOT)}: {len(terms)} terms, {len(syllables)} "
        f"syllables, {len(words)} words read as written, {len(neighbours)} "
        "neighbour words"
    )


if __name__ == "__main__":
    main()
