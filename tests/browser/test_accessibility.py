"""axe-core (bundled by axe-playwright-python) on the pages customers land on."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.harness import Tab

BLOCKING = ("serious", "critical")
PAGES = [
    "home", "category", "article", "rich article", "changed article", "roadmap", "changelog",
    "changelog entry", "404",
]  # fmt: skip


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}" for v in violations
    )


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_violations(
    name: str, reader: Tab, axe: Axe, page_paths: dict[str, str]
) -> None:
    """Zero serious or critical axe violations at 1280x800 and 390x844, light and dark; the
    page fits the screen and asks nothing of any other host (the search has its own test)."""
    page = reader.visit(page_paths[name])
    reader.settle()
    violations = axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], _describe(blocking)
    width = page.evaluate("innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert [url for url in reader.watch.requests if not reader.watch.is_local(url)] == []
