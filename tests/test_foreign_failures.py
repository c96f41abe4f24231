"""A paste whose run ended on another cloud's error or on the runtime's own
failure is no good match for any entry (errors.search.foreign), even when
an entry's words are all there; the closest entries are still listed."""

import pytest

from errors.search.foreign import foreign_failure
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
        "Access denied.",
        "the OutOfMemoryError docs say nothing about Access denied",
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
