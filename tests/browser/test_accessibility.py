"""axe-core on the main pages in light and dark, and the pages at 360 px.

Each page is also saved as a screenshot under test-artifacts/screenshots/.
"""

from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = {
    "home": "/",
    "results": "/?q="
    + quote(
        '{"code":"InvalidParameter","message":"The thinking_budget parameter must be a '
        'positive integer and not greater than 24576"}'
    ),
    "entry": "/errors/400-invalidparameter-range-of-input-length-should-be-1-xxx/",
    "stats": "/stats/",
    "api": "/api/",
}
BLOCKING = {"serious", "critical"}


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']}: {violation['id']} ({violation['help']})")
        for node in violation["nodes"][:5]:
            lines.append(
                f"    {node['target']}: {node['failureSummary']}".replace("\n", " ")
            )
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(
    portal, new_page, axe, screenshot, name, scheme
):
    page = new_page(color_scheme=scheme)
    page.goto(portal + PAGES[name])
    page.wait_for_load_state("networkidle")
    screenshot(page, f"{name}-{scheme}")
    violations = axe.run(page).response["violations"]
    blocking = [
        violation for violation in violations if violation["impact"] in BLOCKING
    ]
    assert blocking == [], describe(blocking)


@pytest.mark.parametrize("name", list(PAGES))
def test_usable_at_360_pixels(portal, new_page, screenshot, name):
    page = new_page(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page.goto(portal + PAGES[name])
    screenshot(page, f"{name}-360")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 360px"
