"""The API described: the OpenAPI 3.1 document of API v1, as it behaves.

Its parameters are the one FilterSet's filters (names, enums, lengths), its
error codes the one `ErrorCode` enumeration, its limits those of
`errors.limits`, and its schemas are in `errors.web.openapi_schemas`; the
status, product and category enums are read from the catalogue when the
document is requested, so they are exactly the values the filters accept.
The human-readable /api/ page (`errors.web.api_docs`) is built from this same
document, and tests/test_schemathesis.py checks it against a live server.
"""

import django_filters
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from errors.filters import ErrorEntryFilter, SearchFilter, StatusFilter
from errors.limits import (
    DEFAULT_PAGE_SIZE,
    MAX_BODY_BYTES,
    MAX_PAGE_NUMBER,
    MAX_PAGE_SIZE,
    MAX_QUERY_BYTES,
    TEXT_FORMAT,
)
from errors.web.error_codes import ErrorCode
from errors.web.failures import RETRY_AFTER_SECONDS
from errors.web.openapi_schemas import ref, schemas

# Django's form fields refuse NUL characters (400).
NO_NUL = "^[^\\u0000]*$"
# What StatusField accepts: "none" or 100-599 (leading zeros allowed, ten
# characters at most), surrounding spaces stripped.
STATUS_PATTERN = "^\\s*(none|0{0,7}[1-5][0-9]{2})?\\s*$"
# POST /search needs some text that is not blank: a character that Python's
# str.strip() keeps (it strips more than the \s of JSON Schema's regexes).
PYTHON_WHITESPACE = "\\t\\n\\u000b\\u000c\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
SEARCH_TEXT_PATTERN = f"[^{PYTHON_WHITESPACE}]"
# Slugs are Django slugs; any other path segment finds nothing (404).
SLUG_PATTERN = "^[-a-zA-Z0-9_]+$"


NOT_MODIFIED = {
    "description": "Not modified: the catalogue is unchanged since the ETag sent in If-None-Match."
}
MOVED = {
    "description": "The entry's slug has changed: `Location` is its address now. Old addresses work for ever.",
    "headers": {
        "Location": {
            "description": "The entry's current API address.",
            "schema": {"type": "string"},
        }
    },
}
SLUG_PARAMETER = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "The entry's slug, as in its `slug` field.",
    "schema": {"type": "string", "pattern": SLUG_PATTERN},
}


def json_content(schema: dict, example=None) -> dict:
    media = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"application/json": media}


def error_response(
    description: str, example_code: str, example_message: str, field=None
) -> dict:
    example = {
        "error": {"code": example_code, "message": example_message, "field": field}
    }
    return {"description": description, "content": json_content(ref("Error"), example)}


def text_schema(pattern: str | None = None) -> dict:
    """A search text: UTF-8, at most MAX_QUERY_BYTES bytes."""
    schema = {
        "type": "string",
        "format": TEXT_FORMAT,
        "maxLength": MAX_QUERY_BYTES,
        "x-max-bytes": MAX_QUERY_BYTES,
    }
    if pattern:
        schema["pattern"] = pattern
    return schema


# What each filter means to a client; the schemas come from the filters.
FILTER_DESCRIPTIONS = {
    "q": (
        f"The error text you got, in any shape, at most {MAX_QUERY_BYTES} bytes of UTF-8: a message, "
        "a JSON error body, an SDK exception, a traceback, a code. Results are then ranked, best first, "
        "each with a `match`. Long text is better sent with POST /api/v1/search: servers refuse long URLs (414)."
    ),
    "status": "HTTP status from 100 to 599, e.g. `400` (one the catalogue lacks finds nothing); `none` for entries without one.",
    "code": "Error code or one of its aliases, any case (`InvalidParameter`, `limit_requests`).",
    "product": "Product slug (see /api/v1/products/). Repeat it to require several: an entry must carry all of them.",
    "category": "Entry category.",
    "retryable": "Whether a retry can succeed (see the entry's `retryable`).",
    "who_acts": "Who has to act (see the entry's `who_acts`).",
}


def filter_schema(name: str, filter_) -> dict:
    """The JSON Schema of what one FilterSet filter accepts."""
    if isinstance(filter_, SearchFilter):
        return text_schema()
    if isinstance(filter_, StatusFilter):
        return {"type": "string", "pattern": STATUS_PATTERN}
    if isinstance(filter_, django_filters.ModelMultipleChoiceFilter):
        field_name = filter_.extra["to_field_name"]
        values = filter_.extra["queryset"].order_by(field_name)
        return {
            "type": "array",
            "items": {
                "type": "string",
                "enum": list(values.values_list(field_name, flat=True)),
            },
        }
    if isinstance(filter_, django_filters.ChoiceFilter):
        return {
            "type": "string",
            "enum": [value for value, _ in filter_.extra["choices"]],
        }
    return {
        "type": "string",
        "maxLength": filter_.extra["max_length"],
        "pattern": NO_NUL,
    }


def filter_parameters(*, with_q: bool = True) -> list[dict]:
    """The FilterSet's parameters and paging, as GET /errors/ and POST /search
    take them (POST /search takes its text from the body)."""
    parameters = []
    for name, filter_ in ErrorEntryFilter.base_filters.items():
        if name == "q" and not with_q:
            continue
        parameter = {
            "name": name,
            "in": "query",
            "description": FILTER_DESCRIPTIONS[name],
            "schema": filter_schema(name, filter_),
        }
        if parameter["schema"]["type"] == "array":
            parameter.update(style="form", explode=True)
        else:
            parameter["allowEmptyValue"] = True
        parameters.append(parameter)
    return [
        *parameters,
        {
            "name": "page",
            "in": "query",
            "description": "1-based page number; a page past the last one is a 400.",
            "allowEmptyValue": True,
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PAGE_NUMBER,
                "default": 1,
            },
        },
        {
            "name": "page_size",
            "in": "query",
            "description": f"Results per page, 1 to {MAX_PAGE_SIZE}.",
            "allowEmptyValue": True,
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PAGE_SIZE,
                "default": DEFAULT_PAGE_SIZE,
            },
        },
    ]


def common_responses() -> dict:
    """What any endpoint may answer besides its own statuses."""
    retry_after = {
        "Retry-After": {
            "description": "Seconds to wait before retrying.",
            "schema": {"type": "integer", "const": RETRY_AFTER_SECONDS},
        }
    }
    return {
        "500": error_response(
            "A fault on the server's side (it is logged).",
            ErrorCode.SERVER_ERROR,
            "Something went wrong on our side; it has been logged.",
        ),
        "503": {
            **error_response(
                "The database is not answering (down, or locked past the timeout): retry after `Retry-After` seconds.",
                ErrorCode.SERVICE_UNAVAILABLE,
                "The error catalogue's database is not answering right now. Please retry in a few seconds.",
            ),
            "headers": retry_after,
        },
    }


def list_errors() -> dict:
    """GET /api/v1/errors/: search and filter."""
    return {
        "get": {
            "operationId": "listErrors",
            "summary": "Search and filter the catalogue",
            "description": "Filtered, searched, paginated entries, with facet counts over the results.",
            "parameters": filter_parameters(),
            "responses": {
                "200": {
                    "description": "A page of entries.",
                    "content": json_content(ref("EntryList")),
                },
                "304": NOT_MODIFIED,
                "400": error_response(
                    "A parameter is invalid (unknown status, product or category, bad page or page_size, page past the last).",
                    "invalid_page_size",
                    f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE}.",
                    "page_size",
                ),
                "414": {
                    "description": "The URL is longer than the server accepts (gunicorn: 4 KB): send long text with POST /api/v1/search."
                },
                **common_responses(),
            },
        }
    }


def get_error() -> dict:
    """GET /api/v1/errors/{slug}/: one entry."""
    return {
        "get": {
            "operationId": "getError",
            "summary": "One entry",
            "parameters": [SLUG_PARAMETER],
            "responses": {
                "200": {
                    "description": "The entry.",
                    "content": json_content(ref("Entry")),
                },
                "301": MOVED,
                "304": NOT_MODIFIED,
                "404": error_response(
                    "No entry has this slug.",
                    "not_found",
                    "No error entry with slug 'nope'.",
                    "slug",
                ),
                **common_responses(),
            },
        }
    }


def list_products() -> dict:
    """GET /api/v1/products/."""
    return {
        "get": {
            "operationId": "listProducts",
            "summary": "Every product, with its number of entries",
            "responses": {
                "200": {
                    "description": "All products by name.",
                    "content": json_content(ref("ProductList")),
                },
                "304": NOT_MODIFIED,
                **common_responses(),
            },
        }
    }


def search_text() -> dict:
    """POST /api/v1/search: pasted text as the body."""
    limit = MAX_QUERY_BYTES
    return {
        "post": {
            "operationId": "searchText",
            "summary": "Search with pasted text as the body",
            "description": (
                f"The body is the raw text, up to {limit} bytes of UTF-8: a whole traceback fits. "
                'A JSON body `{"q": "…"}` is read too (the text up to the same limit, '
                f"the body up to {MAX_BODY_BYTES} bytes). The query string takes the same filters "
                "and paging as GET /api/v1/errors/ (a `q` there is ignored). `next` and "
                "`previous` are always null, since a link cannot carry the posted text: "
                "POST again with `?page=N`."
            ),
            "parameters": filter_parameters(with_q=False),
            "requestBody": {
                "required": True,
                "content": {
                    "text/plain": {
                        "schema": text_schema(SEARCH_TEXT_PATTERN),
                        "example": '{"code":"InvalidParameter","message":"Range of input length should be [1, 6000]"}',
                    },
                    "application/json": {
                        # Other members are ignored.
                        "schema": {
                            "type": "object",
                            "properties": {"q": text_schema(SEARCH_TEXT_PATTERN)},
                            "required": ["q"],
                        },
                        "example": {"q": "Range of input length should be [1, 6000]"},
                    },
                },
            },
            "responses": {
                "200": {
                    "description": "Ranked entries, best first; `search` says how good the best match is.",
                    "content": json_content(ref("EntryList")),
                },
                "400": error_response(
                    "The text is empty, the JSON body is not an object with a string `q`, or a filter is invalid.",
                    "empty_query",
                    "Send the error text as the request body.",
                    "body",
                ),
                "413": error_response(
                    f"The text is longer than {limit} bytes of UTF-8, or the body longer than {MAX_BODY_BYTES} bytes.",
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    f"The text may be at most {limit} bytes (UTF-8).",
                    "body",
                ),
                "415": error_response(
                    "The body declares a charset this server does not know.",
                    ErrorCode.UNSUPPORTED_CHARSET,
                    "Unknown charset 'x-unknown'; send UTF-8.",
                    "body",
                ),
                "429": error_response(
                    "Too many searches from this address at once or this "
                    "minute; retry after `Retry-After` seconds.",
                    ErrorCode.TOO_MANY_REQUESTS,
                    "Too many searches from your address at once or this minute.",
                ),
                **common_responses(),
            },
        }
    }


def get_openapi() -> dict:
    """GET /api/v1/openapi.json: this document."""
    return {
        "get": {
            "operationId": "getOpenApi",
            "summary": "This document",
            "responses": {
                "200": {
                    "description": "The OpenAPI 3.1 document.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }


def openapi_document(request) -> dict:
    """The OpenAPI 3.1 description of API v1, as it behaves."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Error Portal API",
            "version": "1",
            "summary": "Alibaba Cloud Model Studio (DashScope) API errors with cause and solution.",
            "description": (
                "Read-only JSON. Lists are objects (`count`, `results`, `facets`), never bare arrays. "
                'Every error is `{"error": {"code", "message", "field"}}`: a 4xx status for the request\'s '
                "faults, 500 for the server's, 503 (with `Retry-After`) while the database is away. "
                "GET endpoints allow cross-origin requests from any site (no credentials)."
            ),
        },
        "servers": [{"url": request.build_absolute_uri("/").rstrip("/")}],
        "paths": {
            "/api/v1/errors/": list_errors(),
            "/api/v1/errors/{slug}/": get_error(),
            "/api/v1/products/": list_products(),
            "/api/v1/search": search_text(),
            "/api/v1/openapi.json": get_openapi(),
        },
        "components": {"schemas": schemas()},
    }


@require_safe
def openapi_json(request):
    """GET /api/v1/openapi.json."""
    return JsonResponse(
        openapi_document(request), json_dumps_params={"ensure_ascii": False}
    )
