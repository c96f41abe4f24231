"""The /api/ page: the API for people, built from the OpenAPI document.

Besides the document's endpoints, parameters and responses it shows a real
example response per endpoint (the views themselves answer a sample request,
so the examples cannot drift), a table of every field from the document's
schemas, curl examples and client snippets.
"""

from __future__ import annotations

import json

from django.shortcuts import render
from django.test import RequestFactory
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from errors.limits import MAX_PAGE_SIZE, MAX_QUERY_BYTES
from errors.models import ErrorEntry
from errors.rendering import render_markdown
from errors.web import api
from errors.web.openapi import openapi_document
from errors.web.openapi_schemas import ERROR_CODES

SAMPLE_MESSAGE = "Range of input length should be [1, xxx]"
SAMPLE_VALUE = "98304"
FIELD_SCHEMAS = [
    ("EntryList", "GET /api/v1/errors/ and POST /api/v1/search"),
    (
        "ListedEntry",
        "each of results[] (GET /api/v1/errors/<slug>/ is the same without match)",
    ),
    ("Match", "results[].match"),
    ("Search", "search"),
    ("Facet", "each of facets.status[], facets.product[], facets.category[]"),
    ("Product", "each of results[].products[]"),
    ("ProductList", "GET /api/v1/products/"),
    ("Error", "every 4xx answer"),
]


def sample_text() -> tuple[str, str]:
    """A pasted error with a real value, and the slug of its entry."""
    entry = (
        ErrorEntry.objects.filter(message=SAMPLE_MESSAGE).first()
        or ErrorEntry.objects.in_catalogue_order().first()
    )
    if entry is None:
        return SAMPLE_MESSAGE.replace("xxx", SAMPLE_VALUE), "SLUG"
    return entry.message.replace("xxx", SAMPLE_VALUE), entry.slug


def example_responses(request) -> dict[str, str]:
    """operationId -> the JSON a sample request gets, pretty-printed."""
    text, slug = sample_text()
    factory = RequestFactory(HTTP_HOST=request.get_host())
    secure = request.is_secure()
    paste = json.dumps({"code": "InvalidParameter", "message": text})
    answers = {
        "listErrors": api.entry_list(
            factory.get("/api/v1/errors/", {"q": text, "page_size": 1}, secure=secure)
        ),
        "getError": api.entry_detail(
            factory.get(f"/api/v1/errors/{slug}/", secure=secure), slug=slug
        ),
        "listProducts": api.product_list(
            factory.get("/api/v1/products/", secure=secure)
        ),
        "searchText": api.search(
            factory.post(
                "/api/v1/search?page_size=1",
                data=paste,
                content_type="text/plain",
                secure=secure,
            )
        ),
    }
    return {
        operation: json.dumps(
            json.loads(response.content), indent=2, ensure_ascii=False
        )
        for operation, response in answers.items()
    }


def with_examples(request, endpoints: list[dict]) -> list[dict]:
    examples = example_responses(request)
    for endpoint in endpoints:
        endpoint["example"] = examples.get(endpoint["id"], "")
    return endpoints


def type_of(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "oneOf" in schema:
        return " or ".join(type_of(option) for option in schema["oneOf"])
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = " or ".join(kind)
    if kind == "array":
        return f"array of {type_of(schema.get('items', {}))}"
    if "enum" in schema:
        return f"{kind}: " + ", ".join(str(value) for value in schema["enum"])
    return kind


def field_tables(document: dict) -> list[dict]:
    """[{"name", "where", "fields": [{"name", "type", "description"}]}]."""
    schemas = document["components"]["schemas"]
    tables = []
    for name, where in FIELD_SCHEMAS:
        schema = schemas.get(name)
        if schema is None:
            continue
        tables.append(
            {
                "name": name,
                "where": where,
                "fields": [
                    {
                        "name": field,
                        "type": type_of(spec),
                        "description": spec.get("description", ""),
                        "required": field in schema.get("required", []),
                    }
                    for field, spec in schema.get("properties", {}).items()
                ],
            }
        )
    return tables


def snippets(base_url: str) -> list[dict]:
    text, _ = sample_text()
    python = f'''import json
import urllib.parse
import urllib.request

text = {text!r}  # the error you got, any shape
url = "{base_url}/api/v1/errors/?" + urllib.parse.urlencode({{"q": text, "page_size": 3}})
with urllib.request.urlopen(url) as response:
    answer = json.load(response)

if answer["search"]["good_match"]:
    best = answer["results"][0]
    print(best["status"], best["code"], best["url"])
    for item in best["match"]["placeholders"]:
        print(f"{{item['placeholder']}} = {{item['value']}}")
    print(best["solution"])
else:
    print("No close match; the closest:", [r["message"] for r in answer["results"]])'''
    javascript = f'''// Any site may call the API from a browser (CORS, no credentials).
const text = {json.dumps(text)};
const response = await fetch("{base_url}/api/v1/search?page_size=3", {{
  method: "POST",
  headers: {{ "Content-Type": "text/plain" }},
  body: text, // a whole traceback fits (64 KB)
}});
const answer = await response.json();
if (!response.ok) throw new Error(answer.error.message);
const [best] = answer.results;
if (answer.search.good_match) {{
  console.log(best.status, best.code, best.url);
  for (const {{ placeholder, value }} of best.match.placeholders) {{
    console.log(`${{placeholder}} = ${{value}}`);
  }}
}}'''
    return [
        {"title": "Python (standard library)", "code": python},
        {"title": "JavaScript (browser or Node 18+)", "code": javascript},
    ]


def parameter_type(schema: dict) -> str:
    if schema.get("type") == "array":
        return parameter_type(schema["items"]) + ", repeatable"
    return schema.get("type", "string")


def endpoints(document: dict) -> list[dict]:
    """The document flattened for the /api/ page."""
    rows = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {})
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation["operationId"],
                    "summary": operation["summary"],
                    "description": render_markdown(operation.get("description", "")),
                    "body_types": list(body),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "type": parameter_type(parameter["schema"]),
                            "values": parameter["schema"].get("enum")
                            or parameter["schema"].get("items", {}).get("enum"),
                            "description": render_markdown(
                                parameter.get("description", "")
                            ),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "responses": [
                        {
                            "status": status,
                            "description": render_markdown(response["description"]),
                        }
                        for status, response in operation["responses"].items()
                    ],
                }
            )
    return rows


def curl_examples(base_url: str) -> list[dict]:
    entry = ErrorEntry.objects.in_catalogue_order().first()
    slug = entry.slug if entry else "SLUG"
    paste = '{"code":"InvalidParameter","message":"Range of input length should be [1, 6000]"}'
    query = urlencode({"q": "Range of input length should be [1, 6000]"})
    return [
        {
            "title": "Search with the text you got",
            "command": f"curl '{base_url}/api/v1/errors/?{query}'",
        },
        {
            "title": "Filter: status 429, five per page",
            "command": f"curl '{base_url}/api/v1/errors/?status=429&page_size=5'",
        },
        {
            "title": "Entries that concern both products",
            "command": f"curl '{base_url}/api/v1/errors/?product=cosyvoice&product=voice-cloning'",
        },
        {"title": "One entry", "command": f"curl '{base_url}/api/v1/errors/{slug}/'"},
        {
            "title": "Products and their counts",
            "command": f"curl '{base_url}/api/v1/products/'",
        },
        {
            "title": "Paste a whole error body or traceback",
            "command": f"curl '{base_url}/api/v1/search?page_size=3' \\\n  -H 'Content-Type: text/plain' --data-binary '{paste}'",
        },
        {
            "title": f"The same from a file (up to {MAX_QUERY_BYTES} bytes)",
            "command": f"curl '{base_url}/api/v1/search' -H 'Content-Type: text/plain' --data-binary @traceback.txt",
        },
    ]


@require_safe
def api_docs(request):
    """/api/: the API for people, with curl examples."""
    document = openapi_document(request)
    base_url = document["servers"][0]["url"]
    return render(
        request,
        "errors/api_docs.html",
        {
            "base_url": base_url,
            "examples": curl_examples(base_url),
            "endpoints": with_examples(request, endpoints(document)),
            "fields": field_tables(document),
            "snippets": snippets(base_url),
            "error_codes": ERROR_CODES,
            "max_page_size": MAX_PAGE_SIZE,
            "max_body_bytes": MAX_QUERY_BYTES,
            "openapi_url": reverse("errors:api_openapi"),
        },
    )
