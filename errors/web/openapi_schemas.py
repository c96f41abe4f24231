"""The OpenAPI document's component schemas: the shapes of what API v1 answers.

The entry's properties follow `ErrorEntry.to_dict()`, the error codes are the
one `ErrorCode` enumeration, and tests/test_openapi.py validates real answers
against these schemas, so a field added on one side only fails a test.
"""

from errors.advice import Retryable, WhoActs
from errors.models import Category
from errors.web.error_codes import ErrorCode

ERROR_CODES = [code.value for code in ErrorCode]

MATCH_KINDS = ["template", "code", "text", "fuzzy", "status"]


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def strict_object(properties: dict, required: list[str] | None = None) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def entry_properties() -> dict:
    return {
        "id": {"type": "integer"},
        "slug": {"type": "string"},
        "status": {
            "type": ["integer", "null"],
            "description": "HTTP status; null where the source gives none.",
        },
        "code": {"type": "string", "description": "Error code; may be empty."},
        "aliases": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Other spellings of the code.",
        },
        "message": {
            "type": "string",
            "description": "The documented message, placeholders (xxx, %s…) kept.",
        },
        "cause": {"type": "string", "description": "Markdown."},
        "solution": {"type": "string", "description": "Markdown."},
        "cause_html": {
            "type": "string",
            "description": "The cause rendered and sanitised.",
        },
        "solution_html": {
            "type": "string",
            "description": "The solution rendered and sanitised.",
        },
        "products": {"type": "array", "items": ref("Product")},
        "category": {"type": "string", "enum": list(Category.values)},
        "retryable": {
            "type": "string",
            "enum": list(Retryable.values),
            "description": "Whether retrying the same call can succeed: now (`yes`), after a pause (`after_backoff`), never (`no`).",
        },
        "who_acts": {
            "type": "string",
            "enum": list(WhoActs.values),
            "description": "Who has to act: fix the call (`request`), the key, permissions or region (`credentials`), billing (`account`), `quota`, moderated `content`, the service (`provider`), the client's `network`.",
        },
        "url": {
            "type": "string",
            "format": "uri",
            "description": "The entry's web page.",
        },
        "api_url": {"type": "string", "format": "uri"},
        "updated_at": {"type": "string", "format": "date-time"},
    }


def schemas() -> dict:
    facet = strict_object(
        {
            "value": {
                "type": "string",
                "description": "The parameter value that selects it.",
            },
            "label": {"type": "string"},
            "count": {
                "type": "integer",
                "minimum": 0,
                "description": "Results if it were selected.",
            },
            "selected": {"type": "boolean"},
        }
    )
    listed_entry = entry_properties() | {
        "match": {
            "oneOf": [ref("Match"), {"type": "null"}],
            "description": "Present when the request searched (q, or POST /search).",
        }
    }
    return {
        "Product": strict_object(
            {"slug": {"type": "string"}, "name": {"type": "string"}}
        ),
        "Entry": strict_object(entry_properties()),
        "ListedEntry": strict_object(listed_entry, required=list(entry_properties())),
        "Match": strict_object(
            {
                "kind": {
                    "type": "string",
                    "enum": MATCH_KINDS,
                    "description": "The deciding signal: the message template, the code, the words, or a fuzzy match.",
                },
                "score": {"type": "number"},
                "values": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "Values the pasted text has where the message has placeholders.",
                },
                "placeholders": {
                    "type": "array",
                    "items": strict_object(
                        {
                            "placeholder": {
                                "type": "string",
                                "description": "As the message writes it: xxx, {parameter}, %s.",
                            },
                            "value": {"type": "string"},
                        }
                    ),
                    "description": "The same values, each named by its placeholder.",
                },
            }
        ),
        "Facet": facet,
        "Facets": strict_object(
            {
                "status": {"type": "array", "items": ref("Facet")},
                "product": {"type": "array", "items": ref("Facet")},
                "category": {"type": "array", "items": ref("Facet")},
                "retryable": {"type": "array", "items": ref("Facet")},
                "who_acts": {"type": "array", "items": ref("Facet")},
            }
        ),
        "Advice": strict_object(
            {
                "retryable": entry_properties()["retryable"],
                "who_acts": entry_properties()["who_acts"],
                "backoff_seconds": {
                    "type": ["integer", "null"],
                    "minimum": 1,
                    "description": "For `after_backoff`: a first pause in seconds, to double on each further failure; null otherwise.",
                },
                "summary": {
                    "type": "string",
                    "description": "The same in plain words.",
                },
            }
        ),
        "Search": strict_object(
            {
                "query": {
                    "type": "string",
                    "description": "The text searched, trimmed.",
                },
                "good_match": {
                    "type": "boolean",
                    "description": "False when no entry matches closely: check the first results before following them.",
                },
                "capped": {
                    "type": "boolean",
                    "description": "A broad query, or a status with more entries than are ordered: every entry is listed, and only the first ones (those with a `match`) are ranked; the rest follow in catalogue order.",
                },
            }
        ),
        "EntryList": strict_object(
            {
                "count": {"type": "integer", "minimum": 0},
                "next": {"type": ["string", "null"], "format": "uri"},
                "previous": {"type": ["string", "null"], "format": "uri"},
                "results": {"type": "array", "items": ref("ListedEntry")},
                "facets": ref("Facets"),
                "advice": {
                    "oneOf": [ref("Advice"), {"type": "null"}],
                    "description": "What to do next, from the best match of a search; null without a search or a good match.",
                },
                "search": {
                    **ref("Search"),
                    "description": "Present when the request searched.",
                },
            },
            required=["count", "next", "previous", "results", "facets", "advice"],
        ),
        "ProductList": strict_object(
            {
                "count": {"type": "integer", "minimum": 0},
                "results": {
                    "type": "array",
                    "items": strict_object(
                        {
                            "slug": {"type": "string"},
                            "name": {"type": "string"},
                            "count": {"type": "integer", "minimum": 0},
                        }
                    ),
                },
            }
        ),
        "Error": strict_object(
            {
                "error": strict_object(
                    {
                        "code": {"type": "string", "enum": ERROR_CODES},
                        "message": {"type": "string"},
                        "field": {
                            "type": ["string", "null"],
                            "description": "The parameter at fault, if one is.",
                        },
                    }
                )
            }
        ),
    }
