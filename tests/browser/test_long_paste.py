"""Long pastes from the page, against gunicorn: a 5 KB and a 60 KB traceback
give the right entry first, with and without JavaScript, and a short link."""

import pytest
from playwright.sync_api import expect

from tests.servers import gunicorn, prepare_database, server_env

pytestmark = pytest.mark.sqlite_file

EXPECTED = "Range of input length should be [1, xxx]"
FRAME = (
    '  File "/srv/app/pipeline/stage_{n}.py", line {n}, in run_stage_{n}\n'
    "    result = client.chat.completions.create(model=model, messages=batch)\n"
)
LOG = "2026-03-02 10:15:{s:02d} INFO worker-{n} processed batch {n} in 12 ms\n"
ERROR = (
    "openai.BadRequestError: Error code: 400 - {'error': {'code': "
    "'invalid_parameter_error', 'param': None, 'message': 'Range of input length "
    "should be [1, 30720]', 'type': 'invalid_request_error'}, 'request_id': "
    "'5f0c1b2a-0000-4000-8000-000000000000'}\n"
)


def traceback_of(size: int) -> str:
    lines, n = [], 0
    while sum(map(len, lines)) < size - len(ERROR) - 200:
        n += 1
        lines.append(LOG.format(s=n % 60, n=n) if n % 3 == 0 else FRAME.format(n=n))
    return "Traceback (most recent call last):\n" + "".join(lines) + ERROR


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    database = tmp_path_factory.mktemp("long-paste") / "portal.sqlite3"
    env = server_env(f"sqlite:///{database}")
    prepare_database(env)
    with gunicorn(env, workers=2) as base_url:
        yield base_url


@pytest.mark.parametrize("size", [5_000, 60_000])
def test_a_long_paste_with_javascript(production, new_page, size):
    text = traceback_of(size)
    assert size - 100 < len(text.encode()) <= size
    page = new_page()
    page.goto(production + "/")
    box = page.locator("#q")
    box.focus()
    page.keyboard.insert_text(text)  # as a paste does: one input event
    expect(page.locator(".result a.message").first).to_have_text(EXPECTED)
    assert box.input_value() == text  # nothing typed is lost
    assert page.url.startswith(production + "/?q=")
    assert len(page.url) < 3_000  # a short link to share
    page.goto(page.url)
    expect(page.locator(".result a.message").first).to_have_text(EXPECTED)


@pytest.mark.parametrize("size", [5_000, 60_000])
def test_a_long_paste_without_javascript(production, new_page, size):
    text = traceback_of(size)
    page = new_page(java_script_enabled=False)
    page.goto(production + "/")
    page.locator("#q").fill(text)
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".result a.message").first).to_have_text(EXPECTED)
    assert page.url.startswith(production + "/?q=")
    assert len(page.url) < 3_000
