"""The ranking over the whole parsed catalogue (no database), and its helpers.

Also covers ``errors.evaluation`` (the README's matching rule and the scores).
"""

import random
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from errors.evaluation import (
    evaluate,
    format_report,
    is_right,
)
from errors.search import typos
from errors.search.entries import Candidate
from errors.search.query import Query
from errors.search.ranking import rank
from errors.search.templates import FOUND_SCORE
from errors.search.typos import VocabularyIndex, edit_distance, vocabulary_corrections
from tests.searching import search

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "fixtures/source/model-studio-error-codes.txt"


@pytest.fixture(scope="module")
def entries():
    from errors.catalogue.source import parse_catalogue

    return parse_catalogue(SOURCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def candidates(entries):
    return [
        Candidate(
            id=entry.position,
            status=entry.status,
            code=entry.code,
            aliases=tuple(entry.aliases),
            message=entry.message,
            cause=entry.cause,
            solution=entry.solution,
        )
        for entry in entries
    ]


def query_terms(text: str) -> list[str]:
    return Query.parse(text).index_terms


# --- The evaluation sets ---------------------------------------------------------


NASTY = [
    "",
    '"',
    "NEAR(",
    "*",
    "-",
    ":",
    "'; DROP TABLE x; --",
    "SELECT * FROM errors WHERE message MATCH 'a*' OR 1=1",
    "\x00\x00Access denied.\x00",
    "🔥" * 3000,
    "{" * 10_000,
    "Range of seed should be [0, 9223372036854775807] " * 200,
    "the model " * 1000,
]


@pytest.mark.parametrize("query", NASTY, ids=range(len(NASTY)))
def test_rank_and_terms_never_raise(candidates, query):
    result = rank(Query.parse(query), candidates)
    terms = query_terms(query)
    assert isinstance(result.hits, list) and isinstance(terms, list)


# --- Query terms and spelling corrections ------------------------------------------------


def test_query_terms_are_distinctive_words():
    terms = query_terms(
        "openai.BadRequestError: Error code: 400 - {'error': {'code': 'InvalidParameter', "
        "'message': 'Input should be a valid dictionary or instance of GPT3Message: "
        "input.messages.3'}, 'request_id': '7d2c9e41-b08a-9f35-8e6d-2a1c4b7f0e58'}"
    )
    assert terms[:4] == ["input", "valid", "dictionary", "instance"]
    assert "invalidparameter" in terms
    assert not {"should", "be", "a", "or", "of", "3", "400", "7d2c9e41", "b08a"} & set(
        terms
    )
    assert query_terms("too many requests") == ["many", "requests"]
    assert query_terms("Repetition_penalty shoud be grater than 0.0") == [
        "repetition",
        "penalty",
        "shoud",
        "grater",
    ]


def test_vocabulary_corrections():
    vocabulary = {
        "should",
        "stream",
        "thinking",
        "parameter",
        "post",
        "upstream",
        "limit",
    }
    corrections = vocabulary_corrections(
        [
            "shoud",
            "straem",
            "thnking",
            "paramter",
            "limt",
            "host",
            "qwen3",
            "the",
            "stream",
        ],
        vocabulary,
    )
    assert corrections == {
        "shoud": "should",
        "straem": "stream",
        "thnking": "thinking",
        "paramter": "parameter",
        "limt": "limit",
    }


def test_vocabulary_index_finds_two_edits():
    index = VocabularyIndex(["inappropriate", "resolution", "established"])
    assert index.closest("inapropriate") == "inappropriate"  # one deletion
    assert index.closest("resluton") == "resolution"  # two deletions
    assert index.closest("estabilshed") == "established"  # transposition
    assert index.closest("esXabliXhed") == "established"  # two substitutions
    assert index.closest("zzzzzzzz") is None
    assert edit_distance("shoud", "should") == 1


def test_vocabulary_look_ups_never_scan_the_vocabulary(monkeypatch):
    # Work counted, not timed (`make bench` times the search): the index is
    # linear in the vocabulary's letters, and a look-up verifies only the few
    # words filed under the term's deletions, not 30,000.
    random.seed(3)
    letters = "abcdefghijklmnoprstu"
    words = {
        "".join(random.choice(letters) for _ in range(random.randint(4, 11)))
        for _ in range(30_000)
    }
    index = VocabularyIndex(words)
    assert len(index.index) <= sum(len(word) for word in words)
    verified = []

    def counted_distance(term, word, *args):
        verified.append(word)
        return edit_distance(term, word, *args)

    module = sys.modules[VocabularyIndex.__module__]
    monkeypatch.setattr(module, "edit_distance", counted_distance)
    for word in random.sample(sorted(words), 50):
        verified.clear()
        typo = word[0] + word[2] + word[1] + word[3:]  # swap two letters
        found = index.closest(typo)
        assert found is not None and edit_distance(typo, found) <= 1
        assert len(verified) <= 20, typo


def test_edit_distance_is_the_table_s_on_what_differs():
    # The shared start and end are skipped: the distance is unchanged.
    random.seed(5)
    for _ in range(20_000):
        a, b = (
            "".join(random.choice("abc") for _ in range(random.randint(0, 7)))
            for _ in range(2)
        )
        for limit in (1, 2, 3):
            expected = min(typos._osa(a, b, limit), limit + 1)
            assert min(edit_distance(a, b, limit), limit + 1) == expected, (a, b)


def test_edit_distance_builds_a_table_only_for_what_differs(monkeypatch):
    # Work counted, not timed: a typed code against thousands of one family
    # sharing 30 letters (a catalogue's ``InvalidParameter.…``) costs a
    # small table per code, not the length squared.
    cells = []
    table = typos._osa

    def counted(a, b, limit):
        cells.append(len(a) * len(b))
        return table(a, b, limit)

    monkeypatch.setattr(typos, "_osa", counted)
    family = [f"invalidparameter.mediaresource{n:05d}x" for n in range(2000)]
    distances = [
        edit_distance("invalidparameter.mediaresource0000xx", code) for code in family
    ]
    assert min(distances) == 1  # ...00000x: one substitution
    assert sum(cells) <= 6 * 6 * len(family)


# --- The evaluation rule -----------------------------------------------------------------


def entry(code, message, aliases=()):
    return SimpleNamespace(code=code, aliases=list(aliases), message=message)


def test_is_right_message_contains_is_folded():
    item = {"code": "InvalidParameter", "message_contains": "range of INPUT  length"}
    assert is_right(
        item, entry("InvalidParameter", "Range of input length should be [1, xxx]")
    )
    assert not is_right(
        item, entry("InvalidParameter", "Range of max_tokens should be [1, xxx]")
    )


def test_is_right_code_parts_and_aliases():
    item = {
        "code": "Throttling.RateQuota/LimitRequests/limit_requests",
        "message_contains": "limit",
    }
    assert is_right(item, entry("Throttling.RateQuota", "request limit"))
    assert is_right(item, entry("Other", "request limit", aliases=["limit_requests"]))
    assert not is_right(item, entry("Throttling", "request limit"))
    assert is_right({"message_contains": "limit"}, entry("Anything", "request limit"))


def test_is_right_reads_aliases_stored_as_text():
    # ErrorEntry.aliases is one string, separated by spaces.
    item = {"code": "limit_requests", "message_contains": "limit"}
    stored = SimpleNamespace(
        code="Throttling.RateQuota",
        aliases="LimitRequests limit_requests",
        message="limit",
    )
    assert is_right(item, stored)
    assert not is_right({"code": "l", "message_contains": "limit"}, stored)


def test_is_right_code_null_means_no_code_in_the_source():
    item = {"code": None, "message_contains": "week allocated quota exceeded"}
    assert is_right(item, entry("", "week allocated quota exceeded"))
    assert not is_right(item, entry("Throttling", "week allocated quota exceeded"))
    # A code the parser lifted out of the message itself is no code of the source.
    connect = {"code": None, "message_contains": "ConnectException: Failed to connect"}
    assert is_right(
        connect,
        entry(
            "ConnectException",
            "ConnectException: Failed to connect to dashscope.aliyuncs.com",
        ),
    )


def test_is_right_alternative_of_the_documented_line():
    lines = [
        "You have exceeded your request limit./Requests rate limit exceeded, please try "
        "again later. / You exceeded your current requests list."
    ]
    item = {"code": None, "message_contains": "You have exceeded your request limit."}
    # An entry holding only one ` / ` alternative of that line is right too.
    assert is_right(item, entry("", "You exceeded your current requests list."), lines)
    assert not is_right(item, entry("", "Something else."), lines)


def test_evaluate_scores_and_null_expectations():
    cases = [
        {"query": "a", "expect": [{"code": "A", "message_contains": "alpha"}]},
        {"query": "b", "expect": [{"code": "B", "message_contains": "beta"}]},
        {"query": "c", "expect": None},
        {"query": "d", "expect": None},
    ]
    alpha, beta, gamma = entry("A", "alpha"), entry("B", "beta"), entry("C", "gamma")
    answers = {
        "a": ([alpha, beta], True),  # right at 1
        "b": ([gamma, alpha, beta], True),  # right at 3
        "c": ([gamma], False),  # not confident: right
        "d": ([gamma], True),  # confident about nothing: wrong
    }
    report = evaluate(cases, lambda q: answers[q])
    assert report.recall_at_1 == 0.5
    assert report.recall_at_3 == 0.75
    assert report.mrr == pytest.approx((1 + 1 / 3 + 1) / 4)
    assert [case.query for case in report.misses] == ["b", "d"]
    text = format_report(report, "demo")
    assert text.startswith("demo: 4 cases  recall@1 0.500  recall@3 0.750")
    assert "1. C | gamma" in text


def test_typed_words_that_begin_a_message_break_a_near_tie():
    # The index scores the other entry higher (its short message holds one
    # word, its cause the other); the message that begins with the words
    # typed, as one types a message read off a screen, comes first.
    other = Candidate(
        id=1,
        status=None,
        code="",
        aliases=(),
        message="Connection failure",
        cause="Sprocket typo.",
        solution="",
    )
    begins = Candidate(
        id=2,
        status=400,
        code="SprocketBad",
        aliases=(),
        message="sprocket failure, please check sprocket!",
        cause="",
        solution="",
    )
    scores = {1: 1.0, 2: 0.75}
    ranked = rank(Query.parse("sprocket failure"), [other, begins], scores)
    assert [hit.id for hit in ranked.hits] == [2, 1]
    # A paste is no typing: the same words inside a longer text earn nothing.
    pasted = "worker 7 stopped: connection failure (sprocket) after 3 retries"
    ranked = rank(Query.parse(pasted), [other, begins], scores)
    assert ranked.hits[0].id == 1


def test_words_of_an_entry_of_another_status_never_weigh_below_its_code():
    # The paste names 503 and a code two entries of status 400 carry: the
    # words count less for them, the code as much as ever. The entry whose
    # message the words match comes first, not the one they match less.
    def entry(pk, message):
        return Candidate(
            id=pk,
            status=400,
            code="GizmoFault",
            aliases=(),
            message=message,
            cause="",
            solution="",
        )

    matched = entry(1, "The gizmo frame rate exceeds what the encoder accepts.")
    other = entry(2, "The gizmo palette is empty.")
    paste = 'HTTP 503 {"code": "GizmoFault", "message": "gizmo frame rate"}'
    ranked = rank(Query.parse(paste), [matched, other])
    assert [hit.id for hit in ranked.hits] == [1, 2]


def test_a_number_no_entry_has_as_status_keeps_the_found_message_floor(
    client, make_entry
):
    # ``418`` is the engine's code, typed: no entry has it as its status, so
    # it names no other status than the entry's, and the message of four
    # words found among the others keeps its floor (FOUND_SCORE).
    make_entry(message="Gadget engine refused request.", status=400, slug="a")
    typed = "418 tts said gadget engine refused request while streaming now"
    results, _ = search(client, typed)
    assert results[0]["slug"] == "a"
    assert results[0]["match"]["kind"] == "template"
    floored = results[0]["match"]["score"]
    assert floored >= FOUND_SCORE
    # A status an entry has still takes the floor away from the others.
    make_entry(message="Gizmo engine quota used up.", status=418, slug="teapot")
    results, _ = search(client, typed)
    by_slug = {r["slug"]: r for r in results}
    assert by_slug["a"]["match"]["score"] < FOUND_SCORE


def test_typed_words_line_up_with_a_message_in_any_order():
    # The code typed first and the word that tells the entries apart last:
    # the order of typed words says nothing, so they line up with all of
    # one message's words (a fuzzy match), not only share its keywords.
    names = ["Widget", "Sprocket", "Gadget"]
    candidates = [
        Candidate(i, 403, f"{name}.AccessDenied", (), f"{name} access denied.")
        for i, name in enumerate(names)
    ]
    endpoint = "Gadget endpoint access denied."
    candidates.append(Candidate(9, 403, "Endpoint.AccessDenied", (), endpoint))
    hits = rank(Query.parse("403 AccessDenied gadget"), candidates).hits
    assert (hits[0].id, hits[0].kind) == (2, "fuzzy")
    assert hits[1].id == 9  # every word too, and one more of its own


def test_typed_words_are_no_placeholder_s_value():
    # Read as English, ``voice cloning sample rate not supported``: between
    # ``voice`` and ``not`` a placeholder could take three words as its
    # value, but typed words are the user's, not a value.
    candidates = [
        Candidate(1, 400, "Voice.NotFound", (), "Voice '%s' not found."),
        Candidate(2, 400, "Audio.RateError", (), "File sample rate unsupported"),
    ]
    hits = rank(Query.parse("声音复刻 采样率不支持"), candidates).hits
    assert hits[0].id == 2
    # A pasted message still gives the placeholder its value.
    pasted = "Voice 'my-cloned-voice-07' not found."
    assert rank(Query.parse(pasted), candidates).hits[0].id == 1


def test_a_sentence_typed_still_gives_a_placeholder_its_value():
    # Not keywords: a sentence with the model's name where the message
    # has its placeholder is the message, a good match.
    candidates = [
        Candidate(1, 404, "ModelNotFound", (), "The model xxx does not exist."),
        Candidate(2, 400, "InvalidParameter", (), "Model not exist."),
    ]
    ranked = rank(Query.parse("model gizmo-maxx does not exist"), candidates)
    assert ranked.hits[0].id == 1
    assert ranked.confident
