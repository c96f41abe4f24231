"""Quoted replies (``> `` at each line's start) and codes written before
their message with nothing between them."""

import pytest

from errors.search.confidence import CONFIDENT
from errors.search.paste import CODE_LEAD_RE, prepare_text, unwrap
from errors.search.query import Query
from errors.search.templates import VALUE_CUT_SCORE, MessagePattern
from errors.search.wordings import split_alternatives
from tests.searching import search


def test_quote_markers_go_so_a_wrapped_sentence_joins():
    paste = unwrap(
        "> the job log says\n>  Input data may contain inappropriate\n"
        ">> content. then it stops"
    )
    assert "Input data may contain inappropriate content. then it stops" in " ".join(
        paste.messages
    )
    assert not any(">" in message for message in paste.messages)


def test_a_greater_than_sign_inside_a_line_stays():
    paste = unwrap("Range of input length should be [1, 6000] > 6000 tokens")
    assert "Range of input length should be [1, 6000] > 6000 tokens" in paste.messages


def test_a_message_wrapped_over_quoted_lines_is_found_whole(client, catalogue):
    # Cut after "the", the first line holds the opening that several
    # resolution messages share; only the joined lines tell them apart, and
    # the literal message (4096 and 224) beats its xxx/yyy twin.
    pasted = (
        "reply from support ticket:\n"
        "> InvalidFile.Resolution The image resolution is invalid, please make sure that the\n"
        "> largest length of image is smaller than 4096, and the smallest\n"
        "> length of image is larger than 224.\n"
        "> we sent a 100x100 icon"
    )
    results, body = search(client, pasted)
    assert results[0]["message"].endswith(
        "smaller than 4096, and the smallest length of image is larger than 224."
    )
    assert body["search"]["good_match"] is True


@pytest.mark.parametrize(
    ("line", "tail"),
    [
        ("ERROR InvalidApiKey Invalid API-key provided. key=sk-1", "Invalid API-key"),
        ("failed BadRequest.TooLarge Payload Too Large", "Payload Too Large"),
        ("FILE_DOWNLOAD_FAILED Could not read it", "Could not read it"),
        ("APIConnectionError Connection error.", "Connection error."),
    ],
)
def test_the_text_after_a_code_is_a_candidate_of_its_own(line, tail):
    assert any(message.startswith(tail) for message in unwrap(line).messages)


@pytest.mark.parametrize(
    ("line", "tail"),
    [
        # A capitalised word, not a code; a code before a value or lower case;
        # a class after its module (``openai.``) is no code written alone.
        ("Error Input data may contain inappropriate", "Input data"),
        ("InvalidApiKey sk-123", "sk-123"),
        ("InvalidApiKey on the free tier", "on the free"),
        ("openai.BadRequestError Error code: 400", "Error code"),
    ],
)
def test_no_code_no_split(line, tail):
    assert CODE_LEAD_RE.search(line) is None
    assert not any(message.startswith(tail) for message in unwrap(line).messages)


def test_a_code_then_its_message_in_a_sentence_is_a_good_match(client, catalogue):
    pasted = (
        "task FAILED DataInspectionFailed Input data may contain inappropriate "
        "content. retrying with another prompt"
    )
    results, body = search(client, pasted)
    assert results[0]["code"] == "DataInspectionFailed"
    assert body["search"]["good_match"] is True


def test_a_code_then_its_message_inside_chinese(client, catalogue):
    pasted = "语音复刻一直失败 Audio.AudioRateError File sample rate unsupported. 我的录音是8k的"
    results, body = search(client, pasted)
    assert results[0]["code"] == "Audio.AudioRateError"
    assert body["search"]["good_match"] is True


# --- A message cut right after its value ------------------------------------


def test_three_words_and_the_value_they_end_on_are_a_beginning():
    pattern = MessagePattern("Missing spare wheel 'xxx'! Please ask the garage.")
    cut = pattern.match("the van stopped, missing spare wheel wh-17")
    assert cut is not None and cut.contained
    # Likely this message, but no good match: the value could be any text.
    assert 0.5 < cut.score <= VALUE_CUT_SCORE < CONFIDENT
    assert pattern.match("missing spare wheel wh-17").score == VALUE_CUT_SCORE
    # Three words alone are no beginning; nor three and a long tail, which
    # is other words, not a value.
    assert pattern.match("the van stopped, missing spare wheel") is None
    assert pattern.match("missing spare wheel names in my yaml config for vans") is None
    # Two words and a value are none either.
    short = MessagePattern("Missing wheel 'xxx'! Please ask the garage.")
    assert short.match("missing wheel wh-17") is None
    # A value between words counts only when the words after it are found.
    assert (
        MessagePattern("The van xxx does not start.").match("the van blue-7 does")
        is None
    )
    # Four words need no value, and are no longer capped.
    pattern = MessagePattern("Missing the spare wheel 'xxx'! Please ask the garage.")
    assert pattern.match("missing the spare wheel wh-17").score > VALUE_CUT_SCORE


def test_a_message_typed_up_to_its_value_ranks_first(client, make_entry):
    make_entry(
        message="Missing spare wheel 'xxx'! Please ask the garage.",
        code="Wanted",
        slug="wanted",
    )
    # One word of it, and a value taking the rest of the text.
    make_entry(message="Wheel required: xxx", code="Other", slug="other")
    results, body = search(client, "missing spare wheel wh-17 on the van")
    assert results[0]["code"] == "Wanted"
    assert body["search"]["good_match"] is False


# --- English typed among Chinese words --------------------------------------


def test_english_typed_among_chinese_stays_a_candidate_of_its_own(client, make_entry):
    # Glossed, 复刻音色满了 becomes English words that run into the user's
    # own; the user's run alone begins the message meant.
    make_entry(
        message="Maximum garage storage limit reached, please move old vans.",
        code="Wanted",
        slug="wanted",
    )
    make_entry(
        message="Voice timbre full: limit exceeded, maximum storage.",
        code="Other",
        slug="other",
    )
    results, _ = search(client, "音色满了 Maximum garage storage limit")
    assert results[0]["code"] == "Wanted"
    assert results[0]["match"]["kind"] == "template"


def test_two_english_words_beside_chinese_are_no_message_of_their_own():
    query = Query.parse("账户欠费 access denied")
    assert "access denied" not in [norm.joined for norm in query.norms]
    query = Query.parse("账户欠费 Maximum garage storage limit")
    assert "maximum garage storage limit" in [norm.joined for norm in query.norms]


def test_a_beginning_cut_mid_word_with_no_value_is_not_capped():
    pattern = MessagePattern("Range of gear length should be [1, xxx]")
    assert pattern.match("E: Range of gear len").score > VALUE_CUT_SCORE


def test_a_fence_inside_a_quoted_reply_goes_too():
    assert "```" not in prepare_text("> ```text\n> Arrearage\n> ```")


# --- A message documented with its exception's class ------------------------


def test_a_long_message_is_also_said_without_its_class():
    message = "client.GizmoError: No gizmo key provided. Set it with client.gizmo_key or GIZMO_KEY."
    assert split_alternatives(message)[1] == (
        "No gizmo key provided. Set it with client.gizmo_key or GIZMO_KEY."
    )
    # A short one without its class could be any client's.
    assert split_alternatives("GizmoException: Can not find gizmo.") == [
        "GizmoException: Can not find gizmo."
    ]
    # The class goes from the first wording a line lists, not from the line.
    assert split_alternatives(
        "GizmoError: the gizmo key was not provided to the client at all"
        " / Gizmo key missing from the request"
    )[1:] == [
        "the gizmo key was not provided to the client at all",
        "GizmoError: the gizmo key was not provided to the client at all",
        "Gizmo key missing from the request",
    ]
    # Found whole, the wording without its class is the message.
    pattern = MessagePattern(message)
    whole = "No gizmo key provided. Set it with client.gizmo_key or GIZMO_KEY."
    assert pattern.match(whole).score > CONFIDENT
    # Its first words are likely it, but no good match: another client may
    # say them of its own (``No API key provided.``).
    assert pattern.match("No gizmo key provided").score == VALUE_CUT_SCORE


def test_a_word_cut_to_one_letter_is_no_beginning():
    pattern = MessagePattern("The van xxx does not start in the cold.")
    assert pattern.match("The van blue-7 does n") is None
    # Two letters are: ``does no`` begins ``does not``.
    assert pattern.match("The van blue-7 does no") is not None
