"""Secrets and personal data taken out of a paste before anything keeps it.

Pastes carry what users would never publish: API keys, Authorization
headers, Alibaba Cloud AccessKeys, signed URLs, e-mail and IP addresses,
request ids. `redact()` replaces each with a marker; the search log
(errors/search_log.py) stores only its output. Order matters: the specific
shapes go first, so that a generic rule never leaves half a key behind.
"""

import re

SECRET = "<redacted>"

RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # JSON Web Tokens and other signed blobs.
    (
        re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"),
        SECRET,
    ),
    # Bearer and Basic credentials, wherever they stand.
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{4,}"), r"\1 " + SECRET),
    # Model Studio keys: sk-…, sk-sp-…, sk-ws-…
    (re.compile(r"\bsk-[A-Za-z0-9_-]{6,}"), "sk-" + SECRET),
    # AccessKey IDs (LTAI…, and STS ones, STS.…).
    (re.compile(r"\b(?:LTAI|STS\.)[A-Za-z0-9.]{8,}"), "<access-key-id>"),
    # Values named as secrets: header, JSON, env-var and query spellings.
    (
        re.compile(
            r"""(?ix)
            ( (?:authorization|x-api-key|api[_-]?key|apikey|access[_-]?key[_-]?(?:id|secret)
              |secret(?:[_-]?access)?[_-]?key|client[_-]?secret|password|passwd|secret
              |security[_-]?token|x-acs-security-token|session[_-]?token|cookie
              |dashscope[_-]?api[_-]?key|access[_-]?token|refresh[_-]?token|token
              |signature|x-oss-signature|sig|key)
              ["']? \s* [:=] \s* ["']? (?:(?:token|bearer|basic|digest)\s+)? )
            (?!<|sk-<|Bearer\s<|Basic\s<)
            [^\s"',;&}<>]{3,}
            """
        ),
        r"\1" + SECRET,
    ),
    # E-mail addresses.
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "<email>"),
    # UUIDs: request and task ids.
    (
        re.compile(
            r"(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"
        ),
        "<id>",
    ),
    # Ids named as such, in any shape.
    (
        re.compile(
            r"(?i)((?:request|req|trace|task|x-request|x-acs-request|eagleeye-trace)"
            r"[_-]?id[\"']?\s*[:=]\s*[\"']?)(?!<)[A-Za-z0-9._-]{6,}"
        ),
        r"\1<id>",
    ),
    # Long hexadecimal runs (ids, hashes).
    (re.compile(r"(?i)\b[0-9a-f]{24,}\b"), "<id>"),
    # IPv4, with an optional port.
    (
        re.compile(
            r"\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b"
        ),
        "<ip>",
    ),
    # IPv6: at least three colons, or a "::".
    (
        re.compile(
            r"(?i)(?<![\w:])(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}(?![\w:])"
            r"|(?<![\w:])(?:[0-9a-f]{1,4}:)+:(?:[0-9a-f]{1,4}:?)*[0-9a-f]{1,4}(?![\w:])"
        ),
        "<ip>",
    ),
)


def redact(text: str) -> str:
    """`text` with every secret and personal value replaced by a marker."""
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text
