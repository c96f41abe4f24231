from html.parser import HTMLParser

import pytest
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


def test_home_lists_entries_with_facets(client, make_entry, make_product):
    voice = make_product()
    make_entry(
        code="InvalidParameter",
        message="Range of n should be [1, 4]",
        cause="The n parameter is out of range.",
    )
    make_entry(
        status=429,
        code="Throttling",
        message="Requests throttling triggered.",
        products=[voice],
    )
    response = client.get("/")
    assertContains(response, "2 documented errors")
    assertContains(response, "Range of n should be [1, 4]")
    assertContains(response, "The n parameter is out of range.")
    assertContains(response, 'href="?status=429"')
    assertContains(response, 'href="?product=cosyvoice"')


def test_filter_by_status_narrows_results_and_facets(client, make_entry):
    make_entry(message="Four hundred")
    make_entry(status=429, code="Throttling", message="Four twenty-nine")
    response = client.get("/?status=429")
    assertContains(response, "Four twenty-nine")
    assertNotContains(response, "Four hundred")
    assertContains(response, "1 documented error")


def test_invalid_filter_gets_a_clear_400_page(client, make_entry):
    make_entry()
    response = client.get("/?status=999")
    assert response.status_code == 400
    assertContains(response, "not valid", status_code=400)


def test_empty_state_is_helpful(client, make_entry):
    make_entry(status=400)
    response = client.get("/?category=sdk")
    assertContains(response, "Nothing found")
    assertContains(response, "search all entries")


def test_detail_renders_markdown_and_siblings(client, make_entry, make_product):
    voice = make_product()
    entry = make_entry(
        message="Range of n should be [1, 4]",
        cause="Outer:\n\n- first\n\n    - nested",
        solution="Use **n** in [1, 4].",
        products=[voice],
    )
    make_entry(message="Another InvalidParameter message")
    response = client.get(entry.get_absolute_url())
    assertContains(
        response,
        '<h1 class="entry-message">Range of n should be [1, 4]</h1>',
        html=False,
    )
    assertContains(response, "<li>nested</li>", html=False)
    assertContains(response, "<strong>n</strong>", html=False)
    assertContains(response, "Another InvalidParameter message")
    assertContains(response, "CosyVoice")
    assertContains(
        response,
        f'rel="canonical" href="http://testserver{entry.get_absolute_url()}"',
        html=False,
    )


def test_detail_of_unknown_slug_is_404(client, db):
    assert client.get("/errors/nothing-here/").status_code == 404


class TagCollector(HTMLParser):
    """Every tag with its attributes, as a browser would parse them."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.script_text = ""
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text += data


def assert_inert(html: str) -> None:
    collector = TagCollector()
    collector.feed(html)
    for tag, attributes in collector.tags:
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        for name in ("href", "src", "action", "formaction"):
            assert (
                not (attributes.get(name) or "")
                .strip()
                .lower()
                .startswith("javascript:")
            ), (tag, attributes)
        assert tag != "img" or attributes.get("src") != "x"
    assert "alert(" not in collector.script_text


def test_xss_in_solution_is_inert(client, make_entry):
    entry = make_entry(
        solution='<script>alert(1)</script> <img src=x onerror="alert(2)"> [click](javascript:alert(3))',
        cause='<a href="javascript:alert(4)" onclick="alert(5)">x</a>',
    )
    response = client.get(entry.get_absolute_url())
    assert_inert(response.content.decode())
    api = client.get(entry.get_api_url()).json()
    assert_inert(api["solution_html"])
    assert_inert(api["cause_html"])
    assert (
        "<script" not in api["solution_html"]
        and "javascript:" not in api["solution_html"]
    )


def test_message_is_escaped_in_lists(client, make_entry):
    make_entry(message="<b>bold</b> & <script>x</script>")
    response = client.get("/")
    assertContains(response, "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;")
    assertNotContains(response, "<script>x</script>", html=False)


def test_the_whole_catalogue_on_pages(client, catalogue):
    response = client.get("/")
    assertContains(response, "311 documented errors")
    assertContains(response, "Page 1 of 16")
    detail = client.get(
        "/errors/500-modelservingerror-too-many-requests-your-requests-are-being-throttled-due/"
    )
    assertContains(detail, "Network resources are saturated")
    # The same error documented under 503 is listed with the other entries of its code.
    assertContains(
        detail,
        'href="/errors/503-modelservingerror-too-many-requests-your-requests-are-being-throttled-due/"',
    )


def test_list_page_query_count_is_bounded(
    client, make_entry, make_product, django_assert_max_num_queries
):
    voice = make_product()
    for number in range(30):
        make_entry(message=f"Message number {number}", products=[voice])
    with django_assert_max_num_queries(10):
        client.get("/")


def test_search_as_you_type_gets_only_results_and_facets(client, make_entry):
    make_entry(message="Range of n should be [1, 4]")
    make_entry(status=429, code="Throttling", message="Requests throttling triggered.")
    response = client.get("/?status=429", HTTP_X_REQUESTED_WITH="fetch")
    html = response.content.decode()
    assert '<div id="results-region" data-title="Model Studio error portal">' in html
    assert "<html" not in html and "<form" not in html
    assertContains(response, "Requests throttling triggered.")
    assertNotContains(response, "Range of n should be")
    assertContains(response, '<nav class="facets" aria-label="Filters">', html=False)
    assert "X-Requested-With" in response["Vary"]
    # The whole page holds the same region, so the script can swap it.
    page = client.get("/?status=429").content.decode()
    assert '<div id="results-region" data-title="Model Studio error portal">' in page


def test_search_as_you_type_shows_invalid_filters_too(client, make_entry):
    make_entry()
    response = client.get("/?status=abc", HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 400
    assertContains(response, "not valid", status_code=400)
    assert "<html" not in response.content.decode()


def test_long_lists_of_siblings_link_to_the_rest(client, catalogue):
    response = client.get("/errors/400-invalidparameter-range-of-n-should-be-1-4/")
    content = response.content.decode()
    section = content[content.index('class="siblings"') :]
    assert section.count("<li>") == 15
    assertContains(
        response,
        'href="/?code=InvalidParameter">All entries under InvalidParameter</a>',
        html=False,
    )
