"""Chinese words for what the catalogue names in English.

Chinese-speaking users describe an error in their own words around (or
instead of) the English message: ``千问api 欠费 access denied``, ``免费额度用完
了 403``, ``enable_thinking 非流式 报错``. The tokeniser reads ASCII words only
(errors.search.text), so those words counted for nothing and the English left
over pointed elsewhere (``Access denied.`` for an account in arrears). Each
term (errors.search.chinese_terms) is read as the catalogue's own English for
it, in its place in the text, before the paste is unwrapped: a stand-in, like the words a
network failure stands for (errors.search.client_failures), that the ranking weighs
as it weighs any word of the paste.

Only in a short text, one typed rather than pasted, or in a report in
Chinese alone: there every word counts, while in a pasted report the English
error (a message, a code, a JSON body) speaks for itself and the words
around it are the poster's guesses (``是不是采样率的问题？``, "is it the
sample rate?"), which read as English would outvote the message.

Only terms with one meaning here, that name what an entry is about (billing,
limits, keys, media, parameters); not the words of every report (报错,
错误, 调用, 返回, 请求, 模型), which would only add noise to every Chinese
paste.
"""

from __future__ import annotations

import re

from errors.search.chinese_terms import OTHER_WORDS, STATES, TERMS
from errors.search.homophones import CJK_RE, respelled
from errors.search.paste import PROSE_WORDS_RE

# One pass, longest word first at each position. The words are literals, so
# the pattern costs one lookup per character of CJK text.
TERM_RE = re.compile(
    "|".join(sorted(map(re.escape, {*TERMS, *OTHER_WORDS}), key=len, reverse=True))
)
# A term is one word of its sentence, so its English is written as one
# (``free+tier+quota``): the tokeniser still reads each word, but unwrapping
# takes no single glossed term for an English message of the paste's own
# (errors.search.paste reads English runs of two words or more in a Chinese
# line as candidates), nor do terms side by side (免费额度已用完), joined into
# one word as well; ``+`` is ASCII, so a run of English around a term stays
# one run, and no identifier's character, so no code is made of them
# (``access_denied`` is one).
JOINER = "+"
GLOSSES = {term: JOINER.join(english.split()) for term, english in TERMS.items()}
# A state just after one of these is denied (没有欠费, "not in arrears";
# 不超过, "does not exceed"): it stays unread rather than say the opposite.
# A question is no denial (是不是欠费了, 有没有欠费: "is it arrears?"), and
# a missing thing is the error itself (没有额度, 没有声音: terms of their own).
NEGATORS = ("没有", "没", "未", "不是", "并非", "无", "非", "不")
QUESTIONS = ("是不是", "有没有", "有无")
# A negator one of these before the state denies it too (没有被限流, "was not
# throttled"; 没再超时, "no longer timed out"; 不太模糊, "not very blurred").
LINKS = ("被", "再", "太")
# 模型 alone is every report's word (the model called), left unread; just
# before a state a model can be in (MODEL_STATES: unavailable, timed out,
# throttled, refused, retired; not 没开通, a service not activated, nor
# 欠费, the account's), an adverb or 访问 between, it says the state is the
# model's (模型暂时不可用; 模型访问被拒绝). Not after a negation (不是模型超时:
# "it is not the model timing out"); a question is none (是不是模型限流了).
MODEL_WORD = "模型"
MODEL_GLOSS = "model"
MODEL_STATES = frozenset(
    "不可用 超时 限流 拒绝访问 访问被拒绝 无权限 没权限 没有权限 下线 弃用".split()
)
ADVERBS = (
    "暂时",
    "一直",
    "总是",
    "已经",
    "目前",
    "访问",
    "已",
    "又",
    "还",
    "都",
    "也",
    "被",
)


def _of_the_model(term: str, before: str) -> bool:
    """Whether `before` (the characters before the state `term`) ends in
    模型, not denied."""
    if term not in MODEL_STATES:
        return False
    for adverb in ADVERBS:
        if before.endswith(adverb):
            before = before[: -len(adverb)]
            break
    if not before.endswith(MODEL_WORD):
        return False
    before = before[: -len(MODEL_WORD)]
    return before.endswith(QUESTIONS) or not before.endswith(NEGATORS)


# A text of more English words (and numbers), or Chinese characters (a
# sentence: a Chinese word is two or three), than this is a paste.
MAX_TYPED_WORDS = 8
MAX_TYPED_CJK = 20
MAX_TYPED_CHARS = 200
ASCII_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
# A longer text is read too when it holds no English of its own to speak
# for it: a report in Chinese (``免费额度已耗尽 ... 状态码 403``), whose words
# are all there is, a model's name or a lone word aside. An English message
# (two words in a row), a code or a JSON body speaks for itself
# (``错误码是 InvalidApiKey，是不是欠费了？``: the guesses read as English would
# outvote the code).
MAX_REPORT_CHARS = 600
OWN_ENGLISH_RE = re.compile(
    f"(?i:{PROSE_WORDS_RE.pattern})"  # two words in a row
    r"|[A-Z][a-z]+[A-Z]"  # a code in CamelCase
    r"|[A-Za-z]\.[A-Za-z]|[A-Za-z0-9]_[A-Za-z0-9]"  # dotted, snake_case
    r"|[{\[]\s*[\"']|[\"']\s*:"  # a JSON body or a repr
)


# A file's size as typed in Chinese (图片大于5M, 视频超过10兆): megabytes and
# a size, as the catalogue writes them (``smaller than 5MB``); only beside a
# file's or a medium's word, since an M is also a million (上下文超过1M,
# ``32M tokens``) or a model's name (``-Instruct-1M``).
MEGABYTES_RE = re.compile(
    r"(?<![A-Za-z0-9_./-])([0-9]+(?:\.[0-9]+)?)\s?(?:M|兆)"
    r"(?![A-Za-z0-9/]|\s*(?:tokens?|字|条|个|上下文))"
)
FILE_WORDS_RE = re.compile("图片|图像|照片|视频|音频|录音|文件|附件|大小|体积|上传")


def _file_sizes(text: str) -> str:
    """`text` with a file's size typed read as megabytes (MEGABYTES_RE)."""
    if not FILE_WORDS_RE.search(text):
        return text
    return MEGABYTES_RE.sub(rf"\1MB{JOINER}size", text)


def gloss(text: str) -> str:
    """`text` with each Chinese term read as the catalogue's English for it,
    one word spaced off from its neighbours, when it is a short typed text
    or a report in Chinese alone; any other text (no CJK, a paste with an
    English message) comes back as it was."""
    if len(text) > MAX_REPORT_CHARS:
        return text
    chinese = len(CJK_RE.findall(text))
    if not chinese or len(ASCII_WORD_RE.findall(text)) > MAX_TYPED_WORDS:
        return text
    if (len(text) > MAX_TYPED_CHARS or chinese > MAX_TYPED_CJK) and (
        OWN_ENGLISH_RE.search(text)
    ):
        return text  # a paste: its English speaks for itself
    text = respelled(text, TERM_RE)  # 欠废 typed for 欠费 (errors.search.homophones)
    text = _file_sizes(text)

    def english(match: re.Match[str]) -> str | None:
        term = match.group()
        if term in OTHER_WORDS:
            return None
        before = text[max(0, match.start() - 4) : match.start()]
        if before.endswith(LINKS):
            before = before[:-1]
        if (
            term in STATES
            and before.endswith(NEGATORS)
            and not before.endswith(QUESTIONS)
        ):
            return None
        if _of_the_model(term, text[max(0, match.start() - 8) : match.start()]):
            return MODEL_GLOSS + JOINER + GLOSSES[term]
        return GLOSSES[term]

    # The text as typed and the English read, alternately.
    parts: list[str] = []
    copied = 0
    for match in TERM_RE.finditer(text):
        read = english(match)
        if read is None:
            continue  # stays as typed
        between = text[copied : match.start()]
        if parts and not between.strip():
            # Terms side by side: one word (JOINER above).
            parts[-1] += JOINER + read
        else:
            parts += [between, read]
        copied = match.end()
    parts.append(text[copied:])
    return "".join(f" {part} " if i % 2 else part for i, part in enumerate(parts))
