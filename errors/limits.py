"""Every limit of the pages and the API, declared once.

The FilterSet, the views, the API, the OpenAPI document (and through it the
/api/ page) read these names; README.md quotes them. Byte limits are bytes of
UTF-8, never characters.
"""

# A search text (`q`, or the body of POST /api/v1/search), in UTF-8 bytes:
# a whole traceback fits.
MAX_QUERY_BYTES = 64 * 1024
# The body of POST /api/v1/search, in bytes. A text/plain body is the text
# itself (so MAX_QUERY_BYTES is its limit too); a JSON body may escape a
# character at the limit into six bytes ("\u0001"), so it gets room for that.
MAX_BODY_BYTES = 6 * MAX_QUERY_BYTES + 1024
# The OpenAPI format of such a text. JSON Schema counts characters, the limit
# is in bytes: the format names the measure (UTF-8 text of at most
# `x-max-bytes` bytes); maxLength, the same number in characters, is a true
# bound too (no character takes less than a byte), so a longer string is
# always refused.
TEXT_FORMAT = "utf-8-text"
# Results per page.
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Page numbers: at most nine digits.
MAX_PAGE_NUMBER = 999_999_999
# The `code` filter, in characters (a code is ASCII).
MAX_CODE_CHARS = 200
# The `status` filter: "none" or 100-599, leading zeros and spaces allowed.
MAX_STATUS_CHARS = 10


def utf8_length(text: str) -> int:
    """Bytes of `text` in UTF-8 (a lone surrogate, which no request can
    carry, counts as one)."""
    return len(text.encode("utf-8", errors="replace"))


# "Did this solve it?" (errors/feedback.py): a note's length in characters,
# answers a client may give a day, and the count of "yes" from which the
# entry page says how many it helped.
FEEDBACK_NOTE_CHARS = 500
FEEDBACK_PER_DAY = 20
HELPFUL_SHOWN_FROM = 3
