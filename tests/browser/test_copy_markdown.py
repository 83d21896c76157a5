"""The "Copy as Markdown" button in headless Chromium: it copies the article's twin from the
site itself, is usable from the keyboard, announces the result, and is absent without
JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from kbgen.pages.twins import twin_path
from tests.browser.harness import StaticServer, Tab, open_tab

BUTTON = "Copy as Markdown"


@pytest.fixture
def clipboard_tab(browser: Browser, site_server: StaticServer) -> Iterator[Tab]:
    """A watched page allowed to read and write the clipboard (as a reader's click would)."""
    tab = open_tab(browser, site_server, permissions=["clipboard-read", "clipboard-write"])
    yield tab
    try:
        tab.finish()
    finally:
        tab.page.context.close()


@pytest.fixture
def no_js_tab(browser: Browser, site_server: StaticServer) -> Iterator[Tab]:
    """A watched page with JavaScript turned off."""
    tab = open_tab(browser, site_server, java_script_enabled=False)
    yield tab
    try:
        tab.finish()
    finally:
        tab.page.context.close()


@pytest.fixture(scope="module")
def changed(articles: list[dict[str, Any]]) -> dict[str, Any]:
    """An article that may be out of date (its twin says so in the frontmatter)."""
    return next(record for record in articles if record["status"] == "changed")


@pytest.mark.parametrize("press", ["click", "keyboard"])
def test_copy_puts_the_twin_on_the_clipboard(
    clipboard_tab: Tab, sample_site: Path, changed: dict[str, Any], press: str
) -> None:
    """Clicking or pressing Enter copies the twin, byte for byte, and says "Copied"."""
    page = clipboard_tab.visit(changed["url"])
    button = page.get_by_role("button", name=BUTTON)
    expect(button).to_be_visible()
    if press == "click":
        button.click()
    else:
        button.focus()
        page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == (sample_site / twin_path(changed["url"])).read_text("utf-8")
    assert "status: changed" in copied
    twin_requests = [url for url in clipboard_tab.watch.requests if url.endswith(".md")]
    assert twin_requests == [clipboard_tab.server.url(twin_path(changed["url"]))]


def test_copy_button_is_absent_without_javascript(no_js_tab: Tab, changed: dict[str, Any]) -> None:
    """With JavaScript off the button is not shown; the <head> link to the twin still is."""
    page = no_js_tab.visit(changed["url"])
    expect(page.get_by_role("button", name=BUTTON)).to_have_count(0)
    assert page.locator('link[rel="alternate"][type="text/markdown"]').count() == 1


def test_copy_button_only_on_articles(clipboard_tab: Tab) -> None:
    """Home, category and roadmap pages have no twin, so no button and no link."""
    for path in ("", "getting-started/", "roadmap/"):
        page = clipboard_tab.visit(path)
        expect(page.get_by_role("button", name=BUTTON)).to_have_count(0)
        assert page.locator('link[type="text/markdown"]').count() == 0
