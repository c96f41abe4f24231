"""Each kind of paste that used to fail, through the real search: messages
inside sentences, Unicode forms, cut messages, codes and aliases, near
misses (statuses and network failures: test_paste_statuses.py; keywords
and logs: test_paste_keywords.py).

The examples are this file's own (none comes from the evaluation sets).
"""

import pytest

from errors.search.alternatives import compile_alternative
from errors.search.paste import unwrap
from errors.search.query import Query
from errors.search.templates import RUN_SCORE, MessagePattern
from errors.search.text import normalise_text
from tests.searching import search

# --- URLs are values --------------------------------------------------------


def test_a_paste_with_a_url_keeps_the_tokeniser_s_cap():
    # The order-free words of a paste with a URL are read without the URL,
    # but no further than those of the same paste without one.
    words = " ".join(f"w{i}x" for i in range(8000))
    plain = Query.parse(words)
    with_url = Query.parse(f"https://example.com/a {words}")
    assert len(with_url.tokens) <= len(plain.tokens) < 8000


def test_words_inside_a_url_do_not_vote(client, make_entry):
    # The host and path of a URL say where the request went, not what failed.
    make_entry(message="Image fetch failed.", code="FetchFailed", slug="fetch")
    make_entry(
        message="Bucket policy denies access to the storage object.",
        code="PolicyDenied",
        slug="policy",
    )
    pasted = (
        "job 7 ended, fetching the image failed: "
        "https://bucket.storage.example.com/bucket/policy/denies/access/object.png"
    )
    results, _ = search(client, pasted)
    assert [r["code"] for r in results][:1] == ["FetchFailed"]
    # Without the URL the same words are an honest description and do count.
    results, _ = search(client, "bucket policy denies access to storage object")
    assert results[0]["code"] == "PolicyDenied"


def test_a_short_message_spelt_out_by_a_url_does_not_win_on_overlap(client, make_entry):
    # Every word of "oss download error." is in the paste, but "oss" only in
    # the URL: the order-free overlap must not count it, so the message the
    # sentence actually says (cut before its last words) comes first.
    make_entry(message="oss download error.", code="OssDownload", slug="oss")
    make_entry(
        message="Failed to download input files.", code="InputFiles", slug="input"
    )
    pasted = (
        "ERROR - generation failed: InvalidParameter - Failed to download "
        "http://media.oss-eu-west-1.example.com/tmp/in.png?OSSAccessKeyId=LTAI5"
    )
    results, _ = search(client, pasted)
    assert [r["code"] for r in results][:1] == ["InputFiles"]


# --- Messages inside sentences ----------------------------------------------


def test_a_sentence_quoting_its_error_is_a_good_match(client, catalogue):
    pasted = (
        "Our Java client logs a connection timeout warning at start, then the "
        "server rejects every request with “Invalid API-key provided” although "
        "the same key works in curl."
    )
    assert "Invalid API-key provided" in unwrap(pasted).messages
    results, body = search(client, pasted)
    assert results[0]["code"] == "InvalidApiKey"
    assert body["search"]["good_match"] is True


def test_single_quotes_and_backticks_around_an_error_but_not_apostrophes():
    pasted = (
        "I don't know why, but the bot gets 'Model not exist.' every time it's called"
    )
    messages = unwrap(pasted).messages
    assert "Model not exist." in messages
    # The apostrophes of "don't ... it's" enclose no candidate.
    assert not any(m.startswith("t know why") for m in messages)
    # Markdown's inline code, as issues and chats quote an error.
    messages = unwrap(
        "Since today every call fails with `Field required: image_url`"
    ).messages
    assert "Field required: image_url" in messages
    # Not the words between two short spans' closing and opening marks.
    messages = unwrap(
        "I set `stream` to true but the API says `model` is wrong"
    ).messages
    assert not any(m.strip().startswith("to true") for m in messages)
    messages = unwrap("I call `chat()` but then the server says `_ssl` is bad").messages
    assert not any(m.strip().startswith("but then") for m in messages)
    # Quotes pair left to right, double ones too.
    messages = unwrap(
        'I set "stream" to true but the API says "model" is wrong'
    ).messages
    assert not any(m.strip().startswith("to true") for m in messages)
    assert (
        "Invalid API key provided" in unwrap("**`Invalid API key provided`**").messages
    )
    # Double quotes are not bound so: a bytes repr quotes its message.
    assert (
        "Invalid API key provided" in unwrap('got b"Invalid API key provided"').messages
    )


def test_braces_in_prose_do_not_hide_its_quoted_error():
    pasted = (
        "We now send `{type, url}` objects in `input.media`, and each task "
        'fails after submit with "Workspace access denied" in the console.'
    )
    assert "Workspace access denied" in unwrap(pasted).messages


def test_quoted_keys_of_broken_json_are_not_messages():
    # In JSON (or a repr) every key and value is quoted: no sentence there.
    pasted = 'failed: {"error_type": "upstream error", "detail": "bad gateway now"'
    messages = unwrap(pasted).messages
    assert "upstream error" not in messages and "bad gateway now" not in messages


def test_an_english_message_inside_a_chinese_sentence_is_a_candidate(client, catalogue):
    pasted = "用qwen-vl传图片的时候报错image format error，图片是从oss下载的png"
    assert "image format error" in unwrap(pasted).messages
    results, body = search(client, pasted)
    assert results[0]["message"] == "image format error"
    assert body["search"]["good_match"] is True


def test_a_status_before_an_english_message_in_chinese_is_peeled_off(
    client, make_entry
):
    # ``503：Your ...`` (a full-width colon, folded to ``:``): the run of
    # English begins with the status, the message after it is a candidate,
    # found inside the documented message, not merely lined up with it.
    make_entry(message="Sorry. Your gadgets are being held due to port congestion.")
    make_entry(message="Sorry. Batch gadgets are being held due to port congestion.")
    pasted = "高峰期 503：Your gadgets are being held due to port congestion 怎么办？"
    assert "Your gadgets are being held due to port congestion" in (
        unwrap(pasted).messages
    )
    results, _ = search(client, pasted)
    assert results[0]["message"].startswith("Sorry. Your gadgets")
    assert results[0]["match"]["kind"] == "template"
    # A run whose prefix is the documented message's own stays whole too.
    make_entry(message="Gadget_pipeline_Error: xxx", code="InternalError.Gadget")
    results, _ = search(
        client, "调用gadget报错 Gadget_pipeline_Error: belt jammed 怎么办"
    )
    assert results[0]["code"] == "InternalError.Gadget"
    assert results[0]["match"]["kind"] == "template"
    assert results[0]["match"]["values"] == ["belt jammed"]


# --- Unicode forms ----------------------------------------------------------


def test_normaliser_folds_full_width_quotes_spaces_and_invisibles():
    assert normalise_text("（４０１）：ｏｋ！") == "(401):ok!"
    assert normalise_text("“a”\u3000‘b’\u200b…") == "\"a\" 'b'..."
    assert normalise_text("a\ufeffb\u00adc\u2060d") == "abcd"


def test_full_width_punctuation_of_a_chinese_locale_client(client, catalogue):
    results, body = search(client, "请求失败（401）：Incorrect API key provided！")
    assert results[0]["code"] == "InvalidApiKey"
    assert body["search"]["good_match"] is True


def test_smart_quotes_and_ideographic_spaces_keep_the_value(client, catalogue):
    results, _ = search(client, "“Range of input length should be [1，\u30008192]”")
    assert results[0]["message"] == "Range of input length should be [1, xxx]"
    assert results[0]["match"]["values"] == ["8192"]


def test_zero_width_characters_inside_words(client, catalogue):
    pasted = (
        "Acc\u200bess de\u200dnied, please make sure your account is in good standing."
    )
    results, body = search(client, pasted)
    assert results[0]["code"] == "Arrearage"
    assert body["search"]["good_match"] is True


def test_documented_side_is_normalised_too(client, make_entry):
    # An admin who types full-width punctuation into a message is matched by
    # a paste in ASCII, and the other way round.
    make_entry(message="Voice quota：xxx voices left！", code="VoiceQuota")
    make_entry(message="Unrelated words entirely.", code="Other")
    results, body = search(client, "Voice quota: 3 voices left!")
    assert results[0]["code"] == "VoiceQuota"
    assert results[0]["match"]["values"] == ["3"]


# --- Truncated messages -----------------------------------------------------


@pytest.mark.parametrize(
    "pasted",
    [
        "Allocated quota exceeded, please increase your…",
        "Error: You exceeded your current quota, please...",
        # cut mid-word at a log's column limit
        "2025-03-04 10:11:12 WARN worker-3 You exceeded your current quota, pleas",
    ],
)
def test_a_cut_message_finds_the_message_it_begins(client, catalogue, pasted):
    results, body = search(client, pasted)
    assert results[0]["code"] == "Throttling.AllocationQuota"
    assert "quota" in results[0]["message"]
    assert results[0]["match"]["kind"] == "template"


@pytest.mark.parametrize(
    ("wanted", "other", "pasted"),
    [
        # The log keeps the first sentence only; the message's rarest words
        # are in the part cut off, so finding its beginning must not depend
        # on them.
        (
            "The batch job has been cancelled. Resubmit it with a smaller input "
            "file from the management console.",
            "Batch job cancelled by the scheduler.",
            "2026-05-01 12:00:01 WARN worker-7 jobs.py:214 The batch job has been "
            "cancelled.",
        ),
        # A value in place of the placeholder, then the column limit.
        (
            "The model xxx does not support the thinking mode of this endpoint.",
            "The model xxx does not exist or you have no access to it.",
            "ERROR chat.py:40 The model qwen-max-latest does not support the thin",
        ),
        # Cut inside a documented number, after the documented URL: neither
        # counts as another value. The other message is this one's opening.
        (
            'I/O error on POST request for "https://api.example.com/v1/chat": '
            "read timeout after 60000 ms",
            'I/O error on POST request for "https://api.example.com/v1/chat"',
            'I/O error on POST request for "https://api.example.com/v1/chat": '
            "read timeout after 600",
        ),
    ],
)
def test_a_log_line_ending_in_a_message_s_beginning(
    client, make_entry, wanted, other, pasted
):
    make_entry(message=wanted, code="Wanted", slug="wanted")
    make_entry(message=other, code="Other", slug="other")
    results, _ = search(client, pasted)
    assert results[0]["code"] == "Wanted"
    assert results[0]["match"]["kind"] == "template"


@pytest.mark.parametrize(
    "pasted",
    [
        "Unsupported sample rate",
        "实时识别一直失败 Unsupported sample rate，我的音频是 44100 的",
    ],
)
def test_a_message_s_first_sentence_whole_leads_but_is_no_good_match(
    client, make_entry, pasted
):
    make_entry(
        message="Unsupported sample rate. The audio must be sampled at 16000 Hz.",
        code="Wanted",
        slug="wanted",
    )
    # Its variant shares the first sentence: the rest tells them apart.
    make_entry(
        message="Unsupported sample rate. The audio must be sampled at 8000 Hz.",
        code="Variant",
        slug="variant",
    )
    make_entry(message="Unsupported audio format.", code="Other", slug="other")
    results, body = search(client, pasted)
    assert {r["code"] for r in results[:2]} == {"Wanted", "Variant"}
    assert results[0]["match"]["kind"] == "template"
    assert body["search"]["good_match"] is False


def test_a_first_sentence_only_one_message_has_is_a_good_match(client, make_entry):
    make_entry(
        message="Invalid gizmo resolution. Its width must be xxx ~ yyy.",
        code="Wanted",
        slug="wanted",
    )
    make_entry(message="Invalid gizmo format.", code="Other", slug="other")
    results, body = search(client, "Invalid gizmo resolution")
    assert results[0]["code"] == "Wanted"
    assert body["search"]["good_match"] is True


def test_a_first_sentence_is_one_of_words_before_more_sentences():
    first = [
        compile_alternative(text).first_sentence
        for text in (
            "Invalid frame rate. It must be 24 or 30.",
            "The model qwen2.5-max is not supported.",  # one sentence
            "Model xxx is not found. Check the name.",  # a value in the first
            "Access denied!  Ask the owner for access.",
        )
    ]
    assert first == ["invalid frame rate", "", "", "access denied"]


def test_a_cut_message_with_a_long_value_never_outscores_a_whole_one():
    pattern = MessagePattern("The model xxx does not exist.")
    long_value = "my very long custom model name one two three four five six"
    cut = pattern.match(f"WARN x.py:1 The model {long_value} does not exi")
    whole = pattern.match("The model qwen-max does not exist.")
    assert cut is not None and cut.score < whole.score
    # Nearly all of a long message with two values, and nothing before it.
    pattern = MessagePattern("Parameter xxx of model yyy does not support the mode.")
    whole = pattern.match(
        "Parameter top_k of model qwen-max does not support the mode."
    )
    cut = pattern.match("Parameter top_k of model qwen-max does not support the mo")
    assert cut.score < whole.score
    # Nor does the beginning of a message whose URL the paste gives another.
    pattern = MessagePattern(
        'I/O error on POST request for "https://a.example/v1": timeout'
    )
    other = 'I/O error on POST request for "https://b.example/v2": '
    assert pattern.match(other + "time").score < pattern.match(other + "timeout").score


def test_a_beginning_is_walked_word_by_word_around_values():
    alternative = compile_alternative("The model xxx does not support enable_thinking.")
    # the, model, does, not, and half of the cut "support".
    beginning = alternative.begins("the model qwen max does not sup".split(), 4)
    assert beginning == (4.5, 1, 0, False)
    # A value that runs to the end says nothing of the words after it.
    assert alternative.begins("the model and then anything at all".split(), 4) is None
    # Nor does a value longer than any placeholder takes.
    assert alternative.begins(["the", "model", *["v"] * 3, "does", "not"], 4)
    assert alternative.begins(["the", "model", *["v"] * 30, "does", "not"], 4) is None
    # The whole message is not a beginning cut short.
    assert (
        alternative.begins("the model qwen does not support enable thinking".split(), 4)
        is None
    )


def test_a_message_followed_by_details_is_that_message(client, catalogue):
    results, body = search(
        client,
        "Request rate increased too quickly. To ensure system stability, please "
        "adjust your client logic to scale requests more smoothly over time. "
        "(trace: gw-17, shard 4, upstream qwen-plus-2025)",
    )
    assert results[0]["code"] == "Throttling.BurstRate"
    assert body["search"]["good_match"] is True


# --- A code typed alone ----------------------------------------------------


def test_among_entries_of_the_paste_s_code_the_words_in_order_decide(
    client, make_entry
):
    # Both carry the code the body names; the body words the first one's
    # message its own way. Its words in order outweigh the other's bag of
    # shared words (widget, support).
    make_entry(code="BadWidget", message="Widget not exist.", slug="absent")
    make_entry(
        code="BadWidget",
        message="This widget only support gadget mode, please enable the gadget "
        "parameter to access the widget.",
        slug="mode",
    )
    results, _ = search(
        client,
        '{"code": "BadWidget", "message": "widget \'w-1\' not found or not supported"}',
    )
    assert results[0]["message"] == "Widget not exist."


def test_a_code_many_entries_carry_names_none_of_them(client, make_entry):
    make_entry(message="The style is invalid.", code="BadInput", slug="style")
    make_entry(message="The size is invalid.", code="BadInput", slug="size")
    make_entry(message="The quota is used up.", code="QuotaGone", slug="quota")
    results, body = search(client, "BadInput")
    assert {r["code"] for r in results} == {"BadInput"} and len(results) == 2
    assert body["search"]["good_match"] is False
    assert body["advice"] is None
    # A code only one entry carries is that entry.
    results, body = search(client, "QuotaGone")
    assert results[0]["slug"] == "quota"
    assert body["search"]["good_match"] is True


# --- OpenAI-compatible codes that are aliases -------------------------------


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("insufficient_quota", "Throttling.AllocationQuota"),
        ("invalid_api_key", "InvalidApiKey"),
        ("limit_requests", "Throttling.RateQuota"),
    ],
)
def test_an_alias_counts_as_strongly_as_the_heading_code(
    client, catalogue, alias, code
):
    body = '{{"error": {{"message": "Request refused by upstream gateway", "code": "{}"}}}}'
    by_alias, _ = search(client, body.format(alias))
    by_code, _ = search(client, body.format(code))
    assert by_alias[0]["code"] == by_code[0]["code"] == code
    assert alias in by_alias[0]["aliases"]
    # The alias names the heading's entries as surely as its code does (it
    # names fewer of them where the code is also filed elsewhere); only the
    # keyword tie-breakers (the code's own words in the paste) may differ.
    assert by_alias[0]["match"]["kind"] == by_code[0]["match"]["kind"] == "code"
    assert by_alias[0]["match"]["score"] >= by_code[0]["match"]["score"] - 0.01


def test_openai_body_with_alias_code_and_longer_message(client, catalogue):
    results, body = search(
        client,
        "openai.AuthenticationError: Error code: 401 - {'error': {'message': "
        "'Incorrect API key provided: sk-12ab****************9f0e. You can find "
        "your API key in the console.', 'type': 'invalid_request_error', "
        "'code': 'invalid_api_key'}}",
    )
    assert results[0]["code"] == "InvalidApiKey"
    assert body["search"]["good_match"] is True


# --- Near misses ------------------------------------------------------------


def test_a_sentence_denying_what_the_message_says_is_no_good_match(client, make_entry):
    make_entry(
        message="This model only supports stream mode.", code="StreamOnly", slug="s"
    )
    # Every word of the sentence is in the message; "not" turns it around.
    _, body = search(client, "streaming is not supported for this model")
    assert body["search"]["good_match"] is False
    # The same words typed as keywords still name it.
    results, body = search(client, "stream mode model")
    assert results[0]["code"] == "StreamOnly"
    assert body["search"]["good_match"] is True
    # A negation the message says too is no contradiction.
    make_entry(
        message="SSML text is not supported at the moment!", code="NoSsml", slug="ssml"
    )
    results, body = search(client, "ssml not supported")
    assert results[0]["code"] == "NoSsml"
    assert body["search"]["good_match"] is True
    # Nor is the same denial worded otherwise.
    make_entry(message="Model can not be found.", code="NoModel", slug="nomodel")
    results, body = search(client, "no model found")
    assert results[0]["code"] == "NoModel"
    assert body["search"]["good_match"] is True


@pytest.mark.parametrize(
    ("typed", "good"),
    [
        ("widget service failed", True),
        ("widget service failed: 500", True),
        # The words are all in the message, but the text names another status.
        ("widget service failed: 400", False),
        ("HTTP 404 widget service failed", False),
    ],
)
def test_keywords_found_whole_are_no_good_match_under_another_status(
    client, make_entry, typed, good
):
    make_entry(
        message="Failed to reach the widget service.", status=500, code="WidgetDown"
    )
    results, body = search(client, typed)
    assert results[0]["code"] == "WidgetDown"
    assert body["search"]["good_match"] is good


def test_keywords_that_many_messages_hold_name_none_of_them(client, make_entry):
    for i, message in enumerate(
        ["Widget quota exhausted.", "Gadget quota exhausted.", "Sprocket quota gone."]
    ):
        make_entry(message=message, code=f"Quota{i}", slug=f"quota-{i}")
    results, body = search(client, "quota")
    assert len(results) == 3
    assert body["search"]["good_match"] is False
    # Words that only one of them holds name it.
    results, body = search(client, "sprocket quota")
    assert results[0]["code"] == "Quota2"
    assert body["search"]["good_match"] is True


def test_one_content_word_off_is_a_near_miss(client, catalogue):
    message = "The input messages do not contain elements with the role of user."
    near = message.replace("messages", "model")
    results, body = search(client, near)
    assert results[0]["message"] == message
    assert body["search"]["good_match"] is False
    # A misspelling of the same word is still the message.
    results, body = search(client, message.replace("messages", "mesages"))
    assert results[0]["message"] == message
    assert body["search"]["good_match"] is True


def test_a_message_with_a_word_left_out_is_no_near_miss(client, make_entry):
    # Nothing typed contradicts the message: a word is only left out.
    make_entry(
        message="Invalid request signing key provided.", code="BadSigningKey", slug="k"
    )
    results, body = search(client, "invalid signing key provided")
    assert results[0]["code"] == "BadSigningKey"
    assert body["search"]["good_match"] is True
    # A word said in place of one of the message's is a near miss.
    _, body = search(client, "invalid session signing key provided")
    assert body["search"]["good_match"] is False
    # Also when the word said in its place is one the message has elsewhere.
    make_entry(
        message="The image width does not meet the model limits.", code="W", slug="w"
    )
    _, body = search(client, "The image width does not meet the image limits.")
    assert body["search"]["good_match"] is False


def test_another_error_code_of_a_family_is_no_good_match(client, make_entry):
    make_entry(message="[gz:]Gizmo return error code: 418", code="G418", slug="a")
    make_entry(message="[gz:]Gizmo return error code: 428", code="G428", slug="b")
    make_entry(message="Gizmo size should be at most 8000 pixels.", code="S", slug="c")
    results, body = search(client, "on_error: [gz:]Gizmo return error code: 414")
    assert {r["code"] for r in results[:2]} == {"G418", "G428"}
    assert body["search"]["good_match"] is False
    results, body = search(client, "on_error: [gz:]Gizmo return error code: 428")
    assert results[0]["code"] == "G428"
    assert body["search"]["good_match"] is True
    # Another number for a documented limit: the same error, another model's.
    results, body = search(client, "Gizmo size should be at most 4096 pixels.")
    assert results[0]["code"] == "S"
    assert body["search"]["good_match"] is True


def test_a_message_about_another_parameter_is_a_near_miss(client, make_entry):
    make_entry(message="Range of gizmo_top_p should be (0.0, 1.0].", code="P", slug="p")
    results, body = search(client, "Range of gizmo_top_logprobs should be (0.0, 1.0].")
    assert results[0]["code"] == "P"  # the closest
    assert body["search"]["good_match"] is False
    # The parameter misspelt is still the message's.
    results, body = search(client, "Range of gizmo_top_pp shuold be (0.0, 1.0].")
    assert results[0]["code"] == "P"
    assert body["search"]["good_match"] is True


# --- The user's own code failing ------------------------------------------------

LOCAL_TRACE = (
    "Traceback (most recent call last):\n"
    '  File "gadgets.py", line 14, in <module>\n'
    "    first = reply.output.items[0]\n"
    "IndexError: tuple index out of range"
)


@pytest.mark.parametrize(
    "text, local",
    [
        (LOCAL_TRACE, "tuple index out of range"),
        (" ".join(LOCAL_TRACE.split()), "tuple index out of range"),  # one line
        # The last exception is the client's, or there is no traceback.
        (LOCAL_TRACE + "\nwidget.errors.ServiceError: tuple index out of range", ""),
        ("IndexError: tuple index out of range", ""),
        ('File "a.py", line 3\nKeyErrorish: x', ""),
        # A source line's ``except KeyError:`` is no exception raised.
        ('File "a.py", line 3\n    except KeyError:\nwidget.Refused: no', ""),
        # An assertion's message is the program's, often the server's.
        ('File "a.py", line 3\nAssertionError: Gadget refused.', ""),
        # Parsing what came back (a model's reply asked for JSON).
        (
            'File "a.py", line 3\njson.decoder.JSONDecodeError: Expecting value: '
            "line 2 column 1 (char 9)",
            "Expecting value: line 2 column 1 (char 9)",
        ),
        # ... wrapped by a library's own exception raised from it.
        (
            LOCAL_TRACE + "\n\nThe above exception was the direct cause of the "
            "following exception:\n\n" + 'File "b.py", line 8\n'
            "gadgetkit.ParseException: Invalid output: [1, 2",
            "tuple index out of range",
        ),
        # ... but a client's exception as the cause is the server's answer,
        (
            'File "a.py", line 3\nwidget.errors.RefusedError: tuple index out of '
            "range\nThe above exception was the direct cause of the following "
            'exception:\nFile "b.py", line 8\ngadgetkit.ParseException: oops',
            "",
        ),
        # ... and so is one raised while handling a local one, further on.
        (
            LOCAL_TRACE + "\n\nThe above exception was the direct cause of the "
            "following exception:\n\n" + 'File "b.py", line 8\n'
            "gadgetkit.ParseException: Invalid output\n\nDuring handling of the "
            "above exception, another exception occurred:\n\n"
            'File "c.py", line 2\ngadget.RemoteError: tuple index out of range',
            "",
        ),
        # pydantic's report of the program's own model, no traceback needed:
        # its fields and errors, not the input it was given.
        (
            "2 validation errors for GadgetSchema\nsize\n  Field required "
            "[type=missing, input_value={'e': 'Gadget refused.'}, input_type=dict]",
            "size\n Field required",
        ),
        # ... up to the next line of another kind (a later log record),
        (
            "WARN 1 validation error for GadgetSchema\nsize\n  Field required "
            "[type=missing]\nERROR gadget call failed: Gadget refused.",
            "size\n Field required",
        ),
        # ... and none when something is raised after it (it was handled).
        (
            "1 validation error for GadgetSchema\nsize\n  Field required\n"
            'File "a.py", line 3\ngadget.RemoteError: Gadget refused.',
            "",
        ),
        # The same report as FastAPI's JSON answer: its messages.
        (
            'proxy says 422 {"detail":[{"type":"missing","loc":["body","size"],'
            '"msg":"Field required","input":{}},{"loc":["query","n"],'
            '"msg":"Input should be a valid integer","type":"int_parsing"}]}',
            "Field required Input should be a valid integer",
        ),
        # ... or printed as a Python dict by the program,
        (
            "errors: [{'type': 'missing', 'loc': ('body', 'size'), "
            "'msg': 'Field required', 'input': {}}]",
            "Field required",
        ),
        # ... and none when a server's error is raised after it.
        (
            'gateway 422 {"detail":[{"loc":["body","size"],"msg":"Field required"}]}\n'
            "gadget.errors.InvalidInput: Field required: size",
            "",
        ),
    ],
)
def test_a_traceback_ending_in_python_s_own_exception_is_local(text, local):
    assert unwrap(text).local_error == local


def test_a_server_message_that_reads_like_a_local_error_is_no_good_match_in_it(
    client, make_entry
):
    make_entry(message="tuple index out of range", code="InternalError.Gadget")
    for text in [LOCAL_TRACE, " ".join(LOCAL_TRACE.split())]:
        results, body = search(client, text)
        assert results[0]["code"] == "InternalError.Gadget"  # still listed
        assert body["search"]["good_match"] is False
    # The server's answer: in its body, or raised by the client.
    for text in [
        '{"code": "InternalError.Gadget", "message": "tuple index out of range"}',
        LOCAL_TRACE.replace("IndexError", "widget.errors.ServiceError"),
    ]:
        results, body = search(client, text)
        assert results[0]["code"] == "InternalError.Gadget"
        assert body["search"]["good_match"] is True, text


def test_another_failure_s_status_and_code_leave_a_local_error_its_own(
    client, make_entry
):
    make_entry(message="tuple index out of range", code="InternalError.Gadget")
    make_entry(message="Requests throttled.", code="Throttled", status=429)
    retried = "WARN gadget call 1/3 failed: 429 Throttled, retrying in 1s\n"
    results, body = search(client, retried + LOCAL_TRACE)
    assert results[0]["code"] == "InternalError.Gadget"
    assert body["search"]["good_match"] is False


def test_a_local_error_beside_the_entry_s_own_code_is_the_server_s(client, make_entry):
    make_entry(message="tuple index out of range", code="InternalError.Gadget")
    printed = (
        '{"code": "InternalError.Gadget", "message": "tuple index out of range"}\n'
    )
    results, body = search(client, printed + LOCAL_TRACE)
    assert results[0]["code"] == "InternalError.Gadget"
    # The server said it (its code is named): the program failed on it after.
    assert body["search"]["good_match"] is True


def frames(source: str) -> str:
    return (
        f'Traceback (most recent call last):\n  File "app.py", line 9\n    {source}\n'
    )


@pytest.mark.parametrize(
    "text",
    [
        # The server's message, then the program failing on what came back.
        "ERROR gadget call failed: tuple index out of range\n"
        + frames("part = reply.output[0]")
        + "TypeError: 'NoneType' object is not subscriptable",
        # The client's exception, then another while handling it.
        frames("reply = gadget.call()")
        + "gadget.errors.Refused: tuple index out of range\n\n"
        "During handling of the above exception, another exception occurred:\n\n"
        + frames("log.error(error)")
        + "NameError: name 'log' is not defined",
        # A source line catching a builtin exception above the client's.
        frames("except KeyError:") + "gadget.errors.Refused: tuple index out of range",
    ],
)
def test_a_server_message_beside_a_local_error_is_still_a_good_match(
    client, make_entry, text
):
    make_entry(message="tuple index out of range", code="InternalError.Gadget")
    results, body = search(client, text)
    assert results[0]["code"] == "InternalError.Gadget"
    assert body["search"]["good_match"] is True


def test_a_client_error_the_catalogue_documents_is_a_good_match_as_raised(
    client, make_entry
):
    # Documented without a status: what a client raises, not a server's
    # message, so the traceback ending in it is answered by it.
    message = "Gadget.call() missing 1 required positional argument: 'parts'"
    make_entry(message=message, code="", status=None)
    results, body = search(client, frames("Gadget.call()") + "TypeError: " + message)
    assert results[0]["message"] == message
    assert body["search"]["good_match"] is True


def test_a_message_found_whole_in_a_post_beats_a_failure_s_stand_in(client, make_entry):
    make_entry(
        message="gizmo stream timeout after 17 seconds.", code="InvalidParameter"
    )
    make_entry(message="Request timed out, please try again later.", code="Timeout")
    post = (
        "gizmo-v2 over websocket in our kiosk app. When the clerk mutes the mic "
        "for a while the task fails, the error says gizmo stream timeout after 17 "
        "seconds. Should we keep sending silent frames?"
    )
    results, body = search(client, post)
    # Said in a post, not pasted alone: first, but no good match on its own.
    assert results[0]["code"] == "InvalidParameter"
    assert body["search"]["good_match"] is False


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # A log line naming the code (and the status), and an earlier failure.
        (
            "ERROR pid=7 code=DataInspectionFailed status=400 user=42 note: earlier "
            "the same user saw failed to upload result on the image step, since fixed",
            "DataInspectionFailed",
        ),
        (
            "ERROR pid=7 code=DataInspectionFailed user=42 note: earlier the same "
            "user saw failed to upload result on the image step, since fixed",
            "DataInspectionFailed",
        ),
        # The code as written, in prose, and what an older version said.
        (
            "after upgrading the sdk the call returns InvalidApiKey while the old "
            "one returned the style is invalid for the same payload",
            "InvalidApiKey",
        ),
        # Nothing else named: the message found is the error.
        (
            "the job log says failed to upload result. after the video was generated",
            "InternalError.Upload",
        ),
    ],
)
def test_a_message_found_in_a_paste_naming_another_error_is_incidental(
    client, catalogue, text, code
):
    # Said among words that name another code or status, a message found
    # whole is an earlier failure, not the paste's error: no floor for it.
    results, body = search(client, text)
    assert results[0]["code"] == code
    assert body["search"]["good_match"] is False


def test_a_message_found_in_a_paste_naming_another_status_is_no_template(
    client, catalogue
):
    text = (
        "after upgrading the sdk the call returns status 401 while the old one "
        "returned the style is invalid for the same payload"
    )
    results, _ = search(client, text)
    style = next(r for r in results if r["message"] == "The style is invalid.")
    assert style["match"]["kind"] == "text"  # its words, not its message
    assert results[0] != style


# --- a run of a long message's words ---------------------------------------

LONG_MESSAGE = (
    "The gadget input does not meet the requirements because: the range of "
    "sequence frames shoule be (4, 512)."
)


def test_a_run_of_a_long_message_s_words_is_strong_evidence():
    pattern = MessagePattern(LONG_MESSAGE)
    run = pattern.match("range of sequence frames shoule be (4, 512)")
    assert run is not None and run.contained
    assert run.score >= RUN_SCORE
    # Fewer words than RUN_WORDS are only their share of the message.
    short = pattern.match("sequence frames shoule be")
    assert short is not None and short.score < RUN_SCORE
    # ... stopwords aside: words that many messages hold name none of them.
    generic = MessagePattern(
        "The gadget is invalid, please upload other image with a whole gadget."
    ).match("please upload other image with a")
    assert generic is not None and generic.contained and generic.score < RUN_SCORE


def test_a_run_of_a_long_message_beats_short_ones_sharing_its_words(client, make_entry):
    make_entry(message=LONG_MESSAGE, slug="long")
    make_entry(message="Range of frames should be [1, 4]", slug="frames")
    make_entry(message="Range of seed should be [0, 99]", slug="seed")
    results, _ = search(client, "range of sequence frames shoule be (4, 512)")
    assert results[0]["slug"] == "long"


def test_http_s_name_for_the_status_is_no_good_match_for_the_same_words(
    client, make_entry
):
    # "Not Found" right after 404 is HTTP's name for it, not the documented
    # message, whatever code is named beside it; said as the message, it is.
    make_entry(message="Not found!", code="NotFound", status=404)
    for code in ["GizmoMissing", "NotFound"]:
        paste = f"Status: 404 (Not Found)\nErrorCode: {code}\nThe gizmo is gone."
        results, body = search(client, paste)
        assert results[0]["code"] == "NotFound"  # still listed
        assert body["search"]["good_match"] is False, code
    # aiohttp's ClientResponseError names the status the same way.
    paste = "gizmo.client ERROR 404, message='Not Found', url='http://gizmo:80/x'"
    results, body = search(client, paste)
    assert results[0]["code"] == "NotFound"
    assert body["search"]["good_match"] is False
    paste = 'HTTP/1.1 404 Not Found\n{"code": "NotFound", "message": "Not found!"}'
    results, body = search(client, paste)
    assert results[0]["code"] == "NotFound"
    assert body["search"]["good_match"] is True


def test_a_message_said_in_pydantic_s_own_report_is_no_good_match(client, make_entry):
    # The server reports a missing field as ``Field required: <name>``; a
    # program's own model failing to build (a tool's arguments) is reported
    # by pydantic on the client, whose line holds the same words.
    make_entry(message="Field required: xxx", code="InvalidParameter")
    report = (
        "Tool failed: 1 validation error for GadgetToolSchema\ngadget_name\n"
        "  Field required [type=missing, input_value={'q': 'x'}, input_type=dict]"
    )
    results, body = search(client, report)
    assert results[0]["code"] == "InvalidParameter"  # still listed
    assert body["search"]["good_match"] is False
    body_text = '{"code": "InvalidParameter", "message": "Field required: gadget_name"}'
    results, body = search(client, body_text)
    assert body["search"]["good_match"] is True
