"""Issue 20 as a customer meets it, at 1280x800 and 390x844, light and dark: no developer
chrome, feedback only where it lands, brand colours, the home page's ways forward, breadcrumbs
and related articles; axe on every kind of page.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from kbgen.mkdocs.build import build_site
from tests.browser.harness import StaticServer, Tab, open_tab
from tests.conftest import article

BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def blocking(axe: Axe, page: Page) -> list[str]:
    """axe's serious and critical findings, one readable line each."""
    violations = axe.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in violations
        if v["impact"] in BLOCKING
    ]


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size or {"width": 0}
    assert width <= viewport["width"], f"the page is {width}px wide"


def test_article_shows_no_developer_chrome(reader: Tab, articles: list[dict[str, Any]]) -> None:
    """No repository badge, no edit pencil, no tag chips above the title, no "Next review";
    the title is strong and the trust line keeps "Last reviewed"."""
    overdue = next(record for record in articles if record["status"] == "overdue")
    page = reader.visit(overdue["url"])
    expect(page.locator(".md-source")).to_have_count(0)
    expect(page.locator(".md-content__button")).to_have_count(0)
    title = page.locator("article h1").first
    expect(title).to_be_visible()
    chips_before_title = page.evaluate(
        """() => [...document.querySelectorAll('.md-tags')].some(chips =>
             chips.compareDocumentPosition(document.querySelector('article h1'))
             & Node.DOCUMENT_POSITION_FOLLOWING)"""
    )
    assert chips_before_title is False
    assert int(title.evaluate("h => getComputedStyle(h).fontWeight")) >= 600
    expect(page.locator(".kb-trust")).to_contain_text("Last reviewed")
    expect(page.get_by_text("Next review")).to_have_count(0)
    expect(page.locator(".kb-stale-notice")).to_have_count(0)
    no_sideways_scroll(page)


def test_home_has_no_pager(reader: Tab) -> None:
    """The home page has no "Next: ..." pager."""
    page = reader.visit("")
    links = page.locator(".md-footer__link")
    for index in range(links.count()):
        expect(links.nth(index)).to_be_hidden()


def test_no_then_one_still_need_help(reader: Tab, articles: list[dict[str, Any]]) -> None:
    """After "No" and a reason, exactly one "Still need help?" is visible, leading to support."""
    page = reader.visit(articles[0]["url"])
    reader.settle()
    page.get_by_role("button", name="No").click()
    page.get_by_role("button", name="It didn't solve my problem").click()
    expect(page.locator("[data-kb-thanks='no']")).to_be_visible()
    expect(page.locator(".kb-support__heading:visible")).to_have_count(1)
    link = page.locator(".kb-support__link:visible")
    assert (link.get_attribute("href") or "").startswith("https://tallyflow.example/support?")
    assert "github.com" not in (page.locator("[data-kb-thanks='no']").inner_html())


# A small site with hex brand colours, support and a feedback form.
BRANDED_FILES = {
    "billing/_defaults.yml": "title: Billing\ndescription: Plans and invoices.\nowner: billing\n",
    "billing/refunds.md": article(
        "Issue a refund", extra="tags: [money]", body="Refunds take [five days](plans.md).\n"
    ),
    "billing/plans.md": article("Plans and prices", extra="tags: [money]"),
    "account/_defaults.yml": "title: Account\nowner: identity\n",
    "account/password.md": article("Reset your password"),
}
BRANDED_CONFIG = """\
    site_name: Orange Help
    site_description: Answers for Orange customers.
    theme:
      palette:
        primary: "{primary}"
        accent: "{accent}"
    support:
      url: "https://orange.example/support?t={{title}}"
    feedback:
      form_url: "https://orange.example/feedback?t={{title}}"
"""
BRANDS = [("#ff5a1f", "#ff5a1f"), ("#ffe600", "#0a7"), ("#1b1f3b", "indigo")]


@pytest.fixture(scope="module", params=BRANDS, ids=lambda brand: "-".join(brand))
def branded_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StaticServer]:
    primary, accent = request.param
    root = tmp_path_factory.mktemp("branded")
    config = textwrap.dedent(BRANDED_CONFIG).format(primary=primary, accent=accent)
    (root / "site_config.yml").write_text(config, encoding="utf-8")
    for name, text in BRANDED_FILES.items():
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(text, encoding="utf-8")
    site = build_site(root / "site_config.yml", root / "site", strict=True)
    with StaticServer(site) as server:
        yield server


@pytest.mark.parametrize("path", ["", "billing/", "billing/refunds/", "404.html"])
def test_brand_colours_are_axe_clean(
    path: str, scheme: str, axe: Axe, browser: Browser, branded_server: StaticServer
) -> None:
    """Hex brand colours leave no serious axe finding, light and dark, and colour the header."""
    tab = open_tab(browser, branded_server, color_scheme=scheme)
    try:
        page = tab.visit(path)
        tab.settle()
        assert blocking(axe, page) == []
        header = page.locator(".md-header").evaluate("h => getComputedStyle(h).backgroundColor")
        assert header != "rgb(64, 81, 181)"  # not Material's default indigo
        tab.finish()
    finally:
        tab.page.context.close()


def test_search_offers_only_the_kinds_the_site_has(
    scheme: str, axe: Axe, browser: Browser, branded_server: StaticServer
) -> None:
    """Without Linear there is no Roadmap or Changelog chip (one kind: no kind chips at all);
    the topic chips are the site's categories, axe-clean in the brand's colours."""
    tab = open_tab(browser, branded_server, color_scheme=scheme)
    try:
        page = tab.visit("")
        page.locator("button.kb-hero__search").click()
        page.locator("[data-kbgen-search]").press_sequentially("refund")
        expect(page.locator("[data-kbgen-search-results] a[href]").first).to_be_visible()
        expect(page.locator("[data-kbgen-search-filters]")).to_be_visible()
        expect(page.locator("[data-kbgen-search-kind]")).to_be_hidden()
        expect(page.get_by_text("Roadmap", exact=True)).to_have_count(0)
        expect(page.get_by_text("Changelog", exact=True)).to_have_count(0)
        topics = page.locator("[data-kbgen-search-category] label.kb-chip")
        expect(topics).to_have_text(["All topics", "Account", "Billing"])
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        assert blocking(axe, page) == []
        tab.finish()
    finally:
        tab.page.context.close()
