"""A corpus of hostile pastes: shapes that make naive patterns backtrack.

Each shape is built at the largest size a paste may have (64 KB) and at a few
smaller ones; `corpus()` yields (name, text). Used by tests/test_adversarial.py
and scripts/attack.py.
"""

from __future__ import annotations

from errors.limits import MAX_QUERY_BYTES

MAX = MAX_QUERY_BYTES - 64  # characters: under the byte limit for ASCII shapes

MESSAGE = "Range of input length should be [1, 30720]"
ANGLE = "<400> InternalError.Algo.InvalidParameter: "


def fill(unit: str, size: int = MAX) -> str:
    """`unit` repeated to about `size` characters (at least once)."""
    return (unit * (size // max(len(unit), 1) + 1))[:size] if unit else ""


def _shapes() -> dict[str, str]:
    spaces = " " * 2000
    shapes = {
        # Whitespace runs between keys and values, the reported bomb.
        "message-spaces-b": fill("message:a" + spaces + "b\n"),
        "code-tabs": fill("code=" + "\t" * 3000 + "x\n"),
        "msg-nbsp": fill("msg:" + "\u00a0" * 2000 + "y\n", MAX // 2),
        "ideographic-spaces": fill("error:" + "\u3000" * 2000 + "z\n", MAX // 3),
        "spaces-only": " " * MAX,
        "spaces-then-word": " " * (MAX - 10) + "Arrearage",
        "newlines-only": "\n" * MAX,
        "crlf-blank-lines": fill("\r\n \r\n\t\r\n"),
        "message-newlines-b": "message:" + "\n" * (MAX - 20) + "b",
        "vertical-tabs": fill("a\x0b\x0c\x1c"),
        "space-colon": fill(": "),
        "space-dash": fill(" - "),
        "space-equals": fill("a = "),
        "space-key-run": fill(" message " * 3 + spaces),
        "split-separators": fill(": -- --- :"),
        # Brackets and braces, balanced and not.
        "open-brackets": "[" * MAX,
        "open-braces": "{" * MAX,
        "open-parens": "(" * MAX,
        "angles": "<" * MAX,
        "close-all": fill(")]}>"),
        "bracket-words": fill("[" + "a" * 2000),
        "nested-brackets": fill("[a[b[c[d"),
        "brace-quote-key": fill('{"'),
        "brace-key-colon": fill('{"message": '),
        "wrapper-unclosed": fill("✕ [API Error: " + "word " * 400),
        "trailing-groups": fill("(abc) [def] "),
        "paren-words": "(" + fill("abc "),
        # Codes written before their message (paste.CODE_LEAD_RE) and the
        # markers of a quoted reply (paste.QUOTE_MARK_RE).
        "camel-capitals": fill("Aa" + "B" * 2000 + " "),
        "dotted-capitals": fill("A."),
        "snake-capitals": fill("AB_"),
        "code-then-capital": fill("InvalidApiKey Invalid "),
        "quote-markers": fill("> "),
        "quoted-lines": fill(">\n"),
        # Quotes and escapes.
        "double-quotes": '"' * MAX,
        "single-quotes": "'" * MAX,
        "backticks": "`" * MAX,
        "escaped-quotes": fill('\\"'),
        "backslashes": "\\" * MAX,
        "quoted-message-unclosed": fill("message='" + "x " * 1000 + "\n"),
        "quoted-run": fill('"message": "' + "a" * 1999 + '", '),
        "smart-quotes": fill("“‘”’"),
        # Placeholders, numbers, words.
        "xxx-run": fill("xxx "),
        "xxx-glued": fill("xxxMB xxs "),
        "digits": fill("1234567890"),
        "dotted-numbers": fill("1.2.3.4."),
        "hex-ids": fill("deadbeefcafe0123 "),
        "one-long-word": "a" * MAX,
        "camel-run": fill("InvalidParameter"),
        "dotted-code": fill("Invalid.Parameter."),
        "percent-s": fill("%s %d {name} "),
        "urls": fill("https://dashscope.aliyuncs.com/a/b?c=d&e=f "),
        "url-no-space": "https://" + fill("a.", MAX - 8),
        # Unicode.
        "cjk": fill("错误请求参数无效"),
        "cjk-full-width-punct": fill("错误：参数（无效）！"),
        "combining-marks": fill("a\u0301\u0302\u0303\u0304"),
        "zalgo": "e" + "\u0336\u0337\u0338" * (MAX // 3),
        "zero-width": fill("a\u200b\u200c\u200d\ufeff"),
        "rtl-marks": fill("\u202e\u202dabc"),
        "emoji": fill("🔥🚀✅"),
        "full-width-ascii": fill("Ｒａｎｇｅ ｏｆ ｉｎｐｕｔ "),
        "ligatures": fill("ﬁﬂﬃ "),
        "nfkc-expanding": fill("\ufdfa"),
        "nul-bytes": fill("\x00a"),
        "control-chars": fill("".join(chr(c) for c in range(1, 32))),
        # Deep and wide JSON.
        "deep-json-objects": '{"a":' * 5000 + "1" + "}" * 5000,
        "deep-json-arrays": "[" * 20000 + "]" * 20000,
        "deep-dict-repr": "{'a': " * 5000 + "1" + "}" * 5000,
        "wide-json": "{" + ",".join(f'"k{i}": "v"' for i in range(5000)) + "}",
        "many-json-objects": fill('{"message": "m", "code": "c"} '),
        "broken-json": fill('{"message": "unterminated, "code": '),
        "json-long-string": '{"message": "' + "a" * (MAX - 20) + '"}',
        "json-escapes": '{"message": "' + fill("\\u00e9\\n", MAX - 20) + '"}',
        "python-literals": fill("{'a': None, 'b': True, 'c': False} "),
        # Repeated documented messages and wrappers.
        "message-repeated": fill(MESSAGE + " "),
        "message-repeated-lines": fill(MESSAGE + "\n"),
        "angle-repeated": fill(ANGLE + MESSAGE + " "),
        "angle-no-message": fill("<400> "),
        "openai-wrapper-repeated": fill(
            "openai.BadRequestError: Error code: 400 - {'error': {'message': '"
            + MESSAGE
            + "'}} "
        ),
        "key-value-flood": fill("code=X message=Y request_id=Z "),
        "status-flood": fill("status_code: 400 "),
        "error-code-flood": fill("Error code: 429 "),
        "http-status-lines": fill("HTTP/1.1 500 Internal Server Error\n"),
        "bracket-codes": fill("[data_inspection_failed] "),
        "request-ids": fill("request_id: 0c9d-11aa-22bb "),
        "uuids": fill("123e4567-e89b-12d3-a456-426614174000 "),
        # Stack traces and logs.
        "java-frames": fill("\tat com.example.Foo.bar(Foo.java:12)\n"),
        "python-frames": fill('  File "x.py", line 3, in f\n    g()\n'),
        "caused-by-chain": fill("Caused by: java.lang.RuntimeException: x\n"),
        "traceback-headers": fill("Traceback (most recent call last):\n"),
        "log-prefixes": fill("2025-01-01 12:00:00,123 ERROR [main] x.y - \n"),
        "level-flood": fill("ERROR ERROR WARN | "),
        "exception-names": fill("a.b.c.d.e.f.g.h.i.FooError: "),
        "qualified-exceptions": fill(
            "a.AException: b.BException: c.CException: " + MESSAGE + "\n"
        ),
        "qualified-exceptions-long-lines": fill(
            "a.AException: b.BException: c.CException: "
            + fill(MESSAGE + " ", 1900)
            + "\n"
        ),
        # A traceback's frame quotes and exception names, unclosed or unending.
        "frame-quotes-unclosed": fill('File "' + "a" * 400),
        "frame-then-error-names": 'File "a.py", line 1\n'
        + fill("Error" * 13 + "IndexError" + "a" * 50 + "Error:"),
        "api-key-runs": fill("api key api-key API_KEY no api key "),
        "api-key-missing-flood": fill("the api key for x is missing, "),
        "body-in-a-field": fill(
            '{"raw": "{\\"raw\\": \\"{\\\\\\"message\\\\\\": 1}\\"}"} '
        ),
        "error-parens": fill("API Error (" + "word " * 60 + ") "),
        "glossary-terms": fill("欠费免费额度用完了超时限流"),
        "percent-twice": fill("%2525"),
        "percent-twice-words": fill("message%3DRange%2Bof%2Binput%252C%2B"),
        "timestamps": fill("2025-01-01T12:00:00.123456789+08:00 "),
        "thread-names": fill("[pool-1-thread-2] "),
        "network-words": fill("Connection reset ReadTimeout SSLError "),
        "hosts": fill("host='a.b.c.d.e' "),
        # Mixed.
        "mixed-all": fill('{"[(<`\'" \t\n xxx 错 a\u0301 '),
        "alternating-case": fill("aBcDeFgHiJ "),
        "slashes": fill("a/b/c/ "),
        "long-line-then-message": "x" * (MAX - 60) + "\n" + MESSAGE,
        "message-then-long-line": MESSAGE + "\n" + "x" * (MAX - 60),
    }
    return shapes


def corpus() -> list[tuple[str, str]]:
    """Every shape at the full size, and the first twenty at 4 KB too."""
    shapes = _shapes()
    items = list(shapes.items())
    items += [(f"{name}@4k", text[:4096]) for name, text in list(shapes.items())[:20]]
    return items
