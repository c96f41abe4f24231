"""Compiled documented messages: alternatives, values, tolerance, speed."""

from pathlib import Path

import pytest

from errors.search.alternatives import placeholder_names
from errors.search.templates import MessagePattern, compile_pattern
from errors.search.text import stem, tokenise
from errors.search.wordings import split_alternatives

SOURCE = (
    Path(__file__).resolve().parent.parent
    / "fixtures/source/model-studio-error-codes.txt"
)


@pytest.fixture(scope="module")
def catalogue_messages():
    from errors.catalogue.source import parse_catalogue

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
        "Invalid file ratio. The file aspect ratio (height/width) must be between 2.0 and 0.5.",
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
    found = MessagePattern(
        "The thinking_budget parameter must be a positive integer and not greater than xxx"
    ).match(
        "The thinking_budget parameter must be a positive integer and not greater than 38912"
    )
    assert found is not None
    assert found.values == ["38912"]
    assert found.full
    assert 0.98 <= found.score <= 1.0  # a placeholder match is a hair below literal


def test_url_value_keeps_its_punctuation():
    found = MessagePattern(
        "Connection to xxx refused, please provide available URL."
    ).match(
        "Connection to https://cdn.example.org/media/clip-07.mp4?token=a1b2%3D&v=2 "
        "refused, please provide available URL."
    )
    assert found.values == [
        "https://cdn.example.org/media/clip-07.mp4?token=a1b2%3D&v=2"
    ]
    assert found.full


def test_backticks_and_quotes_around_values_are_tolerated():
    pattern = MessagePattern("The model xxx does not support enable_thinking.")
    found = pattern.match(
        "The model `qwen-turbo-2024-09-19` does not support enable_thinking."
    )
    assert found.values == ["qwen-turbo-2024-09-19"]
    assert found.full
    quoted = pattern.match(
        'The model "qwen-plus-0112" does not support enable_thinking.'
    )
    assert quoted.values == ["qwen-plus-0112"]
    assert quoted.full
    # Of several documented alternatives, the one that matched is reported.
    alternatives = MessagePattern(
        "Upload file capacity exceed limit. / Upload file number exceed limit."
    )
    assert alternatives.match("Upload file number exceed limit.").alternative == (
        "Upload file number exceed limit."
    )


@pytest.mark.parametrize(
    ("message", "text", "values"),
    [
        (
            "Voice '%s' not found.",
            "Voice 'cosyvoice-v2-narrator-a1b2c3' not found.",
            ["cosyvoice-v2-narrator-a1b2c3"],
        ),
        (
            "The type or value of {parameter} is out of definition.",
            "The type or value of top_k is out of definition.",
            ["top_k"],
        ),
        (
            "The requested voice 'xxx' is not supported.",
            "The requested voice 'longxiaochun_v2' is not supported.",
            ["longxiaochun_v2"],
        ),
        (
            "Invalid file size. The video/audio/image file size must be less than xxxMB.",
            "Invalid file size. The video/audio/image file size must be less than 200MB.",
            ["200"],
        ),
        (
            "Expecting ',' delimiter: line x column xxx (char xxx)",
            "Expecting ',' delimiter: line 1 column 87 (char 86)",
            ["1", "87", "86"],
        ),
        (
            "Failed to download the input file: xxx.",
            "Failed to download the input file: connection reset by peer",
            ["connection reset by peer"],
        ),
        (
            "Missing required parameter 'xxx'! Please follow the protocol!",
            "Missing required parameter 'header.task_id'! Please follow the protocol!",
            ["header.task_id"],
        ),
        (
            "Required parameter(xxx) missing or invalid, please check the request parameters.",
            "Required parameter(input.messages) missing or invalid, please check the request parameters.",
            ["input.messages"],
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
            "The thinking_budget parameter must be a positive integer and not greater than xxx",
            "The thinking_budget parameter must be a positive integer and not greater than 8192",
            ["xxx"],
            ["8192"],
        ),
        (
            "Invalid video resolution. The height or width of video must be xxx ~ yyy.",
            "Invalid video resolution. The height or width of video must be 240 ~ 4096.",
            ["xxx", "yyy"],
            ["240", "4096"],
        ),
        (
            "The input audio is longer than xxs.",
            "The input audio is longer than 180s.",
            ["xx"],
            ["180"],
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
        "SSML text is not supported at the moment！",  # full-width exclamation mark
        "SSML TEXT IS NOT SUPPORTED AT THE MOMENT",  # case, missing final punctuation
        "  ssml   text is not supported ,at the moment!!  ",
        "“SSML text is not supported at the moment!”",
    ],
)
def test_case_whitespace_and_punctuation_tolerance(text):
    found = MessagePattern("SSML text is not supported at the moment!").match(text)
    assert found is not None and found.full and found.score == 1.0


def test_words_run_together_still_match():
    pattern = MessagePattern(
        "The incremental_output parameter of this model cannot be set to False."
    )
    found = pattern.match(
        "The incremental_output parameter of this model cannotbe set to False."
    )
    assert found is not None and found.full


def test_message_inside_longer_text_is_partial():
    pattern = MessagePattern("Failed to decode the image during the data inspection.")
    found = pattern.match(
        "Failed to decode the image during the data inspection. "
        "[format: HEIC, size: 0 bytes]"
    )
    assert found is not None
    assert not found.full
    assert 0.5 < found.score < 1.0


def test_text_that_is_part_of_the_message_is_contained():
    pattern = MessagePattern(
        "Too many requests. Batch requests are being throttled due to system capacity "
        "limits. Please try again later."
    )
    found = pattern.match(
        "Too many requests. Batch requests are being throttled due to system capacity limits."
    )
    assert found is not None and found.contained and not found.full
    assert 0.6 < found.score < 1.0


def test_documented_numbers_are_soft_but_exact_ones_win():
    pattern = MessagePattern("Range of seed should be [0, 9223372036854775807]")
    exact = pattern.match("Range of seed should be [0, 9223372036854775807]")
    other = pattern.match("Range of seed should be [0, 2147483647]")
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
        'I/O error on POST request for "https://dashscope-intl.aliyuncs.com/api/v1/services/embeddings/text-embedding/text-embedding": timeout'
    )
    assert found is not None and found.full and 0.9 < found.score < 1.0


def test_verbatim_flag_respects_final_punctuation():
    assert MessagePattern("Payload Too Large.").match("Payload Too Large.").verbatim
    assert not MessagePattern("Payload Too Large").match("Payload Too Large.").verbatim
    assert not MessagePattern("Payload Too Large.").match("payload too large").verbatim


def test_unrelated_text_does_not_match():
    pattern = MessagePattern("Range of input length should be [1, xxx]")
    assert pattern.match("Range of seed should be [0, 100]") is None
    assert pattern.match("") is None
    assert pattern.match("!!! ??? ...") is None


# --- Fuzzy alignment ------------------------------------------------------------


def recall(pattern: MessagePattern, text: str) -> float:
    return pattern.align(tokenise(text)).recall


def test_alignment_tolerates_one_typo_per_word():
    pattern = MessagePattern(
        "The thinking_budget parameter must be a positive integer and not greater than xxx"
    )
    typed = "The thinking_budget paramter must be a postive integer and not greater than 8192"
    assert pattern.match(typed) is None
    # Two misspelt words of thirteen count 0.8 each.
    assert recall(pattern, typed) == pytest.approx(12.6 / 13)
    reworded = "The thinking_budget parameter must be a string and not longer than 8192"
    assert recall(pattern, reworded) < 0.8


def test_alignment_counts_words_in_order():
    pattern = MessagePattern("Failed to retrieve data from documents.")
    assert recall(pattern, "failed to retrieve data from documents") == 1.0
    assert recall(pattern, "documents from data retrieve to failed") < 0.5


def test_alignment_leaves_out_an_opening_word_typed_last():
    # Typed from memory with the bracketed product last: the message's first
    # word is far past the others, and matching it first stranded them.
    pattern = MessagePattern("[gadget:]Engine return error code: 417")
    assert recall(pattern, "engine return error code 417 gadget") == pytest.approx(
        5 / 6
    )
    # Where it opens the text, it still counts.
    assert recall(pattern, "gadget engine return error code 417") == 1.0


def test_alignment_counts_another_inflection_as_a_typo():
    pattern = MessagePattern("Gadget return error code: 417")
    # Two edits apart, so no typo; the same stem, so 0.8 of a word.
    assert recall(pattern, "gadget returned error code 417") == pytest.approx(4.8 / 5)
    # Both inflected, one stem: ``requests`` for ``requested``.
    often = MessagePattern("Gadget requested too often.")
    assert recall(often, "gadget requests too often") == pytest.approx(3.8 / 4)
    assert recall(pattern, "gadget retained error code 417") == pytest.approx(4 / 5)


def test_alignment_prefers_words_found_together():
    # Two three-word messages, every word of each in the text, in order: the
    # one found without skipping words lines up better.
    text = tokenise("gadget 403 widget access denied")
    together = MessagePattern("Widget access denied.").align(text)
    apart = MessagePattern("Gadget access denied.").align(text)
    assert together.recall == 1.0
    # ``access`` found two skipped tokens after ``gadget``: 0.96 of a word.
    assert apart.recall == pytest.approx(2.96 / 3)
    assert together.precision == apart.precision
    # A placeholder's value between two words is no skip.
    valued = MessagePattern("Gadget xxx access denied.").align(text)
    assert valued.recall == 1.0


def test_a_value_after_a_missed_word_is_no_skip():
    # ``of`` is missing; the tokens before ``failed`` are the file's name.
    pattern = MessagePattern("Upload of {file} failed.")
    text = tokenise("upload for report-2024-final-draft-v2.docx failed")
    assert pattern.align(text).recall == pytest.approx(2 / 3)
    # Seven values' tokens: ``gadget`` still counts whole, never below zero.
    many = MessagePattern("Quota of {a}, {b}, {c}, {d}, {e}, {f}, {g}, gadget off.")
    text = tokenise("quota " + "lot " * 57 + "gadget off")
    assert many.align(text).recall == pytest.approx(3 / 4)


def test_a_trailing_value_counts_only_for_a_message_found():
    # One word of three found: the rest of the text is no value of the
    # placeholder after it, so it stays unexplained.
    pattern = MessagePattern("Gadget_pipeline_Error: xxx")
    text = tokenise("acme error only stream mode please enable the stream flag")
    assert pattern.align(text).precision == pytest.approx(1 / 10)
    # Two of three found: the tokens after them are its value.
    found = tokenise("pipeline error only stream mode please enable the stream")
    assert pattern.align(found).precision == pytest.approx(1.0)


@pytest.mark.parametrize(
    "family",
    [
        ("exceed", "exceeds", "exceeded", "exceeding"),
        ("proceed", "proceeds", "proceeded"),
        ("require", "requires", "required"),
        ("stream", "streams", "streaming"),
    ],
)
def test_the_stemmer_meets_every_form_of_a_word(family):
    # ``-eed`` is the root's: ``exceeds`` and ``exceeded`` once stemmed apart.
    assert len({stem(word) for word in family}) == 1


def test_short_words_must_match_exactly():
    # "to" and "do" are one edit apart; only words of four letters or more bend.
    pattern = MessagePattern("Failed to upload result.")
    assert recall(pattern, "Failed do upload result") == 0.75
    assert recall(pattern, "Failed to uplaod result") == pytest.approx(0.95)


# --- Tokenising ------------------------------------------------------------------


def test_tokenise_splits_camel_case_and_keeps_numbers_whole():
    norm = tokenise("APIConnectionError: top_p=1.0 GPT3Message")
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
    norm = tokenise(text)
    patterns = [compile_pattern(m) for m in catalogue_messages]
    # Every regex is bounded, so this loop takes well under a second; a
    # catastrophic backtrack on 10 KB would take hours and hang the suite.
    # No clock here: pattern timings belong to `make bench`.
    for pattern in patterns:
        for alternative in pattern.alternatives:
            alternative.regex.search(norm.joined)  # bypass the key-word filter
        pattern.match(norm)
        pattern.align(norm)


@pytest.mark.parametrize(
    ("message", "wordings"),
    [
        ("Gadget not found.", 1),
        ("Gadget not found. / The gadget xxx does not exist.", 2),
        ("Gadget gone./ Gadget lost somewhere. / Gadget missing from the box.", 3),
        # A class left off a long wording is no wording of its own.
        ("error.GadgetError: No gadget given. You can set one by gadget.name = x", 1),
        (
            "error.GadgetError: No gadget given, set one by gadget.name. / "
            "The gadget is missing.",
            2,
        ),
    ],
)
def test_a_message_counts_the_wordings_it_documents(message, wordings):
    assert MessagePattern(message).wordings == wordings
