"""help-widget.js embedded in a product page served from a second local origin."""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from pagefind.index import PagefindIndex
from playwright.sync_api import Browser, Locator, Page, expect

from kbgen.mkdocs.search_pages import read_fragments
from kbgen.search.bundle import SearchDoc, write_search_data
from tests.browser.harness import StaticServer, Tab, open_tab

PRODUCT_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Tallyflow: Invoices</title><link rel="icon" href="data:,"></head>
<body>
  <main>
    <h1>Invoices</h1>
    <p>Three invoices are waiting to be sent.</p>
    <button type="button" data-kb-help-open data-kb-query="refund">Help with refunds</button>
  </main>
  <script src="{script}" data-kb-base="{base}" defer></script>
</body>
</html>
"""
HOSTILE_RECORDS = [
    ("<img src=x onerror=alert(1)> Refund trick", "javascript:alert(2)", "refund trick"),
    ("Refund elsewhere", "https://evil.example/refund/", "refund elsewhere"),
    ("Refund protocol-relative", "//evil.example/refund/", "refund elsewhere"),
    ("<script>alert(3)</script> Refund policy", "/refund-policy/", "refund <b onmouseover=x>b</b>"),
]


def _hostile_bundle(root: Path) -> None:
    """A real Pagefind bundle and kbgen search data whose records carry markup and foreign
    URLs."""

    async def write() -> None:
        # Written on leaving the block, to output_path (never to the working directory).
        async with PagefindIndex({"output_path": str(root / "pagefind")}) as index:
            for title, url, content in HOSTILE_RECORDS:
                await index.add_custom_record(
                    url=url, content=content, language="en", meta={"title": title}
                )

    # Playwright's sync API runs an event loop in this thread: Pagefind gets its own thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, write()).result(120)
    fragments = read_fragments(root / "pagefind")
    docs = [
        SearchDoc(url, title, "Article", "", content, content)
        for title, url, content in HOSTILE_RECORDS
    ]
    ids = {url: page_id for url, (page_id, _) in fragments.items()}
    write_search_data(root, docs, semantic=True, pagefind_ids=ids)


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def _product_page(site_server: StaticServer, base: str) -> str:
    """The product page, loading the widget from the help site, searching ``base``."""
    return PRODUCT_PAGE.format(script=site_server.url("assets/kbgen/help-widget.js"), base=base)


@pytest.fixture(scope="module")
def product(
    tmp_path_factory: pytest.TempPathFactory, site_server: StaticServer
) -> Iterator[StaticServer]:
    """A product page on its own origin, embedding the widget from the help site."""
    root = tmp_path_factory.mktemp("product")
    _write(root, {"index.html": _product_page(site_server, base=site_server.url())})
    with StaticServer(root, cors=False) as server:
        yield server


@pytest.fixture
def product_tab(
    browser: Browser, product: StaticServer, site_server: StaticServer
) -> Iterator[Tab]:
    """A watched page on the product origin, allowed to reach the help site's origin too."""
    tab = open_tab(browser, product, site_server.origin)
    yield tab
    try:
        tab.finish()
    finally:
        tab.page.context.close()


def _dialog(page: Page) -> Locator:
    return page.get_by_role("dialog", name="Search the help centre")


def _open(tab: Tab) -> Page:
    page = tab.visit("")
    page.get_by_role("button", name="Help", exact=True).click()
    expect(_dialog(page)).to_be_visible()
    return page


def test_widget_searches_the_help_site_from_another_origin(
    product_tab: Tab, site_server: StaticServer, searchable: dict[str, Any]
) -> None:
    """Typing a query lists the matching article, linked to its URL on the help site."""
    record = searchable
    page = _open(product_tab)
    search = page.get_by_role("searchbox", name="What do you need help with?")
    expect(search).to_be_focused()
    search.press_sequentially(record["title"].lower())
    link = _dialog(page).get_by_role("link", name=record["title"])
    expect(link).to_have_attribute("href", site_server.url(record["url"]))
    assert site_server.url("pagefind/pagefind.js") in product_tab.watch.requests
    assert site_server.url("api/articles.json") not in product_tab.watch.requests


def test_result_opens_the_article_on_the_help_site(
    product_tab: Tab, site_server: StaticServer, searchable: dict[str, Any]
) -> None:
    """Clicking a result opens the article in a new tab on the help site."""
    record = searchable
    page = _open(product_tab)
    page.get_by_role("searchbox").press_sequentially(record["title"])
    with page.context.expect_page() as opened:
        _dialog(page).get_by_role("link", name=record["title"]).click()
    article = opened.value
    article.wait_for_load_state("load")
    assert article.url == site_server.url(record["url"])
    expect(article.locator("article h1")).to_have_text(record["title"])


def test_escape_closes_and_gives_focus_back(product_tab: Tab) -> None:
    """Escape closes the dialog and returns focus to the button that opened it."""
    page = _open(product_tab)
    page.keyboard.press("Escape")
    expect(_dialog(page)).to_be_hidden()
    expect(page.get_by_role("button", name="Help", exact=True)).to_be_focused()


def test_tab_key_stays_inside_the_dialog(product_tab: Tab) -> None:
    """Tab and Shift+Tab cycle through the dialog's controls and never reach the page behind."""
    page = _open(product_tab)
    page.get_by_role("searchbox").press_sequentially("invoice")
    expect(_dialog(page).get_by_role("link").first).to_be_visible()
    inside = (
        "() => document.activeElement.shadowRoot?.activeElement?.closest('[role=dialog]') != null"
    )
    for key in ["Tab"] * 12 + ["Shift+Tab"] * 12:
        page.keyboard.press(key)
        assert page.evaluate(inside), f"focus left the dialog after {key}"
    for key in ["Tab", "Shift+Tab"]:
        _dialog(page).get_by_role("heading").click()
        page.keyboard.press(key)
        assert page.evaluate(inside), f"focus left the dialog after a click on its text and {key}"


def test_own_button_opens_the_widget_with_a_query(product_tab: Tab) -> None:
    """An element with data-kb-help-open opens the widget searching its data-kb-query."""
    page = product_tab.visit("")
    page.get_by_role("button", name="Help with refunds").click()
    expect(page.get_by_role("searchbox")).to_have_value("refund")
    first = _dialog(page).get_by_role("listitem").first.locator(".title")
    expect(first).to_contain_text("refund", ignore_case=True)


def test_open_widget_has_no_serious_accessibility_violations(product_tab: Tab) -> None:
    """axe finds no serious or critical violation with the dialog open and showing results."""
    page = _open(product_tab)
    page.get_by_role("searchbox").press_sequentially("invoice")
    expect(_dialog(page).get_by_role("link").first).to_be_visible()
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []


def test_hostile_index_is_shown_as_text_and_foreign_links_dropped(
    tmp_path: Path, browser: Browser, site_server: StaticServer
) -> None:
    """Markup in titles stays text; javascript: and other-origin URLs are never linked."""
    hostile = StaticServer(tmp_path, cors=True)
    _hostile_bundle(tmp_path)
    _write(tmp_path, {"index.html": _product_page(site_server, base=hostile.url())})
    with hostile:
        tab = open_tab(browser, hostile, site_server.origin)
        try:
            page = _open(tab)
            page.get_by_role("searchbox").press_sequentially("refund")
            links = _dialog(page).get_by_role("listitem").get_by_role("link")
            expect(links).to_have_count(1)
            expect(links).to_have_attribute("href", hostile.url("refund-policy/"))
            expect(links.locator(".title")).to_have_text("<script>alert(3)</script> Refund policy")
            links.hover()
            assert (
                page.locator("[data-kbgen-help]").evaluate(
                    "host => host.shadowRoot.querySelectorAll('script, img, b').length"
                )
                == 0
            )
            tab.finish()
        finally:
            tab.page.context.close()


def test_search_terms_find_the_article_and_stay_hidden(product_tab: Tab) -> None:
    """ "reimburse" (a search_terms alias) finds "Issue a refund"; the excerpt never shows it."""
    page = _open(product_tab)
    page.get_by_role("searchbox", name="What do you need help with?").press_sequentially(
        "reimburse"
    )
    dialog = _dialog(page)
    link = dialog.get_by_role("link", name="Issue a refund")
    expect(link).to_be_visible()
    expect(link.locator(".description")).to_contain_text("refund")  # the visible words
    assert "reimburse" not in dialog.inner_text().lower()


SPY = """window.kbgenCalls = [];
window.kbgen = {track: (name, data) => window.kbgenCalls.push([name, data])};"""


@pytest.mark.parametrize("query", ["xyzzy", "how do I bake sourdough bread"])
def test_nothing_matching_shows_the_support_link_and_sends_kb_search(
    browser: Browser, product: StaticServer, site_server: StaticServer, query: str
) -> None:
    """No results (gibberish, or a question nothing answers): the help centre's support link
    (query filled in) and kb_search results: 0, through window.kbgen.track when the page has
    it."""
    tab = open_tab(browser, product, site_server.origin)
    try:
        tab.page.add_init_script(SPY)
        page = _open(tab)
        page.get_by_role("searchbox").press_sequentially(query)
        dialog = _dialog(page)
        expect(dialog.get_by_role("status")).to_have_text(f"No articles match “{query}”.")
        link = dialog.get_by_role("link", name="Contact support")
        expect(link).to_have_attribute(
            "href",
            re.compile(r"^https://tallyflow\.example/support\?.*search=" + re.escape(quote(query))),
        )
        page.wait_for_function("() => window.kbgenCalls.length > 0", timeout=5000)
        calls = page.evaluate("window.kbgenCalls")
        assert ["kb_search", {"query": query, "results": 0}] in calls
        tab.finish()
    finally:
        tab.page.context.close()


@pytest.mark.parametrize(
    ("question", "title"),
    [("how do I give a customer their money back", "Issue a refund"),
     ("my card expired how do I change it", "Update your payment method")],
)  # fmt: skip
def test_widget_answers_questions_with_the_sites_own_engine(
    product_tab: Tab, site_server: StaticServer, sample_site: Path, question: str, title: str
) -> None:
    """The widget imports the site's search-engine.js (the module the search box uses, not a
    copy) and ranks as the site does: a question whose words the article does not all hold
    finds it, by the site's word shards and page vectors."""
    page = _open(product_tab)
    page.get_by_role("searchbox").press_sequentially(question)
    expect(_dialog(page).get_by_role("link", name=title)).to_be_visible()
    requests = product_tab.watch.requests
    assert site_server.url("assets/kbgen/search-engine.js") in requests
    assert site_server.url("kbgen-search/vectors.json") in requests
    widget = (sample_site / "assets" / "kbgen" / "help-widget.js").read_text("utf-8")
    assert "createEngine" in widget and "function fuse" not in widget


def test_a_misspelling_is_corrected_in_the_widget_too(product_tab: Tab) -> None:
    """The widget uses the site's engine: "refnud" shows the refund article, saying so."""
    page = _open(product_tab)
    page.get_by_role("searchbox").press_sequentially("refnud")
    dialog = _dialog(page)
    expect(dialog.get_by_role("status")).to_contain_text("Showing results for refund")
    expect(dialog.get_by_role("link", name="Issue a refund")).to_be_visible()
    dialog.get_by_role("button", name="Search for “refnud” instead").click()
    expect(dialog.get_by_role("status")).to_have_text("No articles match “refnud”.")
