"""The one enumeration of the API's error codes (`error.code` in every JSON
error body); the OpenAPI document lists it."""

from enum import StrEnum


class ErrorCode(StrEnum):
    """Every `error.code` the API answers with, and its HTTP status."""

    INVALID_PARAMETER = "invalid_parameter"  # 400
    INVALID_PAGE = "invalid_page"  # 400
    INVALID_PAGE_SIZE = "invalid_page_size"  # 400
    INVALID_BODY = "invalid_body"  # 400
    EMPTY_QUERY = "empty_query"  # 400
    NOT_FOUND = "not_found"  # 404
    METHOD_NOT_ALLOWED = "method_not_allowed"  # 405
    BAD_REQUEST = "bad_request"  # 400 (errors/web/failures.py: an unreadable request)
    PAYLOAD_TOO_LARGE = "payload_too_large"  # 413
    URI_TOO_LONG = "uri_too_long"  # 414 (errors/web/guards.py)
    UNSUPPORTED_CHARSET = "unsupported_charset"  # 415
    TOO_MANY_REQUESTS = "too_many_requests"  # 429 (errors/web/throttle.py)
    SERVER_ERROR = "server_error"  # 500 (errors/web/failures.py)
    SERVICE_UNAVAILABLE = "service_unavailable"  # 503 (errors/web/failures.py)
