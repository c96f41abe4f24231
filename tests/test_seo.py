import json
import re
from xml.etree import ElementTree

import pytest
from pytest_django.asserts import assertContains

from errors.web.seo import meta_description, shorten

pytestmark = pytest.mark.django_db


def json_ld(response) -> dict:
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, "no JSON-LD block"
    return json.loads(found.group(1))


def test_meta_description_is_the_cause_as_plain_text(make_entry):
    entry = make_entry(
        cause="The **n** parameter is out of [range](https://example.com) & `n` > 4.",
        solution="Set n within [1, 4].",
    )
    assert meta_description(entry) == (
        "The n parameter is out of range & n > 4. Set n within [1, 4]."
    )


def test_meta_description_is_at_most_160_characters(make_entry):
    entry = make_entry(cause="word " * 100, solution="")
    description = meta_description(entry)
    assert len(description) <= 160
    assert description.endswith("word…")


def test_shorten_cuts_at_a_word_boundary():
    assert shorten("short", 160) == "short"
    assert shorten("alpha beta gamma delta", 15) == "alpha beta…"


def test_entry_page_has_description_and_structured_data(
    client, make_entry, make_product
):
    voice = make_product()
    entry = make_entry(
        status=400,
        code="InvalidParameter",
        message="Range of input length should be [1, xxx]",
        cause="The input is too long.",
        products=[voice],
    )
    response = client.get(entry.get_absolute_url())
    assertContains(
        response,
        '<meta name="description" content="The input is too long. A solution.">',
        html=False,
    )
    data = json_ld(response)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "TechArticle"
    assert data["headline"] == "Range of input length should be [1, xxx]"
    assert (
        data["name"] == "400 InvalidParameter: Range of input length should be [1, xxx]"
    )
    assert data["url"] == f"http://testserver{entry.get_absolute_url()}"
    assert data["about"] == [{"@type": "SoftwareApplication", "name": "CosyVoice"}]
    assert "InvalidParameter" in data["keywords"]


def test_structured_data_cannot_break_out_of_its_script(client, make_entry):
    entry = make_entry(message="</script><script>alert(1)</script> & <!--")
    response = client.get(entry.get_absolute_url())
    html = response.content.decode()
    block = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    ).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json_ld(response)["headline"] == "</script><script>alert(1)</script> & <!--"


def test_entry_page_has_copy_buttons_hidden_until_javascript(client, make_entry):
    entry = make_entry(solution="Set **n** within [1, 4].")
    response = client.get(entry.get_absolute_url())
    assertContains(
        response,
        '<button type="button" class="copy" data-copy="Set **n** within [1, 4]." data-copied="Solution copied" hidden>Copy solution</button>',
        html=False,
    )
    assertContains(
        response, f'data-copy="http://testserver{entry.get_absolute_url()}"', html=False
    )


def test_sitemap_lists_every_entry(client, make_entry):
    entries = [make_entry() for _ in range(3)]
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.fromstring(response.content)
    locations = [loc.text for loc in root.findall("sm:url/sm:loc", namespace)]
    for entry in entries:
        assert f"http://testserver{entry.get_absolute_url()}" in locations
    assert "http://testserver/" in locations
    assert "http://testserver/stats/" in locations
    assert "http://testserver/api/" in locations
    assert root.find("sm:url/sm:lastmod", namespace) is not None


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_opensearch_description(client, db):
    response = client.get("/opensearch.xml")
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = ElementTree.fromstring(response.content)
    namespace = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    assert root.find("os:ShortName", namespace).text == "Error Portal"
    templates = {
        url.get("type"): url.get("template")
        for url in root.findall("os:Url", namespace)
    }
    assert templates["text/html"] == "http://testserver/?q={searchTerms}"


def test_every_page_links_opensearch_stats_and_api(client, make_entry):
    entry = make_entry()
    for url in ["/", entry.get_absolute_url(), "/stats/", "/api/"]:
        response = client.get(url)
        assertContains(
            response,
            '<link rel="search" type="application/opensearchdescription+xml" title="Error Portal" href="/opensearch.xml">',
            html=False,
        )
        assertContains(response, '<a href="/api/">JSON API</a>', html=False)
        assertContains(response, '<a href="/stats/">Statistics</a>', html=False)


def test_favicon_ico_points_to_the_svg_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/errors/favicon.svg"
