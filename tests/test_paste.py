"""Unwrapping what users paste: JSON bodies, exceptions, logs, traces."""

import random
import time

import pytest

from errors.paste import MAX_TEXT, unwrap


def test_json_body():
    paste = unwrap(
        '{"code":"InvalidParameter","message":"Presence_penalty should be in [-2.0, 2.0]",'
        '"request_id":"0c9d8e7f-1111-2222-3333-444455556666"}'
    )
    assert paste.messages[0] == "Presence_penalty should be in [-2.0, 2.0]"
    assert paste.codes == ["InvalidParameter"]
    # The whole text always comes last.
    assert paste.messages[-1].startswith('{"code":"InvalidParameter"')


def test_python_dict_repr_after_error_code():
    paste = unwrap(
        "Error code: 400 - {'error': {'code': 'invalid_parameter_error', 'param': None, "
        "'message': 'This model does not support enable_search.', 'type': 'invalid_request_error'}}"
    )
    assert paste.messages[0] == "This model does not support enable_search."
    assert paste.statuses == [400]
    assert "invalid_parameter_error" in paste.codes
    # ``type`` is a category, not the code.
    assert "invalid_request_error" not in paste.codes


def test_sdk_angle_prefix_gives_status_code_and_its_tails():
    paste = unwrap(
        '<400> InternalError.Algo.InvalidParameter: The incremental_output parameter must be "true" when enable_thinking is true'
    )
    assert paste.statuses == [400]
    assert paste.codes[0] == "InternalError.Algo.InvalidParameter"
    assert "InvalidParameter" in paste.codes
    assert paste.messages[0] == (
        'The incremental_output parameter must be "true" when enable_thinking is true'
    )


def test_java_exception_with_status_code_json():
    paste = unwrap(
        'com.alibaba.dashscope.exception.ApiException: {"statusCode":400,"message":'
        '"parameter.enable_thinking must be set to false for non-streaming calls",'
        '"code":"InvalidParameter","isJson":true,"requestId":"cb57ead7-9455-4db0-9dfa-76c41cdd5a06"}'
    )
    assert paste.messages[0] == (
        "parameter.enable_thinking must be set to false for non-streaming calls"
    )
    assert paste.statuses == [400]
    assert paste.codes == ["InvalidParameter"]


def test_spring_exception_with_java_frames():
    paste = unwrap(
        "org.springframework.ai.retry.NonTransientAiException: 400 - "
        '{"request_id":"8b67ed82-c276-9b9f-b7b4-93fa0fd9808b","code":"InvalidParameter",'
        '"message":"Required parameter(Prompt) missing or invalid, please check the request parameters."}\n'
        "\tat org.springframework.ai.autoconfigure.retry.SpringAiRetryAutoConfiguration$2.handleError("
        "SpringAiRetryAutoConfiguration.java:100)\n"
        "\tat org.springframework.web.client.StatusHandler.lambda$fromErrorHandler$1(StatusHandler.java:71)"
    )
    assert paste.messages[0] == (
        "Required parameter(Prompt) missing or invalid, please check the request parameters."
    )
    assert paste.statuses == [400]
    assert not any("StatusHandler" in m for m in paste.messages)


def test_python_traceback_keeps_the_exception_line():
    paste = unwrap(
        "Traceback (most recent call last):\n"
        '  File "app.py", line 12, in <module>\n'
        '    resp = client.chat.completions.create(model="qwen-plus", messages=msgs)\n'
        "openai.AuthenticationError: Error code: 401 - {'error': {'message': "
        "'Invalid API-key provided.', 'type': 'invalid_request_error', 'param': None, "
        "'code': 'invalid_api_key'}}"
    )
    assert paste.messages[0] == "Invalid API-key provided."
    assert paste.statuses == [401]
    assert paste.codes == ["invalid_api_key"]
    assert not any("client.chat" in m for m in paste.messages)


def test_plain_python_exception_after_traceback():
    paste = unwrap(
        "Traceback (most recent call last):\n"
        '  File "x.py", line 3, in <module>\n'
        "    call()\n"
        "dashscope.common.error.InvalidInput: The audio is empty"
    )
    assert "The audio is empty" in paste.messages


def test_javascript_frames_are_dropped():
    paste = unwrap(
        "APICallError [AI_APICallError]: <400> InternalError.Algo.InvalidParameter: "
        "'messages' must contain the word 'json' in some form, to use 'response_format' of "
        "type 'json_object'.\n"
        "    at <anonymous> (/Users/x/node_modules/@ai-sdk/provider-utils/src/response-handler.ts:59:16)"
    )
    assert paste.messages[0] == (
        "'messages' must contain the word 'json' in some form, to use 'response_format' "
        "of type 'json_object'."
    )
    assert not any("response-handler" in m for m in paste.messages[:-1])


def test_log_line_key_values():
    paste = unwrap(
        "2026-03-02 10:15:01 ERROR dashscope - code=DataInspectionFailed "
        "message=Output data may contain inappropriate content."
    )
    assert paste.messages[0] == "Output data may contain inappropriate content."
    assert paste.codes == ["DataInspectionFailed"]


def test_loguru_style_log_line():
    paste = unwrap(
        "2025-03-09 17:13:12.901 | ERROR    | app.llm:ask_tool:260 - API error: Error code: "
        "400 - {'error': {'code': 'invalid_parameter_error', 'message': 'This model only "
        "support stream mode, please enable the stream parameter to access the model. ', "
        "'param': None, 'type': 'invalid_request_error'}, 'request_id': "
        "'8eeb3d9a-ae59-92bb-8009-d503683b0801'}"
    )
    assert paste.messages[0] == (
        "This model only support stream mode, please enable the stream parameter to "
        "access the model."
    )
    assert paste.statuses == [400]


def test_unquoted_key_values_in_an_exception():
    paste = unwrap(
        "requests.exceptions.HTTPError: HTTP error occurred: status_code: 403 "
        "code: AccessDenied message: Access denied.."
    )
    assert paste.messages[0] == "Access denied.."
    assert paste.statuses == [403]
    assert paste.codes == ["AccessDenied"]


def test_debugger_dump_of_keys_and_values():
    paste = unwrap(
        "'status_code':\n400\n'request_id':\n'17f9c41d-fbbd-9a78-a35e-e36dcb774c23'\n"
        "'code':\n'DataInspectionFailed'\n'message':\n'Input data may contain inappropriate content.'"
    )
    assert paste.messages[0] == "Input data may contain inappropriate content."
    assert paste.statuses == [400]
    assert paste.codes == ["DataInspectionFailed"]


def test_chat_client_banner_and_retry_hint():
    paste = unwrap(
        '✕ [API Error: 400 <400> InternalError.Algo.InvalidParameter: messages with role "tool" '
        'must be a response to a preceeding message with "tool_calls".] (Press Ctrl+Y to retry)'
    )
    assert (
        'messages with role "tool" must be a response to a preceeding message with "tool_calls".'
        in paste.messages
    )
    assert paste.statuses == [400]


def test_banner_without_code():
    paste = unwrap(
        "✕ [API Error: OpenAI API error: 400 Access denied, please make sure your account "
        "is in good standing.]"
    )
    assert (
        "Access denied, please make sure your account is in good standing."
        in paste.messages
    )
    assert paste.statuses == [400]


def test_bracketed_code_and_provider_prefixes():
    paste = unwrap(
        "Error from provider (Console Go): Upstream request failed: [data_inspection_failed] "
        "<400> InternalError.Algo.DataInspectionFailed: Input text data may contain inappropriate content."
    )
    assert paste.messages[0] == "Input text data may contain inappropriate content."
    assert "data_inspection_failed" in paste.codes
    assert "DataInspectionFailed" in paste.codes


def test_request_id_and_full_width_punctuation():
    paste = unwrap(
        "url error, please check url！ (request id: 2025041411401766447340301436313)"
    )
    assert paste.messages[0] == "url error, please check url!"


def test_machine_translated_json_with_chinese_quotes():
    paste = unwrap(
        "异常：[qwen] 返回错误响应：“{”status_code”：403，“request_id”：“b2ba3fa4-cf62-9e6e-afd2-6b6c55b1e41d”，"
        '“code”：“AccessDenied.Unpurchased”，“message”：“Access模型被拒绝。", "output": null}"'
    )
    assert paste.statuses == [403]
    assert paste.codes[0] == "AccessDenied.Unpurchased"


def test_escaped_quotes_copied_from_inside_a_json_string():
    paste = unwrap(
        '错误信息:AI APl调用失败:400-("request id": "7acceb4f-e222-9f3c-94e9-89e2521a3432",'
        '"code": "InvalidPara...."<400>InternalError.Algo.InvalidParameter: Either \\"prompt\\" '
        'or \\"messages\\" must exist andcannot both be none")'
    )
    assert (
        paste.messages[0]
        == 'Either "prompt" or "messages" must exist andcannot both be none'
    )
    assert 400 in paste.statuses


def test_nested_message_field_is_unwrapped_too():
    paste = unwrap(
        '{"error": {"code": "invalid_parameter_error", "param": null, "message": '
        '"<400> InternalError.Algo.InvalidParameter: This model does not support enable_search.", '
        '"type": "invalid_request_error"}, "provider": "qwen"}'
    )
    assert paste.messages[0] == "This model does not support enable_search."
    assert {"invalid_parameter_error", "InvalidParameter"} <= set(paste.codes)


def test_bare_message_is_returned_as_is():
    paste = unwrap("Range of n should be [1, 4]")
    assert paste.messages == ["Range of n should be [1, 4]"]
    assert paste.statuses == [] and paste.codes == []


def test_bare_status():
    assert unwrap("429").statuses == [429]


def test_nul_bytes_removed_and_text_capped():
    paste = unwrap("Access\x00 denied." + "x" * (MAX_TEXT + 10))
    assert "\x00" not in paste.text
    assert len(paste.text) == MAX_TEXT
    assert paste.text.startswith("Access denied.")


random.seed(20260301)
NASTY = [
    "",
    "   ",
    '"',
    "'",
    "NEAR(",
    "*",
    "-",
    ":",
    "{",
    "}",
    "<",
    "<400>",
    "\\",
    "\x00\x00",
    "🔥💥😭 Access denied. 🙈",
    "'; DROP TABLE errors; -- OR 1=1 /* */ UNION SELECT * FROM x WHERE a MATCH 'b*'",
    'NEAR("a" "b", 3) AND body:foo* OR "unbalanced',
    "{" * 10_000,
    "}" * 10_000,
    "[" * 10_000,
    '{"a":' * 3_000 + "1" + "}" * 3_000,
    "{'a':" * 3_000 + "1" + "}" * 3_000,
    "<400> A: " * 2_000,
    "message: " * 3_000,
    'code="' * 3_000,
    "\\" * 10_000 + '"',
    '\\"' * 5_000,
    "！，：“”‘’。、【】" * 1_000,
    "abc\ud800def",  # a lone surrogate
    "Traceback (most recent call last):\n"
    + '  File "x.py", line 1, in y\n    z()\n' * 500,
    "java.lang.RuntimeException: x\n" + "\tat a.b.C.d(C.java:1)\n" * 3_000,
    "Range of n should be [1, 4] " * 40_000,  # about 1 MB
    "".join(random.choice("ab {}[]\"':\\<>x1\n") for _ in range(1_000_000)),
]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_never_raises_and_stays_fast(text):
    started = time.perf_counter()
    paste = unwrap(text)
    elapsed = time.perf_counter() - started
    assert isinstance(paste.messages, list)
    assert all(isinstance(m, str) for m in paste.messages)
    assert len(paste.text) <= MAX_TEXT
    assert elapsed < 1.0  # typically well under 0.1 s even for these


@pytest.mark.parametrize("value", [None, 12345, b"bytes", ["a", "list"]])
def test_non_string_input(value):
    paste = unwrap(value)
    assert isinstance(paste.text, str)


def test_log_key_values_keep_colons_inside_the_message():
    paste = unwrap(
        "status_code=400, code=InvalidParameter, message=Field required: input.messages"
    )
    assert "Field required: input.messages" in paste.messages
    assert paste.codes[0] == "InvalidParameter" and paste.statuses == [400]
    logged = unwrap(
        "code: AccessDenied message: Access denied. request_id: 7acceb4f-e222"
    )
    assert "Access denied." in logged.messages
