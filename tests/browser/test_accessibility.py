"""axe-core on the main pages in light and dark (tests/browser/test_answer.py
checks them at 360 px).

Each page is also saved as a screenshot under test-artifacts/screenshots/.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.pages import PAGES

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
