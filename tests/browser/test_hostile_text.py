"""A site whose titles, tags, folder names and config are hostile runs no script in Chromium.

The harness fails a test on any dialog (``alert``), console error or request to another
host, so loading each page, searching it and using the help widget proves no injected
script ran and no page fetched mermaid from a CDN.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from kbgen.mkdocs.build import build_site
from tests.browser.harness import StaticServer, Tab, open_tab
from tests.mkdocs.test_theme_text import write_site

PAYLOAD = (
    '<img src=x onerror=alert(1)> "><svg onload=alert(2)> </title><script>alert(3)</script> & AT&T'
)
PAGES = ["", "billing/", "billing/refund/", "billing/heading/", "tags/"]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    """The hostile site, with a mermaid diagram on one article, served locally."""
    root = tmp_path_factory.mktemp("hostile-browser")
    config = write_site(root, PAYLOAD)
    article = root / "content" / "billing" / "heading.md"
    article.write_text(
        article.read_text("utf-8") + '\n<pre class="mermaid">graph TD; A-->B</pre>\n', "utf-8"
    )
    with StaticServer(build_site(config, root / "site")) as server:
        yield server


@pytest.fixture
def hostile_tab(browser: Browser, hostile_server: StaticServer) -> Iterator[Tab]:
    tab = open_tab(browser, hostile_server)
    yield tab
    try:
        tab.finish()
    finally:
        tab.page.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_runs_no_injected_script(hostile_tab: Tab, path: str) -> None:
    """Each page loads with no dialog, no console error and no request to another host."""
    page = hostile_tab.visit(path)
    hostile_tab.settle()
    assert page.evaluate("() => document.querySelectorAll('svg[onload], img[onerror]').length") == 0


def test_titles_read_as_written(hostile_tab: Tab) -> None:
    """The article's heading, browser title and tag chips show the hostile text as text."""
    page = hostile_tab.visit("billing/refund/")
    expect(page.locator("article h1")).to_have_text(f"Refund {PAYLOAD}")
    assert page.title() == f"Refund {PAYLOAD} - Help {PAYLOAD}"
    expect(page.locator("article .md-tag", has_text="tag ")).to_have_text(f"tag {PAYLOAD}")


def _search(page: Page, query: str) -> None:
    page.locator("button.kbgen-hero__search").click()
    page.locator("[data-kbgen-search]").press_sequentially(query)


def test_search_results_run_no_script(hostile_tab: Tab) -> None:
    """Typing in the search lists the hostile titles and categories as text, running nothing."""
    page = hostile_tab.visit("")
    _search(page, "refund")
    result = page.locator("[data-kbgen-search-results] a[href]", has_text="Refund").first
    expect(result).to_be_visible()
    expect(result.locator(".kbgen-search-result__title")).to_have_text(f"Refund {PAYLOAD}")
    expect(result.locator(".kbgen-search-result__label")).to_contain_text("Article")
    assert page.evaluate("() => document.querySelectorAll('svg[onload], img[onerror]').length") == 0
    hostile_tab.settle()
    assert hostile_tab.watch.dialogs == []


def test_help_widget_shows_titles_as_text(
    browser: Browser, hostile_server: StaticServer, tmp_path: Path
) -> None:
    """The widget, searching the hostile site's Pagefind bundle, shows the raw titles as text."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>Product</title>'
        '<link rel="icon" href="data:,"></head><body><main><h1>Product</h1></main>'
        f'<script src="{hostile_server.url("assets/kbgen/help-widget.js")}" '
        f'data-kb-base="{hostile_server.url()}" defer></script></body></html>',
        encoding="utf-8",
    )
    with StaticServer(tmp_path, cors=False) as product:
        tab = open_tab(browser, product, hostile_server.origin)
        try:
            page = tab.visit("")
            page.get_by_role("button", name="Help", exact=True).click()
            page.get_by_role("searchbox").press_sequentially("refund")
            dialog = page.get_by_role("dialog", name="Search the help centre")
            expect(dialog.locator(".title").first).to_have_text(f"Refund {PAYLOAD}")
            tab.finish()
        finally:
            tab.page.context.close()
