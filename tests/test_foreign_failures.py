"""A paste whose run ended on another cloud's error or on the runtime's own
failure is no good match for any entry (errors.search.foreign), even when
an entry's words are all there; the closest entries are still listed."""

import pytest

from errors.search.foreign import foreign_failure, other_provider
from tests.searching import search

TRACE = 'Traceback (most recent call last):\n  File "job.py", line 8, in <module>\n'


@pytest.mark.parametrize(
    "text",
    [
        TRACE + "botocore.exceptions.ClientError: An error occurred (AccessDenied) "
        "when calling the GetObject operation: Access Denied",
        TRACE
        + "mylib.UploadFailedError: An error occurred (AccessDenied) when calling "
        "the PutObject operation: Access Denied",
        "Caused by: software.amazon.awssdk.services.s3.model.S3Exception: Access Denied",
        TRACE + "google.api_core.exceptions.PermissionDenied: 403 Permission denied",
        "INFO step 4 done\njava.lang.OutOfMemoryError: Java heap space\n"
        "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)",
        'Exception in thread "main" java.lang.StackOverflowError\n\tat a.B.c(B.java:1)',
        TRACE + "MemoryError",
    ],
)
def test_another_cloud_s_or_the_runtime_s_failure_is_foreign(text):
    assert foreign_failure(text)


@pytest.mark.parametrize(
    "text",
    [
        # A DashScope error raised last, another cloud's only before it.
        "WARN botocore.exceptions.ClientError: throttled\n"
        "com.alibaba.dashscope.exception.ApiException: Access denied.",
        TRACE + "KeyError: 'output'",
        # ... a module's class without Error in its name (Python prints the
        # class as raised, before its message).
        "botocore.exceptions.ClientError: An error occurred (AccessDenied) when "
        "calling the PutObject operation: Access Denied\n"
        "dashscope.common.error.InvalidInput: Access denied.",
        "Access denied.",
        "the OutOfMemoryError docs say nothing about Access denied",
        # A logger's name, not an exception (Python's default log format).
        "WARNING:google.auth._default:No project ID could be determined.\n"
        "ERROR:app:DashScope answered 400 InvalidParameter: Access denied.",
        "INFO:botocore.credentials:Found credentials in environment variables.",
        # A class named inside a server's message, not raised.
        '{"code": "InternalError.Algo", "message": "Embedding_pipeline_Error: '
        'torch.cuda.OutOfMemoryError: CUDA out of memory"}',
    ],
)
def test_our_own_or_no_exception_is_not_foreign(text):
    assert not foreign_failure(text)


def test_no_entry_is_a_good_match_for_a_run_that_ended_on_s3(client, make_entry):
    make_entry(message="Access denied.", code="AccessDenied", status=403)
    paste = (
        "2025-06-11 22:14:07 INFO synthesized 14 segments\n"
        + TRACE
        + "boto3.exceptions.S3UploadFailedError: Failed to upload /tmp/a.mp3 to "
        "feed/a.mp3: An error occurred (AccessDenied) when calling the PutObject "
        "operation: Access Denied"
    )
    results, body = search(client, paste)
    assert results[0]["code"] == "AccessDenied"  # still the closest
    assert body["search"]["good_match"] is False
    # The same words as the portal's own server said them: a good match.
    results, body = search(client, "dashscope.common.error.AuthError: Access denied.")
    assert results[0]["code"] == "AccessDenied"
    assert body["search"]["good_match"] is True


@pytest.mark.parametrize(
    "text",
    [
        'INFO httpx: HTTP Request: POST https://api.openai.com/v1/chat/completions "429"',
        "Incorrect API key provided: sk-proj-***. You can find your API key at "
        "https://platform.openai.com/account/api-keys.",
        "POST https://ark.cn-beijing.volces.com/api/v3/chat/completions 404",
        '"quotaMetric": "generativelanguage.googleapis.com/generate_content_requests"',
        "ollama._types.ResponseError at http://localhost:11434/api/chat",
        "open_webui ERROR 404, url='http://ollama:11434/api/chat'",
        '换成另一家试试 {"error":{"code":"InvalidEndpointOrModel.NotFound"}}',
    ],
)
def test_another_model_provider_answering_is_foreign(text):
    assert other_provider(text)


@pytest.mark.parametrize(
    "text",
    [
        # DashScope named too: a gateway's configuration, a fallback.
        "fallback from https://api.openai.com to dashscope.aliyuncs.com failed: 429",
        # A cloud's other services: the image sent, the log's own keys.
        '{"image_url": "https://storage.googleapis.com/bucket/a.jpg", '
        '"logging.googleapis.com/trace": "t"}',
        "You exceeded your current quota, please check your plan and billing details.",
        "https://api.openai.com.example.org/v1",
        # A migration told in the poster's words names our service too.
        "把 base_url 从 https://api.openai.com/v1 换成百炼的兼容地址后报错：401",
        # A number after a key, no host (Go's %v of a map).
        "usage=map[input_tokens:11434] Range of input length should be [1, 6000]",
    ],
)
def test_our_service_or_no_other_provider_is_not_foreign(text):
    assert not other_provider(text)


def test_no_entry_is_a_good_match_for_another_provider_s_error(client, make_entry):
    make_entry(
        message="You exceeded your current quota, please check your plan.",
        code="Throttling.AllocationQuota",
        status=429,
    )
    body = (
        "{'error': {'message': 'You exceeded your current quota, please check "
        "your plan.', 'type': 'insufficient_quota'}}"
    )
    results, answer = search(client, body)
    assert results[0]["code"] == "Throttling.AllocationQuota"
    assert answer["search"]["good_match"] is True
    results, answer = search(
        client, "POST https://api.openai.com/v1/chat/completions 429\n" + body
    )
    assert results[0]["code"] == "Throttling.AllocationQuota"  # still the closest
    assert answer["search"]["good_match"] is False
