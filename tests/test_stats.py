import re

import pytest
from pytest_django.asserts import assertContains

from errors.web.stats import MAX_BAR_PERCENT, chart

pytestmark = pytest.mark.django_db


def test_chart_scales_bars_to_the_largest_count():
    items = [
        {"value": "400", "label": "400", "count": 10},
        {"value": "429", "label": "429", "count": 5},
    ]
    result = chart("status", "Entries by HTTP status", items)
    assert [row["width"] for row in result["rows"]] == [
        f"{MAX_BAR_PERCENT:.2f}",
        f"{MAX_BAR_PERCENT / 2:.2f}",
    ]
    assert [row["url"] for row in result["rows"]] == ["/?status=400", "/?status=429"]
    assert result["total"] == 15


def test_chart_of_nothing_is_empty():
    assert chart("status", "Entries by HTTP status", [])["rows"] == []


def test_stats_page_has_a_linked_bar_per_value(client, make_entry, make_product):
    voice = make_product()
    make_entry(status=400, products=[voice])
    make_entry(status=400)
    make_entry(status=429, category="sdk")
    make_entry(status=None, category="websocket")
    response = client.get("/stats/")
    assertContains(response, "4 documented errors")
    html = response.content.decode()
    bars = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)">', html)
    assert bars == [
        ("/?status=400", "400: 2 entries"),
        ("/?status=429", "429: 1 entry"),
        ("/?status=none", "No status: 1 entry"),
        ("/?category=api", "API error: 2 entries"),
        ("/?category=sdk", "SDK error: 1 entry"),
        ("/?category=websocket", "WebSocket error: 1 entry"),
        ("/?product=cosyvoice", "CosyVoice: 1 entry"),
    ]
    # Numbers are visible text, not only in titles.
    assertContains(response, '<text class="chart-count"', count=7, html=False)
    assert 'role="group" aria-labelledby="chart-status"' in html
    assert "style=" not in html


def test_every_stats_link_finds_what_it_counts(client, catalogue):
    html = client.get("/stats/").content.decode()
    bars = re.findall(r'<a href="/\?([^"]+)" aria-label="[^"]+: (\d+) entr', html)
    assert len(bars) > 20
    for query, count in bars:
        body = client.get(f"/api/v1/errors/?{query}").json()
        assert body["count"] == int(count), query


def test_stats_page_with_an_empty_catalogue(client, db):
    response = client.get("/stats/")
    assertContains(response, "0 documented errors")
    assertContains(response, "No entries yet.", count=3)
