"""Unwrapping what users paste: JSON bodies, exceptions, logs, traces."""

import random

import pytest

from errors.limits import MAX_QUERY_BYTES
from errors.search.paste import unwrap


def test_json_body():
    paste = unwrap(
        '{"code":"InvalidParameter","message":"Parameter top_k be greater than or equal to 0",'
        '"request_id":"5b7e2a10-8c4d-4e21-9f3a-0d6c1b2e7a94"}'
    )
    assert paste.messages[0] == "Parameter top_k be greater than or equal to 0"
    assert paste.codes == ["InvalidParameter"]
    # The whole text always comes last.
    assert paste.messages[-1].startswith('{"code":"InvalidParameter"')


def test_python_dict_repr_after_error_code():
    paste = unwrap(
        "Error code: 404 - {'error': {'code': 'model_not_found', 'param': None, "
        "'message': 'The model `qwen-max-2099` does not exist or you do not have access "
        "to it.', 'type': 'invalid_request_error'}}"
    )
    assert paste.messages[0] == (
        "The model `qwen-max-2099` does not exist or you do not have access to it."
    )
    assert paste.statuses == [404]
    assert "model_not_found" in paste.codes
    # ``type`` is a category, not the code.
    assert "invalid_request_error" not in paste.codes


def test_sdk_angle_prefix_gives_status_code_and_its_tails():
    paste = unwrap(
        "<400> InternalError.Algo.InvalidParameter: Tool names are not allowed to be [search]"
    )
    assert paste.statuses == [400]
    assert paste.codes[0] == "InternalError.Algo.InvalidParameter"
    assert "InvalidParameter" in paste.codes
    assert paste.messages[0] == "Tool names are not allowed to be [search]"


def test_java_exception_with_status_code_json():
    paste = unwrap(
        'com.alibaba.dashscope.exception.ApiException: {"statusCode":429,"message":'
        '"Requests throttling triggered.","code":"Throttling","isJson":true,'
        '"requestId":"e41b7d02-3c5a-4f96-b8e1-7a2d9c0f5b13"}'
    )
    assert paste.messages[0] == "Requests throttling triggered."
    assert paste.statuses == [429]
    assert paste.codes == ["Throttling"]


def test_spring_exception_with_java_frames():
    paste = unwrap(
        "org.springframework.ai.retry.NonTransientAiException: 500 - "
        '{"request_id":"2f6a9c1e-7b3d-4e58-a0c4-d91e5b8f2a67","code":"InternalError.Timeout",'
        '"message":"An internal timeout error has occured during execution, please try again '
        'later or contact service support."}\n'
        "\tat org.springframework.ai.openai.api.OpenAiApi.chatCompletionEntity("
        "OpenAiApi.java:264)\n"
        "\tat org.springframework.web.client.DefaultRestClient$DefaultResponseSpec.toEntity("
        "DefaultRestClient.java:770)"
    )
    assert paste.messages[0] == (
        "An internal timeout error has occured during execution, please try again later "
        "or contact service support."
    )
    assert paste.statuses == [500]
    assert paste.codes[0] == "InternalError.Timeout"
    assert not any("DefaultRestClient" in m for m in paste.messages)


def test_python_traceback_keeps_the_exception_line():
    paste = unwrap(
        "Traceback (most recent call last):\n"
        '  File "/srv/bot/handlers.py", line 88, in reply\n'
        "    completion = await client.chat.completions.create(**kwargs)\n"
        "openai.RateLimitError: Error code: 429 - {'error': {'message': "
        "'You exceeded your current quota, please check your plan and billing details.', "
        "'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}"
    )
    assert paste.messages[0] == (
        "You exceeded your current quota, please check your plan and billing details."
    )
    assert paste.statuses == [429]
    assert paste.codes == ["insufficient_quota"]
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
        "AI_APICallError: <400> InternalError.Algo.InvalidParameter: tool_choice is one "
        'of the strings that should be ["none", "auto"]\n'
        "    at handleFetchError (file:///app/node_modules/ai/dist/index.mjs:1203:11)\n"
        "    at async Promise.all (index 0)\n"
        "    at async runAgent (/srv/agent/src/loop.ts:42:7)"
    )
    assert paste.messages[0] == (
        'tool_choice is one of the strings that should be ["none", "auto"]'
    )
    assert not any("index.mjs" in m or "loop.ts" in m for m in paste.messages[:-1])


def test_log_line_key_values():
    paste = unwrap(
        "2025-11-18T08:42:17Z WARN qwen-client - code=InternalError.Upload "
        "message=Failed to upload result."
    )
    assert paste.messages[0] == "Failed to upload result."
    assert paste.codes[0] == "InternalError.Upload"


def test_loguru_style_log_line():
    paste = unwrap(
        "2025-06-21 09:02:44.118 | ERROR    | worker.tasks:summarise:88 - API error: "
        "Error code: 400 - {'error': {'code': 'invalid_parameter_error', 'message': "
        "'The incremental_output parameter of this model cannot be set to False. ', "
        "'param': None, 'type': 'invalid_request_error'}, 'request_id': "
        "'0b5e8d3a-1f27-9c64-a8d0-3e7b2f9c1a45'}"
    )
    assert paste.messages[0] == (
        "The incremental_output parameter of this model cannot be set to False."
    )
    assert paste.statuses == [400]


def test_unquoted_key_values_in_an_exception():
    paste = unwrap(
        "RuntimeError: call failed: status_code: 400 "
        "code: InvalidParameter message: Request voice is invalid!"
    )
    assert paste.messages[0] == "Request voice is invalid!"
    assert paste.statuses == [400]
    assert paste.codes == ["InvalidParameter"]


def test_debugger_dump_of_keys_and_values():
    paste = unwrap(
        "'status_code':\n429\n'request_id':\n'9a3e5c71-2d8b-4f0e-b6a1-c47d8e2f0b93'\n"
        "'code':\n'Throttling.AllocationQuota'\n'message':\n'Maximum voice-clone voice limit "
        "exceeded.'"
    )
    assert paste.messages[0] == "Maximum voice-clone voice limit exceeded."
    assert paste.statuses == [429]
    assert paste.codes[0] == "Throttling.AllocationQuota"


def test_chat_client_banner_and_retry_hint():
    paste = unwrap(
        "✕ [API Error: 400 <400> InternalError.Algo.InvalidParameter: The result_format "
        'parameter must be "message" when enable_thinking is true] (Press Ctrl+Y to retry)'
    )
    assert (
        'The result_format parameter must be "message" when enable_thinking is true'
        in paste.messages
    )
    assert paste.statuses == [400]


def test_banner_without_code():
    paste = unwrap(
        "✕ [API Error: OpenAI API error: 403 Workspace endpoint access denied.]"
    )
    assert "Workspace endpoint access denied." in paste.messages
    assert paste.statuses == [403]


def test_bracketed_code_and_provider_prefixes():
    paste = unwrap(
        "Provider error (dashscope-proxy): upstream call failed: [model_unavailable] "
        "<503> ModelUnavailable: Model is unavailable, please try again later."
    )
    assert paste.messages[0] == "Model is unavailable, please try again later."
    assert "model_unavailable" in paste.codes
    assert "ModelUnavailable" in paste.codes


def test_request_id_and_full_width_punctuation():
    paste = unwrap(
        "Client disconnected before task finished！ "
        "(request id: 7f3c2a9e-61b4-4d0a-b2c8-5e9f0a1d3b76)"
    )
    assert paste.messages[0] == "Client disconnected before task finished!"
    bracketed = unwrap(
        "SSML text is not supported at the moment！（request id: 20250902153044118823）"
    )
    assert bracketed.messages[0] == "SSML text is not supported at the moment!"


def test_machine_translated_json_with_chinese_quotes():
    paste = unwrap(
        "错误：[通义] 接口返回：“{”status_code”：429，“request_id”：“c5d0e7a2-4b19-9f3e-8a6c-1e2d7f4b9a30”，"
        '“code”：“Throttling.AllocationQuota”，“message”：“免费额度已用完。", "output": null}"'
    )
    assert paste.statuses == [429]
    assert paste.codes[0] == "Throttling.AllocationQuota"


def test_escaped_quotes_copied_from_inside_a_json_string():
    paste = unwrap(
        'API调用失败:400-("request id": "1d4f8b2e-6a93-9c07-b5e1-8f2a0d7c4e69",'
        '"code": "BadRequest.Emp...."<400>BadRequest.EmptyModel: Required parameter '
        '\\"model\\" missing from request.")'
    )
    assert paste.messages[0] == 'Required parameter "model" missing from request.'
    assert 400 in paste.statuses


def test_nested_message_field_is_unwrapped_too():
    paste = unwrap(
        '{"error": {"code": "invalid_parameter_error", "param": null, "message": '
        '"<400> InternalError.Algo.InvalidParameter: Current language settings are not '
        'supported!", "type": "invalid_request_error"}, "upstream": "bailian"}'
    )
    assert paste.messages[0] == "Current language settings are not supported!"
    assert {"invalid_parameter_error", "InvalidParameter"} <= set(paste.codes)


def test_bare_message_is_returned_as_is():
    paste = unwrap("Range of seed should be [0, 9223372036854775807]")
    assert paste.messages == ["Range of seed should be [0, 9223372036854775807]"]
    assert paste.statuses == [] and paste.codes == []


def test_bare_status():
    assert unwrap("429").statuses == [429]


def test_a_number_followed_by_its_own_status_name_is_that_status():
    pasted = "WebClientException: 429 Too Many Requests from POST https://x.test/v1"
    assert unwrap(pasted).statuses == [429]
    assert unwrap("client: 503 service unavailable, retrying").statuses == [503]
    # Another status's name, or a count of things, is not a status.
    assert unwrap("client: 404 Bad Request from POST /v1").statuses == []
    assert unwrap("uploaded 404 files, Bad Request on the last").statuses == []


def test_nul_bytes_removed_and_text_capped():
    paste = unwrap("Access\x00 denied." + "x" * (MAX_QUERY_BYTES + 10))
    assert "\x00" not in paste.text
    assert len(paste.text) == MAX_QUERY_BYTES
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
    "Range of seed should be [0, 9223372036854775807] " * 20_000,  # about 1 MB
    "".join(random.choice("ab {}[]\"':\\<>x1\n") for _ in range(1_000_000)),
]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_never_raises_and_stays_bounded(text):
    # The work is bounded by counts (tests/test_adversarial.py, the work
    # budget); its timing belongs to `make bench` and `make attack`.
    paste = unwrap(text)
    assert isinstance(paste.messages, list)
    assert all(isinstance(m, str) for m in paste.messages)
    assert len(paste.text) <= MAX_QUERY_BYTES


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
        "code: App.AccessDenied message: App access denied. request_id: 3c9d1e57-a0b2"
    )
    assert "App access denied." in logged.messages
