"""Screenshots a person can look at, under test-artifacts/screenshots/ (ignored by git)."""

from __future__ import annotations

import pytest

from tests.browser.harness import SCREENSHOTS, Tab

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("name", ["home", "article", "changed article", "roadmap", "changelog"])
def test_screenshot(name: str, tab: Tab, page_paths: dict[str, str]) -> None:
    """The page renders and is saved as a PNG (the home page at window size, others in full)."""
    page = tab.visit(page_paths[name])
    tab.settle()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=target, full_page=name != "home")
    data = target.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000
