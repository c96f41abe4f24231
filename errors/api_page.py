"""What the /api/ page shows besides the OpenAPI summary: a real example
response per endpoint (the views themselves answer a sample request, so the
examples cannot drift), a table of every field from the document's schemas,
and client snippets."""

from __future__ import annotations

import json

from django.test import RequestFactory

from errors import api
from errors.models import ErrorEntry

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
        or ErrorEntry.objects.order_by("source_position", "id").first()
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
