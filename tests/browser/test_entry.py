import json

from playwright.sync_api import expect

from errors.models import ErrorEntry

SLUG = "400-invalidparameter-range-of-input-length-should-be-1-xxx"


def test_copy_solution_and_permalink(portal, new_page, screenshot):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    entry = ErrorEntry.objects.get(slug=SLUG)
    page.goto(f"{portal}/errors/{SLUG}/")
    expect(page.locator("h1")).to_have_text(entry.message)
    expect(page.get_by_role("button", name="Copy solution")).to_be_visible()
    # Located by what it copies: its name changes to "Copied" and back.
    button = page.locator("button.copy[data-copied='Solution copied']")
    button.click()
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == entry.solution
    expect(page.get_by_role("status")).to_have_text("Solution copied")
    expect(button).to_have_text("Copy solution", timeout=5000)  # the feedback goes away

    link_button = page.locator("button.copy[data-copied='Link copied']")
    link_button.click()
    expect(link_button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{portal}/errors/{SLUG}/"
    screenshot(page, "entry")


def test_entry_page_for_search_engines(portal, page):
    entry = ErrorEntry.objects.get(slug=SLUG)
    page.goto(f"{portal}/errors/{SLUG}/")
    assert page.title().startswith(
        "Range of input length should be [1, xxx] (InvalidParameter)"
    )
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert 0 < len(description) <= 160
    assert (
        page.locator('link[rel="canonical"]').get_attribute("href")
        == f"{portal}/errors/{SLUG}/"
    )
    data = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert data["@type"] == "TechArticle" and data["headline"] == entry.message
    expect(page.locator(".related li").first).to_be_visible()
    search = page.locator('link[rel="search"]')
    assert search.get_attribute("type") == "application/opensearchdescription+xml"
