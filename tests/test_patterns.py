"""Compiled documented messages: alternatives, values, tolerance, speed."""

import time
from pathlib import Path

import pytest

from errors.patterns import (
    MessagePattern,
    compile_pattern,
    normalise,
    placeholder_names,
    split_alternatives,
)

SOURCE = (
    Path(__file__).resolve().parent.parent
    / "fixtures/source/model-studio-error-codes.txt"
)


@pytest.fixture(scope="module")
def catalogue_messages():
    from errors.source_parser import parse_catalogue

    return [
        entry.message for entry in parse_catalogue(SOURCE.read_text(encoding="utf-8"))
    ]


# --- Splitting a documented line into alternatives ---------------------------


def test_spaced_slash_separates_alternatives():
    line = "Invalid API-key provided. / Incorrect API key provided."
    assert split_alternatives(line) == [
        line,
        "Invalid API-key provided.",
        "Incorrect API key provided.",
    ]


def test_bare_slash_after_a_sentence_or_bracket_separates():
    alternatives = split_alternatives(
        "You have exceeded your request limit./Requests rate limit exceeded, please "
        "try again later. /You exceeded your current requests list."
    )
    assert alternatives[1:] == [
        "You have exceeded your request limit.",
        "Requests rate limit exceeded, please try again later.",
        "You exceeded your current requests list.",
    ]
    assert split_alternatives(
        "Temperature should be in [0.0, 2.0)/'temperature' must be Float"
    )[1:] == ["Temperature should be in [0.0, 2.0)", "'temperature' must be Float"]


def test_bare_slash_restarting_the_first_word_separates():
    alternatives = split_alternatives(
        "parameter.enable_thinking must be set to false for non-streaming calls"
        "/parameter.enable_thinking only support stream call"
    )
    assert alternatives[1:] == [
        "parameter.enable_thinking must be set to false for non-streaming calls",
        "parameter.enable_thinking only support stream call",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Invalid file ratio. The file aspect ratio (height/width) must be between 3:1 and 1:3.",
        "Invalid file size. The video/audio/image file size must be less than xxxMB.",
        'I/O error on POST request for "https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions": timeout',
    ],
)
def test_slashes_inside_a_sentence_or_url_do_not_separate(line):
    assert split_alternatives(line) == [line]


def test_fragments_too_short_to_identify_anything_are_dropped():
    line = (
        "The video modality input does not meet the requirements because: the range "
        "of sequence images shoule be (4, 512)./(4,80)."
    )
    alternatives = split_alternatives(line)
    assert "(4,80)." not in alternatives
    assert alternatives[1].endswith("(4, 512).")


# --- Matching and values ------------------------------------------------------


def test_number_placeholder_value_and_full_match():
    found = MessagePattern("Range of input length should be [1, xxx]").match(
        "Range of input length should be [1, 30720]"
    )
    assert found is not None
    assert found.values == ["30720"]
    assert found.full
    assert 0.98 <= found.score <= 1.0  # a placeholder match is a hair below literal


def test_url_value_keeps_its_punctuation():
    found = MessagePattern(
        "Download xxx timeout, please check network connection."
    ).match(
        "Download http://my-bucket.example.com/a.mp3 timeout, please check network connection."
    )
    assert found.values == ["http://my-bucket.example.com/a.mp3"]
    assert found.full


def test_backticks_and_quotes_around_values_are_tolerated():
    pattern = MessagePattern(
        "Model can not be found. / The model xxx does not exist. / "
        "The model xxx does not exist or you do not have access to it."
    )
    found = pattern.match("The model `qwen-x` does not exist.")
    assert found.values == ["qwen-x"]
    assert found.alternative == "The model xxx does not exist."
    assert found.full


@pytest.mark.parametrize(
    ("message", "text", "values"),
    [
        (
            "Voice '%s' not found.",
            "Voice 'my-cloned-voice-01' not found.",
            ["my-cloned-voice-01"],
        ),
        (
            "The type or value of {parameter} is out of definition.",
            "The type or value of top_k is out of definition.",
            ["top_k"],
        ),
        (
            "The input audio is longer than xxs.",
            "The input audio is longer than 30s.",
            ["30"],
        ),
        (
            "Invalid file size. The video/audio/image file size must be less than xxxMB.",
            "Invalid file size. The video/audio/image file size must be less than 200MB.",
            ["200"],
        ),
        (
            "Expecting ',' delimiter: line x column xxx (char xxx)",
            "Expecting ',' delimiter: line 3 column 12 (char 58)",
            ["3", "12", "58"],
        ),
        (
            "Failed to download the input file: xxx.",
            "Failed to download the input file: 404 Not Found",
            ["404 Not Found"],
        ),
        (
            "Missing required parameter 'xxx'! Please follow the protocol!",
            "Missing required parameter 'payload.model'! Please follow the protocol!",
            ["payload.model"],
        ),
        (
            "Required parameter(xxx) missing or invalid, please check the request parameters.",
            "Required parameter(Prompt) missing or invalid, please check the request parameters.",
            ["Prompt"],
        ),
    ],
)
def test_placeholder_values(message, text, values):
    found = MessagePattern(message).match(text)
    assert found is not None
    assert found.values == values
    assert found.full


@pytest.mark.parametrize(
    ("message", "text", "names", "values"),
    [
        (
            "Range of input length should be [1, xxx]",
            "Range of input length should be [1, 129024]",
            ["xxx"],
            ["129024"],
        ),
        (
            "Invalid video resolution. The height or width of video must be xxx ~ yyy.",
            "Invalid video resolution. The height or width of video must be 240 ~ 4096.",
            ["xxx", "yyy"],
            ["240", "4096"],
        ),
        (
            "The input audio is longer than xxs.",
            "The input audio is longer than 30s.",
            ["xx"],
            ["30"],
        ),
        (
            "The type or value of {parameter} is out of definition.",
            "The type or value of top_k is out of definition.",
            ["{parameter}"],
            ["top_k"],
        ),
        (
            "Model can not be found. / The model xxx does not exist. / "
            "The model xxx does not exist or you do not have access to it.",
            "The model qwen-x does not exist or you do not have access to it.",
            ["xxx"],
            ["qwen-x"],
        ),
        ("Access denied.", "Access denied.", [], []),
    ],
)
def test_placeholder_names_pair_with_values(message, text, names, values):
    assert placeholder_names(message) == names
    assert MessagePattern(message).match(text).values == values


@pytest.mark.parametrize(
    "text",
    [
        "url error, please check url！",  # full-width exclamation mark
        "URL ERROR, PLEASE CHECK URL",  # case, missing final punctuation
        "  url   error ,please check url!!  ",
        "“url error, please check url!”",
    ],
)
def test_case_whitespace_and_punctuation_tolerance(text):
    found = MessagePattern("url error, please check url!").match(text)
    assert found is not None and found.full and found.score == 1.0


def test_words_run_together_still_match():
    pattern = MessagePattern(
        'Either "prompt" or "messages" must exist and cannot both be none'
    )
    found = pattern.match(
        'Either "prompt" or "messages" must exist andcannot both be none'
    )
    assert found is not None and found.full


def test_message_inside_longer_text_is_partial():
    pattern = MessagePattern(
        "The image length and width do not meet the model restrictions."
    )
    found = pattern.match(
        "The image length and width do not meet the model restrictions. "
        "[height:1 or width:1 must be larger than 10]"
    )
    assert found is not None
    assert not found.full
    assert 0.5 < found.score < 1.0


def test_text_that_is_part_of_the_message_is_contained():
    pattern = MessagePattern(
        "The provided URL does not appear to be valid. Ensure it is correctly formatted."
    )
    found = pattern.match("The provided URL does not appear to be valid.")
    assert found is not None and found.contained and not found.full
    assert 0.6 < found.score < 1.0


def test_documented_numbers_are_soft_but_exact_ones_win():
    exact = MessagePattern("Range of n should be [1, 4]").match(
        "Range of n should be [1, 4]"
    )
    other = MessagePattern("Range of n should be [1, 4]").match(
        "Range of n should be [1, 8]"
    )
    assert exact.score == 1.0
    assert other is not None and 0.9 < other.score < exact.score


def test_literal_numbers_beat_placeholders():
    text = (
        "The image resolution is invalid, please make sure that the largest length of "
        "image is smaller than 4096, and the smallest length of image is larger than 224."
    )
    literal = MessagePattern(
        "The image resolution is invalid, please make sure that the largest length of "
        "image is smaller than 4096, and the smallest length of image is larger than 224."
    ).match(text)
    placeholder = MessagePattern(
        "The image resolution is invalid, please make sure that the largest length of "
        "image is smaller than xxx, and the smallest length of image is larger than yyy."
    ).match(text)
    assert literal.score > placeholder.score
    assert placeholder.values == ["4096", "224"]


def test_documented_url_is_an_example():
    pattern = MessagePattern(
        'I/O error on POST request for "https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions": timeout'
    )
    found = pattern.match(
        'I/O error on POST request for "https://dashscope.aliyuncs.com/api/v1/services/aigc/text-generation/generation": timeout'
    )
    assert found is not None and found.full and 0.9 < found.score < 1.0


def test_verbatim_flag_respects_final_punctuation():
    assert MessagePattern("Connection error.").match("Connection error.").verbatim
    assert not MessagePattern("Connection error").match("Connection error.").verbatim
    assert not MessagePattern("Connection error.").match("connection error").verbatim


def test_unrelated_text_does_not_match():
    pattern = MessagePattern("Range of input length should be [1, xxx]")
    assert pattern.match("Range of max_tokens should be [1, 100]") is None
    assert pattern.match("") is None
    assert pattern.match("!!! ??? ...") is None


# --- Fuzzy similarity ----------------------------------------------------------


def test_similarity_tolerates_one_typo_per_word():
    pattern = MessagePattern("Range of max_tokens should be [1, xxx]")
    assert pattern.match("Range of max_tokens shuold be [1, 16384]") is None
    assert pattern.similarity("Range of max_tokens shuold be [1, 16384]") == 1.0
    assert pattern.similarity("Range of input length should be [1, 16384]") < 0.8


def test_similarity_counts_words_in_order():
    pattern = MessagePattern("Request rate increased too quickly.")
    in_order = pattern.similarity("request rate increased too quickly")
    shuffled = pattern.similarity("quickly too increased rate request")
    assert in_order == 1.0
    assert shuffled < 0.5


def test_short_words_must_match_exactly():
    # "to" and "do" are one edit apart; only words of four letters or more bend.
    assert (
        MessagePattern("Failed to upload result.").similarity("Failed do upload result")
        < 1.0
    )


# --- Normalisation and caching -------------------------------------------------


def test_normalise_splits_camel_case_and_keeps_numbers_whole():
    norm = normalise("APIConnectionError: top_p=1.0 GPT3Message")
    assert norm.tokens == [
        "api",
        "connection",
        "error",
        "top",
        "p",
        "1.0",
        "gpt",
        "3",
        "message",
    ]
    assert (
        norm.original(0, len(norm.joined))
        == "APIConnectionError: top_p=1.0 GPT3Message"
    )


def test_compile_pattern_is_cached():
    assert compile_pattern("Access denied.") is compile_pattern("Access denied.")


def test_every_catalogue_message_matches_itself(catalogue_messages):
    for message in catalogue_messages:
        pattern = compile_pattern(message)
        assert pattern.alternatives, message
        found = pattern.match(message)
        assert found is not None and found.full, message


# --- No catastrophic backtracking ------------------------------------------------


ADVERSARIAL = [
    "a " * 5000,
    "the model " * 1000,
    (
        "The image resolution is invalid, please make sure that the largest length of "
        "image is smaller than 1 and "
    )
    * 60,
    "x " * 5000,
    "[1, " * 2500,
    "'" * 10_000,
    "download " * 1100,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_no_pattern_backtracks_catastrophically_on_10kb(catalogue_messages, text):
    text = text[:10_240]
    norm = normalise(text)
    patterns = [compile_pattern(m) for m in catalogue_messages]
    started = time.perf_counter()
    slowest = 0.0
    for pattern in patterns:
        best = float("inf")
        for _ in range(3):  # best of three: a scheduler stall is not backtracking
            one = time.perf_counter()
            for alternative in pattern.alternatives:
                alternative.regex.search(norm.joined)  # bypass the key-word filter
            pattern.match(norm)
            pattern.similarity(norm)
            best = min(best, time.perf_counter() - one)
        slowest = max(slowest, best)
    # Every regex is bounded, so the worst pattern takes ~10 ms here; the
    # limits are loose for slow CI machines. Catastrophic backtracking on
    # 10 KB would take seconds to hours.
    assert slowest < 0.25
    assert time.perf_counter() - started < 15.0
