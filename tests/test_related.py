import pytest

from errors.models import ErrorEntry
from errors.web.related import related_entries

pytestmark = pytest.mark.django_db


def related_section(client, entry) -> str:
    html = client.get(entry.get_absolute_url()).content.decode()
    start = html.index('class="related"')
    return html[start : html.index("</section>", start)]


def test_code_family_then_status_and_product(client, make_entry, make_product):
    voice = make_product()
    entry = make_entry(
        status=429, code="Throttling.RateQuota", message="Rate quota", products=[voice]
    )
    make_entry(status=429, code="Throttling.RateQuota", message="Same code sibling")
    make_entry(status=429, code="Throttling.BurstRate", message="Burst rate family")
    make_entry(
        status=429,
        code="Arrearage",
        message="Same status and product",
        products=[voice],
    )
    make_entry(status=400, code="Other", message="Only the product", products=[voice])
    related = related_section(client, entry)
    assert related.index("Burst rate family") < related.index("Same status and product")
    assert "Same code sibling" not in related  # listed below, under the same code
    assert "Only the product" not in related  # sharing a product says nothing


def test_the_401_key_page_suggests_errors_about_keys(catalogue):
    entry = ErrorEntry.objects.get(
        code="InvalidApiKey", message__startswith="Invalid API-key"
    )
    messages = [other.message for other in related_entries(entry)]
    assert messages, "no related entries"
    assert not any("Repetitive tool calls" in message for message in messages)


def test_rate_quota_lists_its_throttling_family(catalogue):
    entry = ErrorEntry.objects.filter(code="Throttling.RateQuota").first()
    codes = [other.code for other in related_entries(entry)]
    assert "Throttling.BurstRate" in codes
    assert "Throttling" in codes
