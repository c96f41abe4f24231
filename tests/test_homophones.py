"""Chinese terms typed with one wrong character of the same sound
(errors.search.homophones). The examples are this file's own."""

import importlib.util
import re

import pytest
from django.conf import settings

from errors.search.glossary import GLOSSES, gloss
from errors.search.homophones import TABLE, corrected, readings, sound_index
from tests.searching import search

spec = importlib.util.spec_from_file_location(
    "pinyin_table", settings.BASE_DIR / "scripts" / "pinyin_table.py"
)
pinyin_table = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pinyin_table)

TERMS = frozenset({"下载", "欠费", "账户", "额度", "异步"})
TERMS_RE = re.compile("|".join(sorted(TERMS, key=len, reverse=True)))


def fix(text: str) -> str:
    return corrected(text, TERMS_RE, sound_index(TERMS))


def test_the_committed_table_is_the_generator_s_output():
    assert TABLE.read_text(encoding="utf-8") == pinyin_table.table()


def test_readings_are_toneless_commonest_first():
    assert readings("栽") == ("zai",)
    assert readings("重")[:2] == ("zhong", "chong")
    assert readings("a") == ()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("下栽", "下载"),  # 栽 for 载: zai
        ("账户欠废", "账户欠费"),  # after a known word
        ("鹅度 不够", "额度 不够"),  # each run is read on its own
    ],
)
def test_a_term_typed_with_a_character_of_the_same_sound_is_read(typed, meant):
    assert fix(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "下栽了",  # 了 is no word the glossary knows: a sentence
        "这一步报错",  # 一步 sounds like 异步, inside a sentence
        "下栽欠废",  # two typos in one run: too far from what was typed
        "载下",  # the same sounds in another order are no term
    ],
)
def test_only_a_run_of_known_words_but_for_one_typo_is_read(text):
    assert fix(text) == text


def test_a_typo_two_terms_could_be_is_read_as_neither():
    terms = frozenset({"下载", "下在"})  # 下栽 sounds like both
    pattern = re.compile("下载|下在")
    assert corrected("下栽", pattern, sound_index(terms)) == "下栽"


def test_the_glossary_reads_a_term_typed_by_its_sound(client, make_entry):
    assert GLOSSES["欠费"] in gloss("widget 欠废").split()
    make_entry(message="The widget file is too large.", code="TooLarge")
    make_entry(message="The widget file download failed.", code="DownloadFailed")
    results, _ = search(client, "widget 文件 下栽失败")
    assert results[0]["code"] == "DownloadFailed"
