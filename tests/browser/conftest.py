"""Browser tests: Playwright driving Debian's Chromium against a live server.

Every test here is marked `browser`. They are skipped, with the reason printed
at the end of the run, when /usr/bin/chromium or the playwright package is
missing. Nothing is downloaded: never `playwright install`; Chromium comes
from `apt-get install chromium`, axe-core from the axe-playwright-python wheel.
"""

import importlib.util
import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
HERE = Path(__file__).resolve().parent


def skip_reason() -> str | None:
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} not found (install it with: apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -r requirements-dev.txt)"
    if importlib.util.find_spec("axe_playwright_python") is None:
        return "the axe-playwright-python package is not installed (pip install -r requirements-dev.txt)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = skip_reason()
    browser_items = [
        item for item in items if HERE in Path(item.fspath).resolve().parents
    ]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        if reason:
            item.add_marker(pytest.mark.skip(reason=f"browser test skipped: {reason}"))


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. While Playwright's sync API runs it keeps
    an asyncio loop in this thread, and Django then refuses ORM calls (the
    catalogue fixture, the database flush) as "async unsafe": allowed here,
    for as long as the loop lives and no longer."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def portal(live_server, transactional_db, catalogue):
    """The live server's base URL, with the real catalogue: the rows of the
    session's one import, inserted again (a load per test cost two seconds)."""
    return live_server.url


@pytest.fixture
def new_page(browser):
    """Make pages in fresh contexts; every console error fails the test
    (a Content-Security-Policy violation is one)."""
    contexts = []
    errors = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on(
            "console",
            lambda message: message.type == "error" and errors.append(message.text),
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and errors.append(f"{response.status} {response.url}")
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == [], f"errors in the browser console: {errors}"


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot as test-artifacts/screenshots/<name>.png."""

    def save(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
