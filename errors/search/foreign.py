"""Failures no catalogue entry explains, however well its words match: the
paste's last raised exception is another cloud's SDK's (``boto3 …
S3UploadFailedError: … An error occurred (AccessDenied) when calling the
PutObject operation: Access Denied``) or the runtime running out of memory
or stack (``java.lang.OutOfMemoryError: Java heap space``), so a DashScope
error logged before it was an earlier failure; or the paste shows another
model provider's API answered (``POST https://api.openai.com/v1/…``, a key
to find at ``platform.openai.com``), which words the same errors alike
(``You exceeded your current quota …``, ``Incorrect API key provided``).
errors.search.confidence then calls no entry a good match; the ranking still
lists the closest.
"""

from __future__ import annotations

import re
from collections import deque

# Other clouds' SDKs (Python and Java packages).
FOREIGN_PACKAGES = (
    r"(?:botocore|boto3|aiobotocore|google\.api_core|google\.auth|google\.cloud"
    r"|azure\.core|azure\.identity|com\.amazonaws|software\.amazon\.awssdk"
    r"|com\.google\.cloud|com\.azure)"
)
FOREIGN_PACKAGE_RE = re.compile(FOREIGN_PACKAGES + r"\.")
# An exception raised, at a line's start as tracebacks print it (after
# Java's ``Caused by:`` or ``Exception in thread "main"``): ``x.y.SomeError:``,
# any class of those packages (``google.api_core.exceptions.
# PermissionDenied: 403 …``), or any class of a module before its message
# (``dashscope.common.error.InvalidInput: …``); never a logger's name
# (``INFO:botocore.credentials:Found credentials``) nor a class named inside
# a message. errors.search.prefixes reads it too.
RAISED_RE = re.compile(
    r'^[^\S\n]*(?:Caused by:[^\S\n]*|Exception in thread "[^"\n]{0,80}"[^\S\n]*)?'
    r"((?:[A-Za-z_][\w$]{0,40}\.){0,8}[A-Z][\w$]{0,60}(?:Error|Exception)"
    rf"|{FOREIGN_PACKAGES}(?:\.[A-Za-z_][\w$]{{0,60}}){{0,7}}\.[A-Z][\w$]{{0,60}}"
    r"|(?:[a-z_][\w$]{0,40}\.){1,8}[A-Z][\w$]{0,60}(?=:))"
    r"(?=:|[^\S\n]*$)",
    re.MULTILINE,
)
# AWS's own wording of a service's refusal, whoever raised it.
AWS_REFUSAL_RE = re.compile(
    r"An error occurred \([\w.]{1,80}\) when calling the \w{1,80} operation"
)
# The runtime itself failing (no server's answer can be why).
RUNTIME_FAILURES = frozenset("OutOfMemoryError StackOverflowError MemoryError".split())
MAX_LINE = 1000  # characters of the last exception's line read


def foreign_failure(text: str) -> bool:
    """Whether the text's last raised exception is another cloud's SDK's or
    the runtime's own (see the module's docstring)."""
    last = deque(RAISED_RE.finditer(text), maxlen=1)
    if not last:
        return False
    name = last[0].group(1)
    if name.rsplit(".", 1)[-1] in RUNTIME_FAILURES:
        return True
    if FOREIGN_PACKAGE_RE.match(name):
        return True
    line = text[last[0].end() : last[0].end() + MAX_LINE].split("\n", 1)[0]
    return AWS_REFUSAL_RE.search(line) is not None


# Other model providers' API hosts and documentation, as their errors and
# clients' logs name them (any host on Ollama's port too), not a cloud's
# other services (``storage.googleapis.com`` may hold the image sent to
# Qwen-VL) ...
OTHER_HOST_RE = re.compile(
    r"(?<![\w.-])(?:api\.openai\.com|platform\.openai\.com|[\w-]+\.openai\.azure\.com"
    r"|api\.anthropic\.com|(?:generativelanguage|[\w-]*aiplatform)\.googleapis\.com"
    r"|ai\.google\.dev|bedrock(?:-runtime)?\.[\w-]+\.amazonaws\.com"
    r"|ark\.[\w-]+\.volces\.com|api\.deepseek\.com|api\.moonshot\.(?:cn|ai)"
    r"|open\.bigmodel\.cn|(?:qianfan|aip)\.baidubce\.com|api\.siliconflow\.(?:cn|com)"
    r"|api\.groq\.com|openrouter\.ai|api\.mistral\.ai|api\.together\.(?:xyz|ai)"
    r"|api\.x\.ai|(?<=//)[\w.-]+:11434|(?:localhost|127\.0\.0\.1):11434)"
    r"(?![\w-]|\.\w)",
    re.IGNORECASE,
)
# ... and codes or packages only one of them uses (Volcano Ark's).
OTHER_MARK_RE = re.compile(r"InvalidEndpointOrModel|volcengine")
# The portal's own service named anywhere, by a host, an SDK or its names:
# then the paste may show several providers (a gateway's configuration, a
# fallback, a migration: "base_url changed from api.openai.com to
# Bailian's"), and the rest decides.
OWN_SERVICE_RE = re.compile(
    r"dashscope|aliyuncs\.com|alibabacloud|aliyun|bailian|model ?studio"
    r"|百炼|阿里云|灵积|通义",
    re.IGNORECASE,
)


def other_provider(text: str) -> bool:
    """Whether the text shows another model provider's API answered, and
    never names DashScope or Alibaba Cloud."""
    named = OTHER_HOST_RE.search(text) or OTHER_MARK_RE.search(text)
    return named is not None and OWN_SERVICE_RE.search(text) is None
