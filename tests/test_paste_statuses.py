"""A status alone, and network failures, through the real search.

The examples are this file's own (none comes from the evaluation sets).
"""

import pytest

from errors.models import ErrorEntry
from errors.search.client_failures import LOWERED, SIGNATURES, failure_hints
from errors.search.paste import unwrap
from errors.search.query import Query
from errors.search.statuses import NAMED_STATUSES, status_name, status_only
from errors.search.text import words
from errors.search.wordings import split_alternatives
from tests.searching import search

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
        # HTTP's name for it, no number.
        ("Unauthorized", 401),
        ("requests.exceptions.HTTPError: Forbidden", 403),
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
    # Code by code, in the order the catalogue first documents each.
    catalogue_order = list(
        dict.fromkeys(
            expected.order_by("source_position").values_list("code", flat=True)
        )
    )
    assert list(dict.fromkeys(r["code"] for r in results)) == catalogue_order
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
    # .NET's exception for a status, its class named with its namespace.
    assert (
        status_only(
            "System.Net.Http.HttpRequestException: Response status code does "
            "not indicate success: 404 (Not Found)."
        )
        == 404
    )
    assert status_only("Gadget.Client.HttpOperationException: 429") == 429
    assert status_only("GadgetException: 429") is None  # a class of its own
    assert status_only("400 Gadget.DecoderError") is None  # a code
    # Who answered it, and how often: no more than the status.
    assert status_only("dashscope returns 404") == 404
    assert status_only("keep getting 429 from Bailian") == 429
    assert status_only("dashscope returns 404 model") is None
    assert status_only("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1>") == 502
    assert status_only("<h1>503 Service Temporarily Unavailable</h1>") == 503
    assert status_only("<strong>500</strong> Internal Server Error") == 500
    assert status_only("5000 429") is None  # two numbers: more than a status
    # Words of a status's name only, not any part of one.
    assert status_only("403 bid") is None
    # ... or a slip of one (typed fast), never a short word for another.
    assert status_only("429 too many reqeusts") == 429
    assert status_only("503 Service Unavailabe") == 503
    assert status_only("Eror code: 503") == 503
    assert status_only("429 too many tokens") is None
    # One letter for another makes other words: no slip.
    for text in ["400 width", "500 interval", "404 form", "400 mode"]:
        assert status_only(text) is None, text
    assert status_only("503 Service Unavailable") == 503
    assert status_only("429 rate limit") is None  # says more than a status
    # A number among Chinese words: a status, unless counted or placed.
    assert status_only("报错 502") == 502
    for counted in ["第502行报错", "读了502个字 报错", "返回 502 个结果", "502左右"]:
        assert status_only(counted) is None, counted
    # ... where the "unit" begins a word of its own, or 多次 is "many times".
    for said in [
        "返回502时怎么处理",
        "网页显示502页面",
        "报错502 日志里没有信息",
        "502 次数限制",
        "报502多次",
        "返回502 以下是日志",
    ]:
        assert status_only(said) == 502, said
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


@pytest.mark.parametrize(
    "text, status",
    [
        ("Unauthorized", 401),
        ("Error: Gateway Timeout", 504),
        ("fetch failed: Service Unavailable", 503),
        ("HTTPError: Request Entity Too Large", 413),
        # Words the catalogue documents as messages answer as messages.
        ("Not Found", None),
        ("Internal Server Error", None),
        ("Payload Too Large.", None),
        ("Too Many Requests", None),
        # More than the name, or only part of it.
        ("Unauthorized workspace access", None),
        ("too many", None),
    ],
)
def test_http_s_name_for_a_status_names_it_without_a_number(text, status):
    assert status_only(text) == status


@pytest.mark.parametrize(
    "text, statuses",
    [
        ("API error 401 Invalid key", [401]),
        ("request failed with status 429 after 3 retries", [429]),
        # Not a status: a longer number, a version, a time.
        ("error 4010 in widget", []),
        ("status 404.2 of the build", []),
        ("error 500ms later", []),
    ],
)
def test_a_status_after_error_or_status_needs_no_colon(text, statuses):
    assert unwrap(text).statuses == statuses


@pytest.mark.parametrize(
    "text, statuses",
    [
        ("widget throttled by capacity 503", {503}),
        ("gizmo 418 tts", {418}),
        ("InvalidFile.Size 7000 400", {400}),
        # Not statuses: other numbers, a status named as such, a long text.
        ("timeout after 23 seconds", set()),
        ("engine code 311 and 650", set()),
        ("status: 429 widget 503", {429}),
        ("the widget said 503 " + "and then it went on for a while " * 2, set()),
        # Standing alone, in brackets or ending a sentence: a status.
        ("widget refused (430)", {430}),
        ("widget refused. 430.", {430}),
        # Not a part of a name, a path, an address or a size.
        ("widget refused file_430.wav", set()),
        ("widget refused https://x.cn/430/a.wav", set()),
        ("widget refused at 10.0.0.1:430", set()),
        ("widget refused after 430ms", set()),
        # Nor a count, a measure or a place, in Chinese or in English.
        ("widget 等了430秒", set()),
        ("widget 调了 430 次", set()),
        ("widget 第430行", set()),
        ("widget 传了430多张", set()),
        ("widget 传了430余张", set()),
        ("widget 430左右", set()),
        ("widget refused after 430 seconds", set()),
        ("widget read 430 lines", set()),
        # Among Chinese words typed, standing alone: a status.
        ("widget 报错430 超时", {430}),
        ("widget 状态码 430", {430}),
    ],
)
def test_a_few_words_typed_may_name_a_status_bare(text, statuses):
    assert Query.parse(text).statuses == statuses


def test_a_status_typed_bare_breaks_a_tie(client, make_entry):
    for code, status in [("WidgetBusy", 429), ("WidgetDown", 503)]:
        make_entry(
            message="Requests are throttled due to widget capacity limits.",
            code=code,
            status=status,
            slug=code.lower(),
        )
    for status, code in [(503, "WidgetDown"), (429, "WidgetBusy")]:
        results, _ = search(client, f"throttled due to widget capacity {status}")
        assert results[0]["code"] == code


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("503 wanx2.1-t2i-turbo", (503, "wanx2.1-t2i-turbo")),
        ("qwen3-coder-plus 500", (500, "qwen3-coder-plus")),
        # Whatever names a status alone names it beside a model too.
        ("HTTP 429 qwen-max", (429, "qwen-max")),
        ("Error code: 429 qwen-max", (429, "qwen-max")),
        ("qwen-max: 429 Too Many Requests", (429, "qwen-max")),
        ("qwen-max", None),  # no status
        ("503 widget down", None),  # no model
        # Chinese that only says a call returned it, or a question about it.
        ("调用 qwen-max 返回 503 怎么回事", (503, "qwen-max")),
        ("qwen-max 一直报429", (429, "qwen-max")),
        ("503 qwen-max 你好呀", None),  # more words
        ("503 qwen-max 超时", None),
        ("429 503 qwen-max", None),  # which?
    ],
)
def test_a_status_and_a_model_s_name_and_nothing_more(text, named):
    assert Query.parse(text).model_status == named


def test_a_status_and_a_model_s_name_list_the_status_naming_it_first(
    client, make_entry
):
    for slug, status, code, message in [
        ("big", 400, "InvalidGizmo", "The gizmo is too big for qwen3-vl-plus."),
        ("small", 400, "InvalidGizmo", "The gizmo is too small."),
        ("late", 500, "GizmoLate", "The gizmo of qwen3-vl-plus came late."),
        ("crowd", 429, "GizmoLimit", "Gizmo limit exceeded for this account."),
        ("limit", 429, "GizmoLimit", "Gizmo limit exceeded."),
        ("busy", 429, "GizmoBusy", "Too many gizmos."),
        ("slow", 429, "GizmoBusy", "Too many gizmos for qwen3-vl-plus-latest."),
    ]:
        make_entry(slug=slug, status=status, code=code, message=message)
    # The 429s; the one naming the model (a later version of it) first, then
    # code by code in catalogue order, each code's general message first
    # (here: saying the code's words, as both do), then in catalogue order.
    results, body = search(client, "429 qwen3-vl-plus")
    assert [r["slug"] for r in results] == ["slow", "crowd", "limit", "busy"]
    assert body["search"]["good_match"] is False
    assert all(r["match"]["kind"] == "status" for r in results)
    results, _ = search(client, "HTTP 400: qwen3-vl-plus")
    assert [r["slug"] for r in results] == ["big", "small"]
    # A number no entry has as its status is no status to list.
    results, _ = search(client, "418 qwen3-vl-plus")
    assert {r["slug"] for r in results} == {"big", "late", "slow"}
    page = client.get("/", {"q": "429 qwen3-vl-plus"}).content.decode()
    assert "those that name qwen3-vl-plus first" in page


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        ("our gadget keeps returning 503 at the evening peak, what now", [503]),
        ("got a 429 from the gadget api twice today, any idea why", [429]),
        ("调用gadget接口一直返回429，是不是被限了，求助各位大佬", [429]),
        # Counts of what came back, not statuses.
        ("the gadget api returns 400 tokens at most and then it stops", []),
        ("gadget接口每次返回500条记录就停了，是哪里的限制吗", []),
        ("the gadget api returned 403k tokens before it stopped", []),
        ("we are getting 500 RPM from the gadget api at most", []),
        ("gadget接口返回500字符就截断了，正常吗", []),
        ("gadget接口返回了429，怎么办", [429]),
        ("gadget合成报了个429，怎么办", [429]),
    ],
)
def test_a_status_a_post_says_it_got_is_its_status(text, statuses):
    assert unwrap(text).statuses == statuses


def test_a_status_alone_lists_first_the_entry_with_most_wordings(client, make_entry):
    # Within a code, the entry the vendor documents under several wordings
    # is what the status usually means; then the catalogue's order.
    make_entry(slug="batch", status=404, code="GizmoGone", message="No gizmo batch.")
    make_entry(
        slug="common",
        status=404,
        code="GizmoGone",
        message="Gizmo can not be found. / The gizmo xxx does not exist.",
    )
    make_entry(slug="short", status=404, code="GizmoGone", message="Gone.")
    results, body = search(client, "404")
    assert [r["slug"] for r in results] == ["common", "batch", "short"]
    assert body["search"]["good_match"] is False


def test_a_status_alone_lists_first_the_message_saying_its_code(client, make_entry):
    # The general message of a code says the code's own words; the
    # particular cases name what failed (and are often shorter).
    make_entry(slug="relay", status=500, code="GizmoError", message="relay failed")
    make_entry(
        slug="general",
        status=500,
        code="GizmoError",
        message="A gizmo error has occurred, please try again later.",
    )
    results, _ = search(client, "got a 500 from dashscope")
    assert [r["slug"] for r in results] == ["general", "relay"]
    # The code's words as stems (``throttled`` says ``Throttling``).
    make_entry(slug="slow", status=429, code="Throttling", message="Slow down.")
    make_entry(slug="said", status=429, code="Throttling", message="Gadget throttled.")
    results, _ = search(client, "429")
    assert [r["slug"] for r in results] == ["said", "slow"]


def test_entries_added_by_hand_come_after_the_catalogue_s(client, make_entry):
    # An entry added in the admin has no place in the catalogue: it never
    # decides which code a status begins with, on any database.
    make_entry(slug="own", status=429, code="GizmoOwn", message="Own.")
    make_entry(slug="doc", status=429, code="GizmoDoc", message="Documented.")
    ErrorEntry.objects.filter(slug="own").update(source_position=None)
    ErrorEntry.objects.filter(slug="doc").update(source_position=1)
    results, _ = search(client, "429")
    assert [r["slug"] for r in results] == ["doc", "own"]


def test_a_status_with_more_entries_than_are_ordered_lists_them_all(
    client, make_entry, settings
):
    settings.SEARCH_MAX_RESULTS = 3
    make_entry(slug="own", status=429, code="GizmoBusy")  # added by hand
    for number in range(5):
        make_entry(slug=f"busy-{number}", status=429, code="GizmoBusy")
        ErrorEntry.objects.filter(slug=f"busy-{number}").update(source_position=number)
    ErrorEntry.objects.filter(slug="own").update(source_position=None)
    make_entry(slug="bad", status=400, code="GizmoBad")
    # The first three ordered, then the rest in catalogue order, the entry
    # added by hand last: every 429, counted and faceted whole, page by page.
    listed = []
    for page in (1, 2, 3):
        results, body = search(client, "429", page_size=2, page=page)
        listed += [r["slug"] for r in results]
        assert body["count"] == 6
        assert body["search"]["capped"] is True
        assert [f["count"] for f in body["facets"]["status"]] == [6]
    assert listed == [*(f"busy-{n}" for n in range(5)), "own"]
    page = client.get("/", {"q": "429"}).content.decode()
    assert "6 results for your search" in page
    assert "Every entry with status 429 is listed" in page


def test_numbers_typed_prefer_the_message_documenting_them(client, make_entry):
    for slug, (large, small) in {"big": (7000, 400), "small": (4096, 150)}.items():
        make_entry(
            message=f"Gizmo side must be smaller than {large} and larger than {small}.",
            code="InvalidGizmo",
            slug=slug,
        )
    for typed, slug in [
        ("InvalidGizmo 7000 400", "big"),
        ("InvalidGizmo 150", "small"),
    ]:
        results, _ = search(client, typed)
        assert results[0]["slug"] == slug
    assert Query.parse("gizmo 7000 min 4").typed_numbers == {"7000"}
    assert Query.parse("gizmo 7000 " + "and more words " * 4).typed_numbers == set()
    # A unit aside, a number stands alone; one in a name, path or address
    # documents nothing.
    assert Query.parse("gizmo over 15MB in 300s").typed_numbers == {"15", "300"}
    for text in ["gizmo_7000.png", "https://x.cn/7000/a.png", "gizmo at 10.0.0.1:7000"]:
        assert Query.parse(f"{text} failed").typed_numbers == set(), text


def test_no_status_name_begins_a_documented_message(catalogue):
    # A name that began one would hide it: the search would list the status.
    names = {name: words(name) for name in NAMED_STATUSES}
    for message, aliases in catalogue.values_list("message", "aliases"):
        for wording in [*split_alternatives(message), *aliases.split()]:
            said = words(wording)
            for name, name_words in names.items():
                assert said[: len(name_words)] != name_words, (name, wording)


def test_a_body_whose_message_is_a_status_name_counts_as_that_status():
    assert unwrap('{"message": "Unauthorized", "code": "AuthFailed"}').statuses == [401]
    # A number said outright wins over the name.
    assert unwrap('{"status": 403, "message": "Unauthorized"}').statuses == [403]
    assert unwrap('{"message": "Model not found"}').statuses == []


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
        "WIDGET_API_KEY IS EMPTY",
        "Missing API-Key for the widget client",
    ],
)
def test_signatures_match_on_lower_case_as_they_do_ignoring_case(text):
    # The lower-cased patterns (five times faster) find what the documented,
    # case-insensitive ones find.
    for (kind, documented, _), (_, lowered, _) in zip(SIGNATURES, LOWERED, strict=True):
        assert bool(documented.search(text)) == bool(lowered.search(text.lower())), kind


def test_failure_hints_name_the_host_tried():
    hints = failure_hints("ConnectTimeout: connect to api.example.org timed out")
    assert hints[0] == "Failed to connect to api.example.org"
    assert failure_hints("Invalid API-key provided.") == []


NO_KEY = "Can not find api-key"


@pytest.mark.parametrize(
    "text",
    [
        "Widget API key must be set. Use the property widget.api-key",
        "error: api key is required",
        "AI_LoadAPIKeyError: Widget API key is missing. Pass it as 'apiKey'.",
        "Error: Missing credentials. Please pass an `apiKey`.",
        "ValueError: Did not find widget api key, add it to the environment",
        "RuntimeError: DASHSCOPE_API_KEY not set",
        "WIDGET_API_KEY is not set",
        "request sent without an api key",
        "no api key provided",
        "The API key for widgets is required",
        # Clauses ended by a quote, a bracket or a line's end, not a stop.
        '{"error": "Missing API key"}',
        "ValueError('no api key provided')",
        "Error: no api key provided\n    at main (index.js:3:9)",
        "Missing API key (set WIDGET_API_KEY)",
        "WIDGET_API_KEY environment variable is not set",
        "The WIDGET_API_KEY environment variable is missing or empty; pass it",
        "The api_key client option must be set either by passing api_key",
        "No API key was provided",
        "no API key found in environment",
        "The apiKey field is required",
    ],
)
def test_a_key_never_given_stands_for_the_missing_key_words(text):
    assert NO_KEY in failure_hints(text)


@pytest.mark.parametrize(
    "text",
    [
        "Invalid API-key provided.",
        "api key invalid",
        "The API key has expired.",
        "key is required for the cache entry",
        # Missing or required something else, or no key of some other kind.
        "Using the same api key, missing quota? 403 Access denied",
        "the API key you are using is missing the required permission",
        "no api key rotation configured, got 429",
        "Missing credentials in config, if using AWS_CONFIG_FILE",
        # A server that does not know the key given: a wrong key.
        "api key not found",
        "Your API key is required to be in the same region as the workspace",
        "api key missing permission for the widget",
    ],
)
def test_a_key_given_but_wrong_is_the_api_s_own_error(text):
    assert NO_KEY not in failure_hints(text)


def test_a_key_never_given_leads_to_the_missing_key_entry(client, make_entry):
    make_entry(message="NoKeyError: Can not find api-key.", code="NoKey", slug="nokey")
    make_entry(
        message="Failed to connect to widget.example.com",
        code="WidgetConnect",
        slug="connect",
    )
    results, body = search(
        client,
        "org.example.beans.BeanCreationException: Error creating bean with name "
        "'widgetApi' defined in class path resource [org/example/widget/"
        "WidgetAutoConfiguration.class]: Failed to instantiate: Widget API key "
        "must be set. Use the connection property: widget.api-key",
    )
    assert results[0]["code"] == "NoKey"
    # A stand-in for the paste's words: never a good match.
    assert body["search"]["good_match"] is False
