import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

PASTE = (
    '{"code":"InvalidParameter","message":"The thinking_budget parameter must be a '
    'positive integer and not greater than 24576"}'
)
EXPECTED = (
    "The thinking_budget parameter must be a positive integer and not greater than xxx"
)


def query(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def results_count(page) -> int:
    title = page.locator("#results-title").inner_text()
    return int(re.match(r"\d+", title).group(0))


def test_search_as_you_type_with_a_pasted_error(portal, page, screenshot):
    page.goto(portal + "/")
    page.evaluate("window.notReloaded = true")
    box = page.get_by_label("Paste an error message, JSON body, traceback or code")
    expect(box).to_be_focused()
    box.focus()
    page.keyboard.insert_text(PASTE)  # as a paste does: one input event
    first = page.locator(".result a.message").first
    expect(first).to_have_text(EXPECTED)
    # Replaced in place, and the address follows.
    assert page.evaluate("window.notReloaded") is True
    assert query(page) == {"q": [PASTE]}
    expect(page).to_have_title(
        re.compile(r"^\{\"code\":\"InvalidParameter\".*· Model Studio error portal$")
    )
    # The placeholder value taken from the paste, and the matched words marked.
    expect(page.locator(".result").first.locator(".values")).to_contain_text("24576")
    expect(page.locator(".result").first.locator("mark").first).to_be_visible()
    screenshot(page, "results")
    # The URL it left is a shareable link to the same results.
    page.goto(page.url)
    expect(page.locator(".result a.message").first).to_have_text(EXPECTED)


def test_typing_more_narrows_and_clearing_shows_everything(portal, page):
    page.goto(portal + "/")
    total = results_count(page)
    box = page.locator("#q")
    box.press_sequentially("Throttling", delay=20)
    expect(page).to_have_url(re.compile(r"[?&]q=Throttling(&|$)"))
    expect(page.locator("#results-title")).to_contain_text("for your search")
    assert results_count(page) < total
    box.fill("")
    expect(page.locator("#results-title")).to_have_text(f"{total} documented errors")
    assert "q" not in query(page)


def test_facet_links_narrow_results_and_counts(portal, page):
    page.goto(portal + "/")
    total = results_count(page)
    facet = page.locator(".facets a", has_text="SDK error")
    sdk_count = int(facet.locator(".count").inner_text())
    status_counts_before = page.locator(".facets ul").first.inner_text()
    facet.click()
    expect(page.locator("#results-title")).to_have_text(
        f"{sdk_count} documented errors"
    )
    assert sdk_count < total
    assert query(page) == {"category": ["sdk"]}
    expect(
        page.locator(".facets a[aria-current]", has_text="SDK error")
    ).to_be_visible()
    assert page.locator(".facets ul").first.inner_text() != status_counts_before
    # Searching keeps the filter (the form carries it), and the URL says so.
    page.locator("#q").press_sequentially("api key", delay=20)
    # A slow machine may search "ap" before the rest is typed: wait for the
    # search of the whole text, which is the one the URL ends on.
    expect(page).to_have_url(re.compile(r"[?&]q=api\+key(&|$)"))
    expect(page.locator("#results-title")).to_contain_text("for your search")
    assert query(page)["category"] == ["sdk"]
    assert query(page)["q"] == ["api key"]
    expect(
        page.locator(".facets a[aria-current]", has_text="SDK error")
    ).to_be_visible()
    # Removing the facet is a link too.
    page.locator(".facets a[aria-current]", has_text="SDK error").click()
    assert "category" not in query(page)


def test_keyboard_slash_arrows_enter_and_escape(portal, page):
    page.goto(portal + "/")
    box = page.locator("#q")
    page.locator("h1").click()  # nothing focused
    expect(box).not_to_be_focused()
    page.keyboard.press("/")
    expect(box).to_be_focused()
    assert box.input_value() == ""  # the slash was not typed
    # No good match for one vague word: a plain list, nothing folded.
    page.keyboard.type("timeout")
    expect(page.locator("#results-title")).to_contain_text("for your search")
    expect(page.locator(".answer")).to_have_count(0)
    links = page.locator(".result a.message")
    page.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = links.nth(1)
    expect(second).to_be_focused()
    href = second.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(portal + href)
    page.go_back()
    box = page.locator("#q")
    box.focus()
    expect(box).to_have_value("timeout")
    page.keyboard.press("Escape")
    expect(box).to_have_value("")
    expect(page.locator("#results-title")).to_contain_text("documented errors")
    assert "q" not in query(page)


def test_slash_is_typed_normally_inside_the_box(portal, page):
    page.goto(portal + "/")
    box = page.locator("#q")
    box.focus()
    page.keyboard.type("a/b")
    expect(box).to_have_value("a/b")


def test_everything_works_without_javascript(portal, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(portal + "/")
    page.locator("#q").fill(PASTE)
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"\?q="))
    expect(page.locator(".result a.message").first).to_have_text(EXPECTED)
    page.locator(".facets a", has_text="400").first.click()
    assert query(page)["status"] == ["400"]
    assert query(page)["q"] == [PASTE]
    # Folded "less likely" results have no visible text.
    statuses = set(page.locator(".result .status").all_inner_texts()) - {""}
    assert statuses == {"400 Bad Request"}
    page.locator(".result a.message").first.click()
    expect(page.locator("h1.entry-message")).to_have_text(EXPECTED)
    # Copy buttons need the clipboard API: without JavaScript they stay hidden.
    expect(page.locator("button.copy").first).to_be_hidden()
