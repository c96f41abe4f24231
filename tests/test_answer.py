"""The answer card, named values, status names and the filter bar."""

import json

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from errors.web.answer import filled_message, named_values, status_name

pytestmark = pytest.mark.django_db
PASTE = (
    '{"code":"InvalidParameter","message":"Range of input length should be [1, 98304]"}'
)
ENTRY = "/errors/400-invalidparameter-range-of-input-length-should-be-1-xxx/"


def test_named_values_and_filled_message():
    named = named_values("Range should be [1, xxx]", ["98304"])
    assert named == [{"placeholder": "xxx", "value": "98304"}]
    # Only whole placeholders: the x of "max" is left alone, the value escaped.
    assert (
        filled_message(
            "Value xxx exceeds max", [{"placeholder": "xxx", "value": "<b>"}]
        )
        == 'Value <mark class="value" title="your value for xxx">&lt;b&gt;</mark> exceeds max'
    )


def test_status_names():
    assert status_name(429) == "429 Too Many Requests"
    assert status_name("401") == "401 Unauthorized"
    assert status_name(430) == "430"  # no name in HTTP
    assert status_name(None) == ""


def test_a_good_match_opens_into_the_answer_card(client, catalogue):
    response = client.get("/", {"q": PASTE})
    html = response.content.decode()
    card = html[html.index('class="result answer"') : html.index("</article>")]
    assert "Exact message" in card
    assert "400 Bad Request" in card
    assert '<mark class="value" title="your value for xxx">98304</mark>' in card
    assert "<h3>Solution</h3>" in card and "Copy solution" in card
    assert f'href="{ENTRY}?value=98304"' in card
    # Weaker hits fold under the card.
    assert "less likely match" in html[html.index("</article>") :]


def test_no_card_without_a_good_match(client, catalogue):
    response = client.get("/", {"q": "completely unrelated zebra words"})
    assertNotContains(response, 'class="result answer"')


def test_the_entry_page_shows_the_values_it_was_given(client, catalogue):
    response = client.get(ENTRY, {"value": "98304"})
    assertContains(response, 'your value: <mark class="value">98304</mark>', html=False)
    assertContains(response, "[1, <mark", html=False)
    # Hostile values are escaped and bounded.
    response = client.get(ENTRY, {"value": "<script>x</script>" * 50})
    assert "<script>x" not in response.content.decode()


def test_api_names_placeholder_values_and_keeps_values(client, catalogue):
    body = client.get("/api/v1/errors/", {"q": PASTE, "page_size": 1}).json()
    match = body["results"][0]["match"]
    assert match["values"] == ["98304"]
    assert match["placeholders"] == [{"placeholder": "xxx", "value": "98304"}]


def test_active_filter_bar_removes_each_filter(client, catalogue):
    response = client.get(
        "/", {"status": "429", "code": "Throttling.RateQuota", "product": "qwen"}
    )
    html = response.content.decode()
    bar = html[html.index('class="active-filters"') :]
    bar = bar[: bar.index("</div>")]
    assert "Status: 429 Too Many Requests" in bar
    assert "Code: Throttling.RateQuota" in bar
    assert 'href="?code=Throttling.RateQuota&amp;product=qwen"' in bar
    assert 'href="?status=429&amp;product=qwen"' in bar
    assert ">Clear all</a>" in bar
    # The search form keeps the code filter while the user types.
    assertContains(
        response,
        '<input type="hidden" name="code" value="Throttling.RateQuota">',
        html=False,
    )


def test_zero_results_with_filters_says_how_many_without(client, catalogue):
    response = client.get("/", {"q": "Throttling", "category": "websocket"})
    assertContains(response, "Nothing found")
    assertContains(response, "match without the filters")


def test_start_page_leads_with_common_errors_and_a_code_index(client, catalogue):
    html = client.get("/").content.decode()
    common = html[html.index('id="common-title"') : html.index('id="index-title"')]
    assert "InvalidApiKey" in common and "Throttling.RateQuota" in common
    index = html[html.index('class="index-list"') :]
    index = index[: index.index("</ul>")]
    assert index.count("<li>") > 100
    assert 'href="?code=Throttling.RateQuota&amp;status=429"' in index


def test_entries_link_to_their_place_on_the_vendor_page(client, catalogue):
    html = client.get(ENTRY).content.decode()
    assert (
        'href="https://www.alibabacloud.com/help/en/model-studio/error-code#:~:text=Range%20of%20input%20length%20should%20be%20%5B1%2C%20xxx%5D"'
        in html
    )


def test_the_401_and_429_pages_read_as_the_source(client, catalogue):
    key = client.get(
        "/errors/401-invalidapikey-invalid-api-key-provided-incorrect-api-key-provided/"
    )
    html = key.content.decode()
    assert "<table>" in html and "<th>Region</th>" in html
    assert '<code>api_key=os.getenv("DASHSCOPE_API_KEY")</code>' in html
    assert '<a href="https://dashscope.aliyuncs.com/api/v1"' in html
    assert "401 Unauthorized" in html
    from errors.models import ErrorEntry

    quota = ErrorEntry.objects.filter(code="Throttling.RateQuota").first()
    page = client.get(quota.get_absolute_url()).content.decode()
    assert "See Rate Limiting" in page  # the reference stays readable
    assert "429 Too Many Requests" in page


def test_api_page_has_a_response_example_per_endpoint(client, catalogue):
    html = client.get("/api/").content.decode()
    assert html.count('class="example response-example"') == 4
    assert "&quot;placeholders&quot;: [" in html
    assert "&quot;good_match&quot;: true" in html
    for field in [
        "<code>kind</code>",
        "<code>score</code>",
        "<code>values</code>",
        "<code>good_match</code>",
        "<code>placeholders</code>",
    ]:
        assert field in html
    assert "urllib.request" in html and "await fetch(" in html
    assert "manage.py explain" in html


def test_the_api_examples_are_real_answers(client, catalogue):
    html = client.get("/api/").content.decode()
    start = html.index('class="example response-example"><code>') + len(
        'class="example response-example"><code>'
    )
    import html as html_module

    example = json.loads(
        html_module.unescape(html[start : html.index("</code>", start)])
    )
    assert example["search"]["good_match"] is True
    assert example["results"][0]["match"]["placeholders"] == [
        {"placeholder": "xxx", "value": "98304"}
    ]
