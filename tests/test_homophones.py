"""Glossary terms typed with one character picked wrong from a pinyin input
method's candidates (errors.search.homophones). The examples are this
file's own."""

import json

import pytest

from errors.search.chinese_terms import TERMS
from errors.search.glossary import GLOSSES, TERM_RE, gloss
from errors.search.homophones import DATA, MAX_CHARACTERS, respelled, term_for
from tests.searching import search


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("请求超湿", "请求超时"),  # 湿 for 时: both "shi"
        ("密要错误", "密钥错误"),  # 要 for 钥: "yao", in a four-character term
        ("已步调用", "异步调用"),
        ("并罚太多了", "并发太多了"),
    ],
)
def test_a_slip_of_one_character_is_read_as_the_term(typed, meant):
    assert respelled(typed, TERM_RE) == meant
    assert gloss(f"widget {typed}") == gloss(f"widget {meant}")


@pytest.mark.parametrize(
    "text",
    [
        "欠费了",  # the term itself
        "下一步怎么做",  # 一步 "one step" is a word of its own, not 异步
        "楼下超市",  # 超市 "supermarket", not 超时
        "吵时长",  # 吵时 would be 超时, but only by cutting the term 时长 in two
        "欠付",  # 付 is not typed like 费
    ],
)
def test_words_written_on_purpose_are_read_as_written(text):
    assert respelled(text, TERM_RE) == text


@pytest.mark.parametrize(
    "text",
    [
        # A slip never begins or ends inside a common word: 为一 of 因为一直
        # would be 唯一, 试一 of 试一下 试衣, 格是 of 价格是 格式.
        "因为一直报错",
        "我再试一下",
        "价格是多少",
        "部分中文乱码",
        "只能体验一下",
        # 重 of 重写 is "chong" (pypinyin reads it "zhong"): 中 is no slip.
        "在代码中写了",
        # A particle is no term's only other character (慢了 is no 满了),
        # nor the slip (吗 of 能解吗 is no 码 of 解码).
        "回答太慢了",
        "视频能解吗",
        "上传的表格是空的",
        # A common character at a window's edge, Chinese beyond it: 不 of
        # 页面不显示 is no 部 of 面部, 一 of 上一版本 no 衣 of 上衣, 是 of
        # 这个是长文本 no 时 of 时长, 中 of 提示语中包含 no 种 of 语种.
        "页面不显示",
        "消息发不出去",
        "上一版本正常",
        "这个是长文本",
        "数据流是什么",
        "提示语中包含敏感词",
        "温度和采样",
        # A term's negation is never slipped: 为 ("for") is no 未 ("not").
        "为通过审核先改提示词",
        "为开通服务充值",
    ],
)
def test_ordinary_phrases_are_no_slips(text):
    assert respelled(text, TERM_RE) == text


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("请求超是了", "请求超时了"),  # 是, an input method's first pick for "shi"
        ("文件上穿失败", "文件上传失败"),  # a term with a function character
        ("参数不一至", "参数不一致"),
    ],
)
def test_the_commonest_characters_may_be_the_slip(typed, meant):
    assert respelled(typed, TERM_RE) == meant


def test_a_slip_for_two_spellings_of_one_word_is_read():
    # 账户 and 帐户 are both terms, both "account": 长户 is a slip for either.
    assert TERMS["账户"] == TERMS["帐户"]
    assert GLOSSES["账户"] in gloss("widget 长户").split()


def test_a_polyphone_is_read_as_the_term_means_it():
    # 长 of length is "chang" (pypinyin reads 太长 "tai zhang"): 太常 is a
    # word of its own, but 输入太场 is a slip for 输入太长.
    assert respelled("输入太场", TERM_RE) == "输入太长"
    assert respelled("太涨了", TERM_RE) == "太涨了"
    # 没 of 没过审 is "mei": 莫 ("mo") is no slip for it.
    assert respelled("莫过审", TERM_RE) == "莫过审"


def test_a_longer_slip_holding_a_known_term_whole_wins():
    # 太长 is a term of its own; 上下闻太长 is 上下文太长 with one slip.
    assert respelled("上下闻太长", TERM_RE) == "上下文太长"
    assert GLOSSES["上下文太长"] in gloss("上下闻太长").split()


def test_a_spelling_that_could_be_either_of_two_terms_is_neither():
    # 廉 is typed "lian" as 连 and 链 are: 连接 "connection", 链接 "URL".
    assert TERMS["连接"] != TERMS["链接"]
    assert term_for("廉接") is None


def test_only_the_first_sixty_characters_of_a_long_text_are_read():
    # Each window costs lookups: a long text is read only so far (README).
    assert MAX_CHARACTERS == 60
    assert respelled("请求超湿" + "哦" * 80, TERM_RE).startswith("请求超时")
    assert respelled("哦" * 54 + "请求超湿", TERM_RE).endswith("请求超时")
    late = "哦" * 60 + "请求超湿"
    assert respelled(late, TERM_RE) == late


def test_the_readings_cover_every_term_as_it_is_now():
    """Fails when a term is added or changed without `make homophones`."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    expected = {term for term in TERMS if len(term) >= 2}
    assert set(data["terms"]) == expected
    for term, reading in data["terms"].items():
        syllables = reading.split()
        assert len(syllables) == len(term), term
        for character, syllable in zip(term, syllables, strict=True):
            assert character in data["syllables"][syllable], (term, character)
    assert not set(data["words"]) & TERMS.keys()


def test_a_slip_finds_the_entry_the_term_names(client, make_entry, arrears):
    make_entry(message="Widget request timed out.", code="Timeout", slug="timeout")
    results, _ = search(client, "widget 欠飞了")  # 飞 for 费: both "fei"
    assert results[0]["code"] == "Arrearage"
