"""What the pinyin-slip reading (errors.search.homophones) reads and misreads:
`make homophones` prints it after writing errors/search/homophones.json.

Three figures, each on text the rules were not written from:

- slips read: for every term of two characters or more and every position,
  the commonest character of that position's sound (jieba's frequency: an
  input method's first pick) in its place, alone and between Chinese words
  drawn at random; read when the text comes back with the term.
- runs misread: 80,000 runs of two or three of jieba's commonest words
  (single characters among them), four seeded samples; misread when the run
  is respelled though none of its words alone is.
- phrases misread: ordinary phrases written by hand, most with a common
  character (一 是 不 为 中 和) beside a term's sound.

Runs in .homophones-venv, as scripts/homophones.py does.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from errors.search.glossary import TERM_RE  # noqa: E402
from errors.search.homophones import respelled, tables  # noqa: E402

AROUND_BEFORE = [
    "提示",
    "一直",
    "显示",
    "我的",
    "接口",
    "调用时",
    "上传的",
    "报",
    "总是",
]
AROUND_AFTER = ["了", "怎么办", "失败", "错误", "的问题", "是什么原因", "报错", "吗"]
SAMPLES = [
    (7, 3000, 2),
    (8, 3000, 3),
    (9, 10000, 2),
    (10, 10000, 3),
]  # seed, top, words
PHRASES = """页面不显示 消息发不出去 图片发不出去 发不出消息 上一版本正常 上一版SDK没问题
试一试 这个是长视频 这个是长文本 数据流是什么 音频流是空的 提示语中包含敏感词 温度和采样
为通过审核 为开通服务充值 先为授权用户 为找到原因 视频能解吗 部分中文字符乱码 价格是多少
因为一直报错 作为一个开发者 不同部门的账号 速度太慢了 上一次还可以 再试一次 我试一下
上一个版本 上一条消息 因为开通了百炼 作为授权用户 只能体验一下 在代码中写了 其实是网络问题
表格是空的 越来越慢了 规格是 区分中文 提示词中写了 董事长 融为一体 实实在在 太涨了 成为一个
认为一直 以为一样 行为一致 更为一般 形象素材上传失败""".split()


def words_by_frequency() -> list[tuple[str, int]]:
    path = Path(jieba.__file__).parent / "dict.txt"
    rows = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, frequency, *_ = line.split()
            rows.append((word, int(frequency)))
    return sorted(rows, key=lambda row: -row[1])  # stable: ties in file order


def slips_read(frequency: dict[str, int]) -> tuple[int, int]:
    alike = tables().alike
    chance = random.Random(5)
    read = total = 0
    for term in sorted(alike):
        for place, characters in enumerate(alike[term]):
            others = sorted(
                characters - {term[place]}, key=lambda c: (-frequency.get(c, 0), c)
            )
            if not others:
                continue
            slip = term[:place] + others[0] + term[place + 1 :]
            around = chance.choice(AROUND_BEFORE), chance.choice(AROUND_AFTER)
            for before, after in [("", ""), around]:
                total += 1
                meant = before + term + after
                read += respelled(before + slip + after, TERM_RE) == meant
    return read, total


def runs_misread(top: list[str]) -> tuple[int, int]:
    misread = total = 0
    for seed, size, count in SAMPLES:
        chance = random.Random(seed)
        for _ in range(20_000):
            words = [chance.choice(top[:size]) for _ in range(count)]
            text = "".join(words)
            total += 1
            if respelled(text, TERM_RE) != text and all(
                respelled(word, TERM_RE) == word for word in words
            ):
                misread += 1
    return misread, total


def main() -> None:
    rows = words_by_frequency()
    frequency = {word: count for word, count in rows if len(word) == 1}
    read, slips = slips_read(frequency)
    misread, runs = runs_misread([word for word, _ in rows])
    wrong = [p for p in PHRASES if respelled(p, TERM_RE) != p]
    print(f"slips read: {read} of {slips}")
    print(f"runs of common words misread: {misread} of {runs}")
    print(f"ordinary phrases misread: {len(wrong)} of {len(PHRASES)} {wrong}")


if __name__ == "__main__":
    main()
