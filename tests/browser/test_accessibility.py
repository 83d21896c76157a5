"""axe-core (bundled by axe-playwright-python) on the pages customers land on."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from tests.browser.harness import StaticServer, open_tab

BLOCKING = ("serious", "critical")
PAGES = ["home", "article", "rich article", "changed article", "roadmap", "changelog"]


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}" for v in violations
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_violations(
    name: str,
    scheme: str,
    axe: Axe,
    browser: Browser,
    site_server: StaticServer,
    page_paths: dict[str, str],
) -> None:
    """Zero serious or critical axe violations, in the light and the dark colour scheme."""
    tab = open_tab(browser, site_server, color_scheme=scheme)
    try:
        page = tab.visit(page_paths[name])
        tab.settle()
        violations = axe.run(page).response["violations"]
        blocking = [v for v in violations if v["impact"] in BLOCKING]
        assert blocking == [], _describe(blocking)
        tab.finish()
    finally:
        tab.page.context.close()
