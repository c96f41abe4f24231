"""Every API parameter and search input, assumed hostile: never a 500, never
database or stack text in the answer; a clear 4xx JSON error or a normal one."""

import json

import pytest

from errors.limits import MAX_QUERY_BYTES

pytestmark = pytest.mark.django_db

NASTY = [
    "'",
    '"',
    "\\",
    ";",
    "--",
    "/*",
    "*/",
    "%",
    "_",
    "*",
    "-",
    ":",
    "^",
    "(",
    ")",
    "NEAR(",
    "NOT",
    "AND",
    "OR",
    "' OR 1=1 --",
    '"; DROP TABLE errors_errorentry; --',
    "1; SELECT pg_sleep(5)",
    "{col}:x",
    "a* b*",
    "\x00",
    "\x00abc\x00",
    "\ud7ff",
    "💥🔥",
    "٣٤٥",
    "ｆｕｌｌ",
    "\u202e",
    "<script>alert(1)</script>",
    "x" * 10_000,
    "y" * 1_000_000,
    "0",
    "-1",
    "1e9",
    "999999999999999999999",
    "NaN",
    "None",
    "null",
    "[]",
    "{}",
]
PARAMETERS = ["q", "status", "code", "product", "category", "page", "page_size"]
LEAKS = [
    "Traceback",
    "sqlite",
    "psycopg",
    "OperationalError",
    "django.db",
    "SELECT ",
    "errors_errorentry",
]


def assert_clean(response, sent: str = ""):
    assert response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json"
    body = response.json()
    if response.status_code >= 400:
        assert set(body) == {"error"}
        assert set(body["error"]) == {"code", "message", "field"}
    body.get("search", {}).pop("query", None)  # the user's own text, echoed back
    text = json.dumps(body)
    assert len(text) < 5000  # errors never echo a huge value back
    for leak in LEAKS:
        if leak in sent:
            continue  # the user's own words may come back in a message
        assert leak not in text, leak


@pytest.fixture
def entries(make_entry, make_product):
    voice = make_product()
    make_entry(message="Range of n should be [1, 4]", products=[voice])
    make_entry(status=429, code="Throttling", message="Requests throttling triggered.")


@pytest.mark.parametrize("name", PARAMETERS)
@pytest.mark.parametrize("value", NASTY, ids=lambda value: repr(value[:12]))
def test_every_parameter_with_hostile_values(client, entries, name, value):
    assert_clean(client.get("/api/v1/errors/", {name: value}), sent=value)


@pytest.mark.parametrize(
    "query",
    [
        "q=%ZZ",
        "q=%",
        "q=%FF%FE",
        "status=%C0%AF",
        "page=%00",
        "product=%E2%82",
        "q=a&q=b&q=c",
        "status=400&status=abc",
        "page=1&page=2",
        "page_size=1&page_size=1000",
        "product=cosyvoice&product=cosyvoice",
        "page=99999999999999999999",
    ],
)
def test_broken_encodings_and_repeated_parameters(client, entries, query):
    assert_clean(client.get(f"/api/v1/errors/?{query}"))


def test_huge_page_number_is_a_clear_400(client, entries):
    response = client.get("/api/v1/errors/?page=999999999")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "page"


@pytest.mark.parametrize("value", NASTY[:20], ids=lambda value: repr(value[:12]))
def test_pages_never_fail_either(client, entries, value):
    for name in PARAMETERS:
        response = client.get("/", {name: value})
        assert response.status_code in (200, 400), (name, value, response.status_code)
        assert b"Traceback" not in response.content


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "\x00",
        "x" * MAX_QUERY_BYTES,
        json.dumps({"q": 5}),
        json.dumps([1, 2]),
    ],
)
def test_post_search_with_odd_bodies(client, entries, value):
    for content_type in ("text/plain", "application/json", "application/octet-stream"):
        response = client.post("/api/v1/search", data=value, content_type=content_type)
        assert_clean(response)


def test_unknown_slug_with_odd_characters(client, entries):
    for slug in ["%00", "..", "a" * 5000, "<script>", "' OR 1=1"]:
        response = client.get(f"/api/v1/errors/{slug}/")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
