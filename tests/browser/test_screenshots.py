"""Screenshots a person can look at, under test-artifacts/screenshots/ (ignored by git).

``test_readme_screenshot`` takes the README's pictures (home, an article, search with results,
the roadmap; laptop and phone) into ``KBGEN_SCREENSHOTS_DIR`` when set: ``scripts/screenshots``
points it at docs/screenshots/ and shrinks the files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.harness import SCREENSHOTS, VIEWPORTS, StaticServer, Tab, open_tab

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
README_ARTICLE = "getting-started/send-your-first-invoice/"
README_QUERY = "send invoice reminders"
README_SHOTS = {"home": "", "article": README_ARTICLE, "search": "", "roadmap": "roadmap/"}


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


def _show_results(page: Page) -> None:
    """Open the search from the home page's box, as a reader does, and wait for its results."""
    page.locator("button.kbgen-hero__search").click()
    page.locator("[data-kbgen-search]").press_sequentially(README_QUERY)
    done = f"[data-kbgen-search-results][data-kbgen-search-done='{README_QUERY}']"
    expect(page.locator(f"{done} a[href]").first).to_be_visible()
    page.mouse.move(0, 0)  # no result highlighted under a pointer left where the box was


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(README_SHOTS))
def test_readme_screenshot(
    name: str, viewport: str, browser: Browser, site_server: StaticServer
) -> None:
    """The README's screenshots of the demo site (light scheme, window-sized): each renders
    with no console error and no request to another host, and is a real PNG."""
    tab = open_tab(browser, site_server, color_scheme="light", **VIEWPORTS[viewport])
    try:
        page = tab.visit(README_SHOTS[name])
        tab.settle()
        if name == "search":
            _show_results(page)
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        folder = Path(os.environ.get("KBGEN_SCREENSHOTS_DIR") or SCREENSHOTS / "readme")
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{name}-{viewport}.png"
        page.screenshot(path=target)
        data = target.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000
        tab.finish()
    finally:
        tab.page.context.close()
