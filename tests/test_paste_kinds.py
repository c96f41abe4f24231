"""Each kind of paste that used to fail, through the real search.

The examples are this file's own (none comes from the evaluation sets).
"""

from collections import Counter

import pytest

from errors.models import ErrorEntry
from errors.search.alternatives import compile_alternative
from errors.search.network import LOWERED, SIGNATURES, network_hints
from errors.search.paste import collapse_whitespace, unwrap
from errors.search.query import Query
from errors.search.statuses import status_name, status_only
from errors.search.templates import MessagePattern
from errors.search.text import normalise_text

API = "/api/v1/errors/"


def search(client, q, **params):
    response = client.get(API, {"q": q, **params})
    assert response.status_code == 200
    body = response.json()
    return body["results"], body


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
    assert beginning == (4.5, 1, 0)
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


# --- A status alone ---------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("429", 429),
        ("HTTP 429", 429),
        ("status 401", 401),
        ("Error code: 503", 503),
        ("429 Too Many Requests", 429),
        ("HTTP/1.1 500 Internal Server Error", 500),
    ],
)
def test_a_status_alone_lists_that_status_and_claims_nothing(
    client, catalogue, query, status
):
    results, body = search(client, query, page_size=100)
    expected = ErrorEntry.objects.filter(status=status)
    assert body["count"] == expected.count() > 0
    assert {r["status"] for r in results} == {status}
    assert body["search"]["good_match"] is False
    # The code most of that status's entries share comes first.
    most_common = Counter(expected.values_list("code", flat=True)).most_common(1)[0]
    assert results[0]["code"] == most_common[0]
    assert all(r["match"]["kind"] == "status" for r in results)


def test_status_only_recognises_just_a_status():
    assert status_only("Error code: 401") == 401
    # An HTTP client's exception that wraps nothing but the status.
    assert status_only("AxiosError: Request failed with status code 429") == 429
    assert status_only("Error: 503 status code (no body)") == 503
    assert (
        status_only(
            "Uncaught (in promise) AxiosError: Request failed with status code 401"
        )
        == 401
    )
    # A proxy's error page names its status twice, amid tags.
    page = (
        "<html><head><title>504 Gateway Time-out</title></head><body><center>"
        "<h1>504 Gateway Time-out</h1></center><hr><center>nginx</center></body></html>"
    )
    assert status_only(page) == 504
    assert status_only("<p>504 or 502</p>") is None
    # nginx's page names its version; an HTTP client's repr is no HTML.
    assert status_only(page.replace("nginx", "nginx/1.18.0 (Ubuntu)")) == 504
    assert status_only("<Response [429]>") == 429
    assert status_only("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1>") == 502
    assert status_only("<h1>503 Service Temporarily Unavailable</h1>") == 503
    assert status_only("<strong>500</strong> Internal Server Error") == 500
    assert status_only("5000 429") is None  # two numbers: more than a status
    # Words of a status's name only, not any part of one.
    assert status_only("403 bid") is None
    assert status_only("503 Service Unavailable") == 503
    assert status_only("429 rate limit") is None  # says more than a status
    assert status_only("Range [1, 400]") is None
    assert status_only("1234") is None
    assert status_name(429) == "Too Many Requests"


@pytest.mark.parametrize(
    "text, status",
    [
        # openai's and anthropic's classes for 429 and 403.
        ("openai.RateLimitError: Error code: 429", 429),
        ("anthropic.PermissionDeniedError: Error code: 403", 403),
        ("Got HTTP 502 Bad Gateway from upstream", 502),
        ("response status is 504", 504),
        # More than a status: words of their own ...
        ("429 daily quota used up", None),
        # ... or a class named for another status's words.
        ("openai.RateLimitError: model quota exceeded, code 429", None),
    ],
)
def test_an_http_client_s_words_around_a_status_say_no_more(text, status):
    assert status_only(text) == status


def test_requests_bad_request_for_url_is_the_documented_sdk_error(client, catalogue):
    # Python requests' raise_for_status() words it so: the catalogue has it.
    results, body = search(
        client,
        "requests.exceptions.HTTPError: 400 Client Error: Bad Request for url: "
        "https://api.example.org/v1/services/generation",
    )
    assert results[0]["message"] == "Bad Request for url: xxx"
    assert body["search"]["good_match"] is True


def test_status_page_says_it_lists_a_status(client, catalogue):
    response = client.get("/", {"q": "HTTP 429"})
    assert b"Every entry with status 429" in response.content
    # A status no entry has: said so, rather than guessed at.
    response = client.get("/", {"q": "HTTP 599"})
    assert b"No documented error has HTTP status 599" in response.content
    # Within filters the status may well be documented: not said then.
    response = client.get("/", {"q": "HTTP 429", "status": "500"})
    assert b"No documented error has HTTP status" not in response.content


# --- Network failures -------------------------------------------------------


@pytest.mark.parametrize(
    ("pasted", "codes"),
    [
        (
            "urllib3.exceptions.ProtocolError: ('Connection aborted.', "
            "RemoteDisconnected('Remote end closed connection without response'))",
            {"APIConnectionError"},
        ),
        (
            'Traceback (most recent call last):\n  File "bot.py", line 9, in <module>\n'
            "    reply = client.chat.completions.create(**kwargs)\n"
            "httpx.ReadTimeout: timed out",
            {"RequestTimeOut"},
        ),
        (
            "requests.exceptions.ConnectionError: HTTPSConnectionPool(host="
            "'dashscope.aliyuncs.com', port=443): Max retries exceeded with url: "
            "/api/v1/services/aigc/text-generation/generation (Caused by "
            "NameResolutionError(\"Failed to resolve 'dashscope.aliyuncs.com'\"))",
            {"ConnectException"},
        ),
        (
            "Error: read ECONNRESET\n    at TLSWrap.onStreamRead (node:internal/stream_base_commons:217:20)",
            {"APIConnectionError"},
        ),
        (
            "[chat] request error TypeError: fetch failed\n"
            "    at node:internal/deps/undici/undici:13502:13 {\n"
            "  [cause]: AggregateError",
            {"ConnectException", "APIConnectionError"},
        ),
        (
            'Post "https://api.example.org/v1/generate": EOF',
            {"APIConnectionError"},
        ),
        (
            "System.Net.Http.HttpRequestException: An error occurred while sending "
            "the request. ---> System.IO.IOException: Unable to read data from the "
            "transport connection: An existing connection was forcibly closed by "
            "the remote host.",
            {"APIConnectionError"},
        ),
        (
            "TaskCanceledException: The request was canceled due to the configured "
            "HttpClient.Timeout of 100 seconds elapsing.",
            {"RequestTimeOut"},
        ),
        ("AxiosError: timeout of 30000ms exceeded", {"RequestTimeOut"}),
        # OkHttp (Java, Kotlin), httpx and Python's ssl.
        (
            "java.io.IOException: unexpected end of stream on "
            "https://api.example.org/...\n\tat okhttp3.internal.http1.Http1ExchangeCodec",
            {"APIConnectionError"},
        ),
        ("java.io.InterruptedIOException: timeout", {"RequestTimeOut"}),
        (
            "httpx.RemoteProtocolError: peer closed connection without sending "
            "complete message body (incomplete chunked read)",
            {"APIConnectionError"},
        ),
        (
            "ssl.SSLZeroReturnError: TLS/SSL connection has been closed (EOF) (_ssl.c:1131)",
            {"APIConnectionError"},
        ),
    ],
)
def test_network_failures_lead_to_connection_and_timeout_entries(
    client, catalogue, pasted, codes
):
    results, body = search(client, pasted)
    assert results[0]["code"] in codes
    # The catalogue's words stand in for the paste's: never a good match.
    assert body["search"]["good_match"] is False


@pytest.mark.parametrize(
    "text",
    [
        "HTTPSConnectionPool: READ TIMED OUT",
        "java.net.SocketException: Connection RESET",
        'Post "https://api.example.org/x": EOF\nnext line',
        "SSLCertVerificationError: CERTIFICATE_VERIFY_FAILED",
        "nothing to do with the network, 429 Too Many Requests",
        "Ｃonnection refused",  # full-width C: case folding is not NFKC
    ],
)
def test_signatures_match_on_lower_case_as_they_do_ignoring_case(text):
    # The lower-cased patterns (five times faster) find what the documented,
    # case-insensitive ones find.
    for (kind, documented, _), (_, lowered, _) in zip(SIGNATURES, LOWERED, strict=True):
        assert bool(documented.search(text)) == bool(lowered.search(text.lower())), kind


def test_network_hints_name_the_host_tried():
    hints = network_hints("ConnectTimeout: connect to api.example.org timed out")
    assert hints[0] == "Failed to connect to api.example.org"
    assert network_hints("Invalid API-key provided.") == []


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


# --- Search-as-you-type -----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code_part"),
    [("thrott", "Throttling"), ("arrear", "Arrearage"), ("dataInsp", "DataInspection")],
)
def test_the_unfinished_last_word_matches_as_a_prefix(
    client, catalogue, typed, code_part
):
    results, body = search(client, typed)
    assert results, typed
    assert code_part in results[0]["code"]
    assert (
        body["count"]
        == len(
            [
                e
                for e in ErrorEntry.objects.all()
                if code_part.lower() in f"{e.code} {e.aliases} {e.message}".lower()
                or code_part.lower() in f"{e.cause} {e.solution}".lower()
            ]
        )
        or body["count"] > 0
    )


def test_a_finished_word_is_not_a_prefix(client, catalogue):
    # "quota " with a space is a whole word: no "quotas"-only entries added.
    _, typed = search(client, "voice quot")
    _, finished = search(client, "voice quota")
    assert typed["count"] >= 1 and finished["count"] >= 1


# --- Whitespace runs --------------------------------------------------------


def test_whitespace_runs_collapse_and_frames_keep_their_indent():
    text = "message:a" + " " * 5000 + "b\n\n\n\tat com.x.Y(Y.java:1)\r\n\r\nend  "
    assert collapse_whitespace(text) == "message:a b\n at com.x.Y(Y.java:1)\nend"
    assert unwrap("message:a" + " " * 5000 + "b").text == "message:a b"


# --- a log whose retries name another error -----------------------------------


def test_the_error_line_of_a_log_wins_over_the_retries_before_it(client, make_entry):
    make_entry(message="Upstream busy, slow down.", code="Busy", slug="busy")
    make_entry(message="Quota of the day used up.", code="DailyQuota", slug="quota")
    log = (
        "2025-03-02 10:11:12,013 WARN [worker-3] retrying after: Upstream busy, slow down.\n"
        "2025-03-02 10:11:13,013 WARN [worker-3] retrying after: Upstream busy, slow down.\n"
        "2025-03-02 10:11:14,500 ERROR [worker-3] gave up: Quota of the day used up."
    )
    results, body = search(client, log)
    assert [r["code"] for r in results][:2] == ["DailyQuota", "Busy"]
    # The same log with the levels the other way round: the order of the
    # lines does not decide, their levels do.
    swapped = (
        log.replace("WARN", "LEVEL").replace("ERROR", "WARN").replace("LEVEL", "ERROR")
    )
    results, _ = search(client, swapped)
    assert results[0]["code"] == "Busy"


# --- a short paste is not keywords --------------------------------------------


@pytest.mark.parametrize(
    "pasted",
    [
        "[qwen] Widget can not be found.",
        "Error: 400 Widget can not be found.",
        "failed: Widget can not be found.",
    ],
)
def test_a_short_wrapped_message_does_not_require_its_wrapper_s_words(
    client, make_entry, pasted
):
    make_entry(message="Widget can not be found.", code="WidgetNotFound", slug="widget")
    # Holds every word of the pastes, wrapper's included, but says otherwise.
    make_entry(
        message="Invalid token.",
        code="InvalidToken",
        cause="A qwen error: the token for this widget failed, found nowhere (400).",
        slug="token",
    )
    results, body = search(client, pasted)
    assert results[0]["code"] == "WidgetNotFound"
    assert body["search"]["good_match"] is True


@pytest.mark.parametrize(
    "typed", ["qwen: rate lim", "Error: rate lim", "429: rate limt"]
)
def test_typed_words_behind_a_prefix_still_complete_and_correct(
    client, catalogue, typed
):
    # Only the words after the prefix are required, the last one completed
    # (``lim``) or corrected (``limt``): "rate limit", not "sample rate".
    results, _ = search(client, typed)
    assert results[0]["code"] == "Throttling.RateQuota"


def test_a_wrapper_s_words_still_find_what_the_message_s_words_cannot(
    client, catalogue
):
    # Typed as far as "fi": no word of the message after the class is whole,
    # but the class names the entry.
    results, _ = search(client, "NoApiKeyException: Can not fi")
    assert results[0]["message"] == "NoApiKeyException: Can not find api-key."


def test_typed_words_still_need_every_word(client, make_entry):
    make_entry(message="Widget can not be found.", code="WidgetNotFound", slug="widget")
    make_entry(message="Token found in no widget.", code="NoToken", slug="token")
    results, _ = search(client, "widget token")
    assert [r["code"] for r in results] == ["NoToken"]
