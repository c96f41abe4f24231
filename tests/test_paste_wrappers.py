"""Unwrapping what is around a message: log levels and prefixes, the
poster's own words, Markdown fences, Go's struct print, percent-encoding,
bodies kept as text inside bodies."""

import json

import pytest

from errors.search.paste import unwrap
from errors.search.query import Query
from tests.searching import search


@pytest.mark.parametrize(
    "line",
    [
        "2025-03-02 10:11:12,013 WARN  [worker-3] retrying: Upstream busy, slow down.",
        "WARNING:root:retrying: Upstream busy, slow down.",
        "[info] retrying: Upstream busy, slow down.",
        "app.client - INFO - retrying: Upstream busy, slow down.",
        # Celery: the level inside the bracketed prefix, after a colon.
        "[2025-03-02 10:11:12,013: WARNING/ForkPoolWorker-3] Retrying: Upstream busy, slow down.",
    ],
)
def test_a_message_only_on_a_lower_level_line_is_minor(line):
    paste = unwrap(
        f"{line}\n2025-03-02 10:11:14,500 ERROR gave up: Quota of the day used up."
    )
    assert "upstream busy, slow down." in paste.minor
    assert "quota of the day used up." not in paste.minor


def test_a_message_also_on_an_error_line_is_not_minor():
    paste = unwrap(
        "WARN retrying: Upstream busy, slow down.\nERROR gave up: Upstream busy, slow down."
    )
    assert "upstream busy, slow down." not in paste.minor
    # What only the WARN line says is still minor.
    assert "retrying: upstream busy, slow down." in paste.minor


def test_a_body_only_on_lower_level_lines_is_minor():
    # The bodies are parsed as objects before the lines are read.
    body = '{{"error": {{"message": "{}", "code": "{}"}}}}'
    paste = unwrap(
        "12:00:01 WARNING Retrying in 2s as it raised BusyError: "
        + body.format("Upstream busy, slow down.", "busy")
        + "\n12:00:05 WARNING Retrying in 4s as it raised GoneError: "
        + body.format("Gizmo is gone for now.", "gone")
        + "\nTraceback (most recent call last):\nsdk.GoneError: "
        + body.format("Gizmo is gone for now.", "gone")
    )
    assert "upstream busy, slow down." in paste.minor
    # Also on the exception's line: what the run ended with.
    assert "gizmo is gone for now." not in paste.minor


def test_a_body_also_on_an_error_line_in_another_case_is_not_minor():
    paste = unwrap(
        "12:00:01 WARNING Retrying in 2s as it raised BusyError: "
        '{"error": {"message": "Upstream busy, slow down."}}\n'
        "12:00:05 ERROR Giving up: upstream busy, slow down."
    )
    assert "upstream busy, slow down." not in paste.minor
    # What only the WARNING line says is still minor.
    assert "12:00:01 warning retrying in 2s as it raised busyerror:" in paste.minor


def test_a_message_a_hard_wrap_broke_over_lines_is_found_whole(client, make_entry):
    opening = "The gadget pose is invalid, please upload another image with"
    make_entry(message=f"{opening} the whole gadget in view.", slug="whole")
    make_entry(message=f"{opening} the gadget turned.", slug="turned")
    pasted = (
        "Gadget.Pose\nThe gadget pose is invalid, please upload another\n"
        "image with the whole gadget in view."
    )
    assert (
        "The gadget pose is invalid, please upload another image with the whole "
        "gadget in view." in unwrap(pasted).messages
    )
    results, _ = search(client, pasted)
    # Each line alone is the beginning of both messages, cut short.
    assert [r["slug"] for r in results] == ["whole", "turned"]
    # Also after many lines of a log, which alone fill the candidates.
    log = "".join(f"12:00:{i:02} INFO step {i} of the job done\n" for i in range(45))
    assert any(
        m.startswith("The gadget pose is invalid, please upload another image")
        for m in unwrap(log + pasted).messages
    )
    # A line that ends a sentence, or a next line in capitals, is not joined.
    for text in (
        "Gadget pose is invalid.\nimage with the whole gadget",
        "Gadget pose is invalid, please upload another\nImage With the gadget",
    ):
        assert not any(
            "invalid" in m and "image" in m for m in unwrap(text).messages[:-1]
        )


@pytest.mark.parametrize(
    "text",
    [
        # One line: there is nothing to prefer it to.
        "WARN retrying: Upstream busy, slow down.",
        # An error level before the word INFO: the word is part of the message.
        "ERROR [main] INFO endpoint said: Upstream busy, slow down.\nfinished",
        # "info" in lower case outside brackets is a word, not a level.
        "see the info: Upstream busy, slow down.\nfinished",
        # A level word inside the message, after an exception's class or the
        # message's first colon, is the message's.
        "sdk.BadRequestError: code 400 - model NOTICE: Upstream busy, slow down.\nend",
        "sdk.Throttled: Upstream busy, slow down. (INFO: see docs)\nend",
        "FAILED: INFO-level Upstream busy, slow down.\nend",
    ],
)
def test_no_minor_messages_without_a_lower_level_line(text):
    assert unwrap(text).minor == frozenset()


def test_a_bare_error_class_in_front_is_peeled():
    # JavaScript throws plain ``Error``: ``Error: 400 <message>`` then frames.
    paste = unwrap(
        "Error: 400 Widget can not be found.\n"
        "    at APIError.generate (/srv/node_modules/sdk/error.js:44:20)"
    )
    assert paste.messages[0] == "Widget can not be found."
    assert paste.statuses == [400]


def test_a_message_of_a_body_on_the_last_line_is_not_minor():
    # The retry was logged at WARNING; the exception's body says the same.
    paste = unwrap(
        "2025-03-02 10:00:00 WARNING sdk._client: Retrying request: Quota of the day used up.\n"
        "sdk.QuotaError: Error code: 429 - {'error': {'message': 'Quota of the day "
        "used up.', 'code': 'DailyQuota'}}"
    )
    assert "quota of the day used up." not in paste.minor


def test_spring_boot_s_log_prefix_is_peeled():
    for line in (
        "2025-03-02 10:11:12.013 ERROR 4242 --- [nio-8080-exec-1] c.e.bot.ChatService"
        "      : Widget can not be found.",
        "2025-03-02T10:11:12.013+08:00 ERROR 4242 --- [bot] [nio-8080-exec-1] "
        "c.e.bot.ChatService : Widget can not be found.",
    ):
        assert unwrap(line).messages[0] == "Widget can not be found."


def test_chatter_after_the_error_comes_after_the_error_s_lines():
    # The last line is the exception in a traceback, but not when it is the
    # poster's own question.
    paste = unwrap(
        "sdk.WidgetError: Widget can not be found.\n\n"
        "Any idea how to fix this? Thanks in advance."
    )
    assert paste.messages[0] == "Widget can not be found."
    # A traceback still gives its last line first.
    paste = unwrap(
        "Traceback (most recent call last):\n"
        '  File "bot.py", line 3, in <module>\n'
        "    ask()\n"
        "sdk.GadgetError: Gadget refused the widget."
    )
    assert paste.messages[0] == "Gadget refused the widget."


def test_a_status_after_failed_and_a_colon():
    assert unwrap("Model request failed: 503").statuses == [503]
    assert unwrap("upload failure: 413").statuses == [413]
    # A version or a time is no status.
    assert unwrap("build failed: 404.2 missing").statuses == []


def test_markdown_code_fences_are_no_part_of_the_paste():
    body = '{"code": "WidgetNotFound", "message": "Widget can not be found."}'
    fenced = unwrap(f"```json\n{body}\n```")
    assert fenced.messages == unwrap(body).messages
    # A body saying only its status's name is that status, fenced or not.
    assert (
        Query.parse('~~~\n{"statusCode": 403, "message": "Forbidden"}\n~~~').status
        == 403
    )


def test_go_s_struct_print_gives_its_fields():
    # fmt's %+v of an error struct: capitalised names, no space after colons.
    paste = unwrap(
        "call failed: &{StatusCode:404 Code:WidgetNotFound "
        "Message:Widget can not be found. RequestID:9f2a-11}"
    )
    assert paste.messages[0] == "Widget can not be found."
    assert "WidgetNotFound" in paste.codes
    assert 404 in paste.statuses


def test_the_last_line_stays_first_whatever_its_words():
    # Only the poster's own words under the error move back, not a last line
    # that happens to hold no error word.
    paste = unwrap(
        "ERROR c.e.Svc : gadget call failed: upstream error (attempt 1 of 2)\n"
        "ERROR c.e.Svc : gadget call failed: upstream error (attempt 2 of 2)\n"
        "The widget bill is overdue."
    )
    assert paste.messages[0] == "The widget bill is overdue."


def test_only_go_s_struct_fields_end_at_a_glued_capitalised_key():
    paste = unwrap("level=error msg=chat failed Error:Widget can not be found.")
    assert "chat failed" not in paste.messages
    assert any(m.endswith("Widget can not be found.") for m in paste.messages)


def test_a_port_after_failed_is_no_status():
    assert unwrap("failed to connect to host:443").statuses == []


def test_a_percent_encoded_message_is_read_decoded_too():
    paste = unwrap(
        "GET /callback?state=failed&error_message=Widget%20can%20not%20be%20found"
        "%2C%20try%20another%20one. 400"
    )
    assert any(
        m.startswith("Widget can not be found, try another one.")
        for m in paste.messages
    )
    # A stray escape or two is no encoding: nothing is decoded.
    assert unwrap("100%25 sure: Widget can not be found.").messages[0] == (
        "100%25 sure: Widget can not be found."
    )


def test_a_qualified_exception_class_gives_its_simple_name_a_candidate():
    # Some documented messages begin with a class's simple name; the line
    # peeled of its prefix has lost it, and a wrapping exception hides it.
    paste = unwrap(
        "org.acme.sdk.CallException: io.netty.GatewayException: "
        "Gateway refused the tunnel/10.1.2.3:8443\n"
        "\tat org.acme.sdk.Client.send(Client.java:124)"
    )
    # Only the innermost class (the wrapper's name is no documented
    # message's), once, apart from the paste's own candidates.
    assert paste.classed == [
        "GatewayException: Gateway refused the tunnel/10.1.2.3:8443"
    ]
    assert not any(
        m.startswith(("GatewayException: ", "CallException: ")) for m in paste.messages
    )


def test_class_candidates_never_crowd_out_the_message_of_a_long_trace(
    client, make_entry
):
    make_entry(message="Widget quota of the day used up.", code="Quota", slug="q")
    causes = "".join(
        f"Caused by: org.acme.layer{i}.Wrap{i}Exception: "
        f"org.acme.inner{i}.Inner{i}Exception: step {i} failed at stage {i}\n"
        f"\tat org.acme.layer{i}.Runner.run(Runner.java:{i + 10})\n"
        for i in range(4)
    )
    results, body = search(
        client,
        "org.acme.ai.CallException: 429 - Widget quota of the day used up.\n" + causes,
    )
    assert results[0]["code"] == "Quota"
    assert body["search"]["good_match"] is True


def test_a_class_candidate_is_matched_however_long_the_trace(client, make_entry):
    # Many candidates before it (a servlet's wrapping, log lines, causes):
    # the message with its class is still matched, at full weight.
    make_entry(message="NoWidgetException: Can not find the widget.", code="NoWidget")
    lines = [
        "2026-03-02 10:15:01.123 ERROR 4242 --- [nio-8080-exec-1] o.a.c.c.C.[.[.[/]."
        "[dispatcherServlet] : Servlet.service() threw exception",
        "org.acme.web.NestedServletException: Request processing failed; nested "
        "exception is org.acme.widgets.NoWidgetException: Can not find the widget.",
    ] + [
        f"Caused by: org.acme.layer{i}.Wrap{i}Exception: org.acme.widgets."
        f"NoWidgetException: Can not find the widget. (step {i} of the request)"
        for i in range(4)
    ]
    results, body = search(client, "\n".join(lines))
    assert results[0]["code"] == "NoWidget"
    assert body["search"]["good_match"] is True


@pytest.mark.parametrize(
    "text",
    [
        "org.acme.GatewayError: Gateway refused the tunnel",  # an Error reads as words
        "see docs.example.com: Gateway refused the tunnel",  # not a class
        "org.acme.sdk.GatewayException:Gateway refused",  # no space: a key
    ],
)
def test_only_a_qualified_class_before_a_colon_adds_a_candidate(text):
    assert unwrap(text).classed == []


def test_a_message_documented_with_its_class_wins_inside_a_wrapped_trace(
    client, make_entry
):
    make_entry(
        message="GatewayException: Gateway refused the tunnel",
        code="GatewayRefused",
        slug="gateway",
    )
    make_entry(
        # The words a timeout in a trace stands for (errors.search.client_failures).
        message="Request timed out, please try again later.",
        code="TunnelTimeout",
        slug="idle",
    )
    results, _ = search(
        client,
        "org.acme.sdk.CallException: io.netty.GatewayException: "
        "Gateway refused the tunnel/10.1.2.3:8443\n"
        "\tat org.acme.sdk.Client.send(Client.java:124)\n"
        "Caused by: io.netty.GatewayException: Gateway refused the tunnel/10.1.2.3:8443\n"
        "Caused by: java.net.SocketException: Connection timed out: connect",
    )
    assert results[0]["code"] == "GatewayRefused"


def test_a_body_kept_as_text_in_a_field_of_another_is_read_too():
    # An SDK keeps the server's answer as a string of the error it throws.
    inner = json.dumps({"error": {"message": "Widget quota of the month used up"}})
    outer = json.dumps({"name": "CallError", "statusCode": 429, "responseBody": inner})
    paste = unwrap(f"ERROR job=7 error={outer} stream error")
    assert paste.messages[0] == "Widget quota of the month used up"
    assert paste.statuses == [429]


def test_bodies_kept_as_text_are_read_only_a_few_levels_deep():
    def nested(levels: int) -> str:
        body = json.dumps({"message": "Widget quota of the month used up"})
        for level in range(levels):
            body = json.dumps({f"raw{level}": body})
        return body

    assert "Widget quota of the month used up" in unwrap(nested(2)).messages
    # Far enough in, the text is not read (a bound on the work), and nothing fails.
    assert "Widget quota of the month used up" not in unwrap(nested(6)).messages


def test_a_message_in_brackets_after_error_is_a_candidate():
    paste = unwrap(
        "> hi\n  ⎿  API Error (Widget socket closed.) · Retrying in 1 seconds… "
        "(attempt 1/10)\n  ⎿  API Error (Widget socket closed.) · Retrying in 2 seconds…"
    )
    assert "Widget socket closed." in paste.messages
    # A call's argument is no message.
    assert "code" not in unwrap("then raise error(code) again").messages


def test_a_message_in_brackets_after_error_finds_its_entry(client, make_entry):
    make_entry(message="Widget socket closed.", code="SocketClosed", slug="closed")
    make_entry(
        message="Retry budget of the widget spent.", code="Retries", slug="retry"
    )
    results, body = search(
        client,
        "  ⎿  API Error (Widget socket closed.) · Retrying in 4 seconds… (attempt 3/10)",
    )
    assert results[0]["code"] == "SocketClosed"
    assert body["search"]["good_match"] is True


def test_a_form_body_encoded_inside_a_logged_query_string_is_read_decoded():
    # The body was form-encoded, then the whole logged again as a parameter.
    paste = unwrap(
        "breadcrumb http.response status=400 body=code%3DWidgetGone%26message%3D"
        "Widget%2Bcan%2Bnot%2Bbe%2Bfound%252C%2Btry%2Banother%2Bone.%26id%3D7"
    )
    assert any(
        m.startswith("Widget can not be found, try another one.")
        for m in paste.messages
    )
    assert "WidgetGone" in paste.codes


def test_a_next_line_opening_with_a_name_continues_no_sentence():
    # A column (``worker-2 | ...``, ``worker | ...``), a setting, a path:
    # names, not the rest of a sentence broken over two lines.
    names = (
        "worker-2 | next",
        "worker | next",
        "timeout=7",
        "src/app.py",
        "api-2 exited",
    )
    for name in names:
        text = f"Upstream busy, the job was started\n{name} line"
        messages = unwrap(text).messages[:-1]
        assert not any("started" in m and "line" in m for m in messages)
    # A hyphenated word goes on with the sentence.
    text = "The gadget must be set to false for\nnon-streaming calls"
    joined = "The gadget must be set to false for non-streaming calls"
    assert joined in unwrap(text).messages


COMPOSE_LOG = (
    "api-1      | 2025-05-01 10:00:00,001 INFO request started\n"
    "worker-1   | 2025-05-01 10:00:00,020 INFO job 7 queued\n"
    "api-1      | Traceback (most recent call last):\n"
    """api-1      |   File "/srv/app/views.py", line 12, in answer\n"""
    "api-1      |     reply = client.call(prompt)\n"
    "api-1      | widget.GadgetError: The gadget quota of this widget is used up.\n"
    'nginx-1    | 10.0.0.1 - - "POST /answer HTTP/1.1" 500 12\n'
)


def test_a_container_log_is_read_without_its_service_column(client, make_entry):
    paste = unwrap(COMPOSE_LOG)
    # The traceback under the column is one: its frames go, its exception
    # line gives the message.
    assert "The gadget quota of this widget is used up." in paste.messages
    assert not any("views.py" in m or "api-1" in m for m in paste.messages[:-1])
    make_entry(message="The gadget quota of this widget is used up.", slug="quota")
    make_entry(message="The gadget is busy, try again later.", slug="busy")
    results, _ = search(client, COMPOSE_LOG)
    assert results[0]["slug"] == "quota"


@pytest.mark.parametrize(
    "text",
    [
        # A table's first column, names that never recur.
        "name | value\nwidget | 3\ngadget | 4",
        # A lone pipe in a line.
        "widget | gadget failed\nsomething else",
        # A name that recurs, but heads fewer than half the lines.
        "api | one\napi | two\nplain line\nanother line\na third line",
        # A logger's level column, which says which lines are lesser.
        "WARNING | retrying: widget busy\nWARNING | retrying: widget busy\n"
        "ERROR | gadget failed",
    ],
)
def test_text_that_is_no_container_log_keeps_its_columns(text):
    assert unwrap(text).text == text
