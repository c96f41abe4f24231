"""Failures on the client's side, told apart from the API's own errors:
the network, and a key never given.

A paste that dies in the network (``RemoteDisconnected``, ``ReadTimeout``,
``Failed to establish a new connection``), or in a client that refuses to
send a request without an API key (Spring AI's ``DashScope API key must be
set``, the Vercel AI SDK's ``AI_LoadAPIKeyError``), never reached the
service, so it holds none of the catalogue's messages. Each kind of failure
is named here by its usual spellings across Python, Java, Go and Node
clients, and stands for the words the catalogue's own entries for it use
(connection, timeout, ``Can not find api-key``); the ranking reads those
words as a weaker stand-in for the paste's message.
"""

from __future__ import annotations

import re

# Where a clause ends: punctuation (a quote, a bracket, a full stop) or the
# line's end, after spaces.
CLAUSE_END = r"(?=[ \t]*(?:[^\w\s]|\n|$))"
# (kind, signature, the catalogue's words for it). Order matters: a timeout
# while connecting is a connection failure first.
SIGNATURES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "connect",
        re.compile(
            r"(?i)failed to establish a new connection|NewConnectionError"
            r"|Connection refused|ECONNREFUSED|ConnectTimeout|connect timed out"
            r"|Failed to connect to|Max retries exceeded|NameResolutionError"
            r"|getaddrinfo|Name or service not known|nodename nor servname"
            r"|Temporary failure in name resolution|UnknownHostException"
            r"|ENOTFOUND|EAI_AGAIN|no such host|ConnectException|ConnectError"
            # Node's fetch (undici) says only this, the cause in a nested error.
            r"|TypeError: fetch failed|UND_ERR_CONNECT_TIMEOUT"
            # The catalogue files certificate trouble under a failed connection.
            r"|CERTIFICATE_VERIFY_FAILED|certificate verify failed|SSLCertVerification"
            r"|SSLHandshakeException|PKIX path building failed|x509:"
            r"|SSL_ERROR_SYSCALL|SSL_connect|Could not resolve host"
            r"|Couldn't connect to server"
        ),
        "Failed to connect",
    ),
    (
        "timeout",
        re.compile(
            r"(?i)ReadTimeout|Read timed out|SocketTimeoutException|TimeoutException"
            r"|timed out|ETIMEDOUT|deadline exceeded|context deadline"
            r"|APITimeoutError|Request timed out|ReadTimeoutError"
            r"|\b(?:request|stream|streaming|response|read|socket|idle) timeout\b"
            # .NET's HttpClient, axios.
            r"|HttpClient\.Timeout|timeout of \d+ ?ms exceeded"
            # OkHttp's call timeout.
            r"|InterruptedIOException: timeout"
        ),
        "Request timed out, please try again later",
    ),
    (
        "dropped",
        re.compile(
            r"(?i)RemoteDisconnected|Remote end closed connection"
            r"|ConnectionResetError|Connection reset|ECONNRESET|Connection aborted"
            r"|ProtocolError|IncompleteRead|ChunkedEncodingError|BrokenPipe"
            r"|EOF occurred in violation of protocol|unexpected EOF|SSLError"
            r"|SSLEOFError|ProxyError|proxy error"
            r"|Unable to connect to proxy|socket hang up|APIConnectionError"
            r"|ServerDisconnectedError|ClientConnectorError|Connection closed"
            r"|UND_ERR_SOCKET|other side closed"
            r"|forcibly closed by the remote host|Connection to remote host was lost"
            r"|Unable to read data from the transport connection"
            # Go's net/http: the connection ended before an answer came.
            r"|(?m:: EOF$)"
            # OkHttp (Java, Kotlin), httpx, Python's ssl.
            r"|unexpected end of stream|StreamResetException|stream was reset"
            r"|peer closed connection|Server disconnected|SSLZeroReturnError"
            r"|TLS/SSL connection has been closed"
        ),
        "Connection error.",
    ),
    (
        # No key at all, as each client words it (a wrong key is the API's
        # own error, ``Invalid API-key provided.``).
        "no_key",
        re.compile(
            # The key (``api key``, ``api-key``, ``WIDGET_API_KEY``), maybe
            # quoted or "for X", then what is wrong with it, at once: a gap
            # across other words would find ``the API key you use is missing
            # a permission``. A bare "required"/"missing" must end the clause
            # (``API key required.``, not ``API key required to be ...``).
            r"(?i)(?:\b|_)api[ _-]?key\b['\"`]?"
            r"(?:\s+(?:field|option|parameter|property|setting|value))?"
            r"(?:\s+(?:for|of)\s+[\w.-]{1,40})?\s*"
            r"(?:must be (?:set|provided|specified|given)"
            r"|(?:is|was) (?:not set|not provided|not configured|not given|empty|none"
            r"|null|undefined)\b"
            rf"|(?:(?:is|was) )?(?:required|missing){CLAUSE_END}"
            r"|(?:not|never) (?:set|provided|configured|given)\b)"
            # No key: found/given/... or the clause ends (``request sent
            # without an api key``), not ``no api key rotation configured``.
            r"|\b(?:missing|no|without|empty)\s+(?:an?\s+)?(?:[\w-]+\s+)?api[ _-]?key"
            rf"(?:\s+(?:(?:was|is)\s+)?(?:provided|given|set|found|configured)\b|{CLAUSE_END})"
            r"|\b[a-z0-9]+_api_key\b['\"`]?\s+(?:environment|env)\s+var(?:iable)?\s+"
            r"(?:is\s+)?(?:not set|missing|empty|undefined)"
            r"|api_key client option must be set"
            r"|did not find\s+(?:[\w-]+\s+)?[\w-]*api[ _-]?key|LoadAPIKeyError"
            # openai-node's words (AWS says "Missing credentials in config").
            r"|Missing credentials\. Please pass"
        ),
        "Can not find api-key",
    ),
)


def _on_lower_case(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` (case-insensitive) as a case-sensitive pattern over
    lower-cased text: the same matches on ASCII text (a few letters fold
    differently, Turkish İ among them), about five times faster (a
    case-insensitive alternation of this size took 10 ms over 16 KB)."""
    source = pattern.pattern.removeprefix("(?i)")
    if re.search(r"\\[A-Z]", source):
        raise ValueError(f"an escape would change meaning lower-cased: {source}")
    return re.compile(source.lower())


# The signatures over lower-cased text, and any of them in one pass: most
# pastes hold none.
LOWERED = tuple((kind, _on_lower_case(p), words) for kind, p, words in SIGNATURES)
ANY_SIGNATURE = re.compile("|".join(f"(?:{p.pattern})" for _, p, _ in LOWERED))
MAX_SCAN = 16 * 1024  # characters of a paste searched for signatures
# Where a client connects when its error does not say: the portal's service,
# Model Studio, answers at this host (the SDKs' default endpoint).
DEFAULT_HOST = "dashscope.aliyuncs.com"
# The host a client was talking to: ``host='x'``, a URL, ``connect to x``.
HOST_RE = re.compile(
    r"(?i)(?:host=['\"]?|https?://|wss?://|connect to )"
    r"([a-z0-9-]+(?:\.[a-z0-9-]+)+)"
)


def failure_hints(text: str) -> list[str]:
    """The catalogue's words for each kind of client-side failure in *text*
    (a failed connection names the host it tried, as the SDKs do)."""
    head = text[:MAX_SCAN]
    lowered = head.lower()
    if not ANY_SIGNATURE.search(lowered):
        return []
    hints = []
    for kind, pattern, words in LOWERED:
        if pattern.search(lowered):
            if kind == "connect":
                host = HOST_RE.search(head)
                words = f"{words} to {host.group(1) if host else DEFAULT_HOST}"
            hints.append(words)
    return hints


__all__ = ["SIGNATURES", "failure_hints"]
