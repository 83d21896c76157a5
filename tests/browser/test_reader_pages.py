"""Issue 20 as a customer meets it, at 1280x800 and 390x844, light and dark: no developer
chrome, feedback only where it lands, brand colours, the home page's ways forward, breadcrumbs
and related articles; axe on every kind of page.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from kbgen.mkdocs.build import build_site
from tests.browser.harness import VIEWPORTS, StaticServer, Tab, open_tab
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
    expect(page.locator(".kbgen-trust")).to_contain_text("Last reviewed")
    expect(page.get_by_text("Next review")).to_have_count(0)
    expect(page.locator(".kbgen-stale-notice")).to_have_count(0)
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
    expect(page.locator(".kbgen-support__heading:visible")).to_have_count(1)
    link = page.locator(".kbgen-support__link:visible")
    assert (link.get_attribute("href") or "").startswith("https://tallyflow.example/support?")
    assert "github.com" not in (page.locator("[data-kb-thanks='no']").inner_html())


FEATURED = "getting-started/send-your-first-invoice/"
"""The first of the demo's home.featured articles."""
ENTRY_PAGE = r"changelog/[a-z0-9-]+/"
MONTH_YEAR = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December)"
    r" \d{4}"
)


def fits(page: Page, selector: str) -> None:
    """Every element matching ``selector`` is on screen horizontally (none runs off it)."""
    width = page.evaluate("innerWidth")
    edges = page.locator(selector).evaluate_all(
        "els => els.map(e => e.getBoundingClientRect()).map(r => [r.left, r.right])"
    )
    assert edges, selector
    assert [edge for edge in edges if edge[0] < 0 or edge[1] > width] == [], selector


def test_home_leads_with_name_search_and_ways_forward(reader: Tab) -> None:
    """The site's name and the big search come first; Roadmap, Changelog and Contact support
    are visible without opening a menu, on a laptop and a phone; topic cards carry their icon;
    Popular articles follow home.featured; What's new links each entry's own page."""
    page = reader.visit("")
    title = page.locator("#kbgen-hero-title")
    expect(title).to_have_text("Tallyflow Help Centre")
    expect(title).to_be_in_viewport()
    search = page.locator("button.kbgen-hero__search")
    expect(search).to_be_in_viewport()
    ways = page.locator("[data-kbgen-home-links] a")
    expect(ways.locator(".kbgen-home-links__label")).to_have_text(
        ["Roadmap", "Changelog", "Contact support"]
    )
    for index in range(ways.count()):
        expect(ways.nth(index)).to_be_visible()
    fits(page, "[data-kbgen-home-links] a")
    row = page.locator("[data-kbgen-home-links] ul").bounding_box()
    first, last = ways.first.bounding_box(), ways.last.bounding_box()
    assert row and first and last
    left, right = first["x"] - row["x"], row["x"] + row["width"] - last["x"] - last["width"]
    assert abs(left - right) <= 2, f"the row sits off centre: {left} px left, {right} px right"
    top = [
        box["y"]
        for box in (title.bounding_box(), search.bounding_box(), ways.first.bounding_box())
        if box
    ]
    assert top == sorted(top) and len(top) == 3
    expect(page.locator(".kbgen-category-card")).to_have_count(6)
    expect(page.locator(".kbgen-category-card__icon svg")).to_have_count(6)
    fits(page, ".kbgen-category-card")
    expect(page.locator("#kbgen-popular-title")).to_have_text("Popular articles")
    expect(page.locator("[data-kbgen-popular] a").first).to_have_attribute("href", FEATURED)
    news = page.locator("[data-kbgen-whats-new] li a")
    expect(news.first).to_be_visible()
    hrefs = news.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(re.fullmatch(ENTRY_PAGE, href) for href in hrefs)
    no_sideways_scroll(page)
    headline = news.first.inner_text()
    news.first.click()
    expect(page.locator("article h1, .kbgen-entry-page h1").first).to_have_text(headline)


def test_article_has_breadcrumbs_and_related_articles(
    reader: Tab, viewport: str, articles: list[dict[str, Any]]
) -> None:
    """Home > Category above the title, leading to both; up to five related articles, never
    the page itself, all on screen."""
    record = articles[0]
    page = reader.visit(record["url"])
    crumbs = page.locator("nav[data-kbgen-breadcrumbs] a")
    expect(crumbs).to_have_text(["Home", record["category"]])
    expect(crumbs.first).to_be_visible()
    above = page.evaluate(
        """() => document.querySelector('[data-kbgen-breadcrumbs]').compareDocumentPosition(
             document.querySelector('article h1')) & Node.DOCUMENT_POSITION_FOLLOWING"""
    )
    assert above
    fits(page, "nav[data-kbgen-breadcrumbs] a")
    separator = page.locator(".kbgen-trust__separator")
    if viewport == "phone":  # one fact a line: no "·" left at a line's end
        expect(separator).to_be_hidden()
    else:
        expect(separator).to_be_visible()
    related = page.locator("[data-kbgen-related] li a")
    hrefs = related.evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    assert 1 <= len(hrefs) <= 5 and f"/{record['url']}" not in hrefs
    fits(page, "[data-kbgen-related] li a")
    no_sideways_scroll(page)
    crumbs.nth(1).click()
    expect(page.locator("article h1").first).to_have_text(record["category"])


def test_roadmap_reads_at_a_glance(reader: Tab) -> None:
    """Each column has its own status colour; every target reads as month and year; no card
    says "Updated"; a shipped card links its changelog entry page; nothing runs off screen."""
    page = reader.visit("roadmap/")
    colours = page.locator(".kbgen-roadmap__column h2").evaluate_all(
        "hs => hs.map(h => getComputedStyle(h).borderBottomColor)"
    )
    assert len(colours) == 3 and len(set(colours)) == 3
    targets = page.locator(".kbgen-card__facts dt:text-is('Target') + dd").all_inner_texts()
    assert targets and all(re.fullmatch(MONTH_YEAR, target) for target in targets)
    expect(page.locator(".kbgen-card dt").filter(has_text="Updated")).to_have_count(0)
    entry = page.locator(".kbgen-card__entry a").first
    expect(entry).to_be_visible()
    fits(page, ".kbgen-card")
    no_sideways_scroll(page)
    entry.click()
    assert re.search(ENTRY_PAGE + "$", page.url)
    expect(page.locator(".kbgen-entry-page h1")).to_be_visible()


def test_changelog_list_leads_to_each_entry_page(reader: Tab) -> None:
    """The changelog lists entries under month headings, each linking its own page, which
    shows the entry with breadcrumbs back to the changelog."""
    page = reader.visit("changelog/")
    first = page.locator(".kbgen-entry__title a").first
    expect(first).to_be_visible()
    title = first.inner_text()
    fits(page, ".kbgen-entry")
    no_sideways_scroll(page)
    first.click()
    assert re.search(ENTRY_PAGE + "$", page.url)
    expect(page.locator(".kbgen-entry-page h1")).to_have_text(title)
    expect(page.locator("nav[data-kbgen-breadcrumbs] a")).to_have_text(["Home", "Changelog"])
    no_sideways_scroll(page)


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
        page.locator("button.kbgen-hero__search").click()
        page.locator("[data-kbgen-search]").press_sequentially("refund")
        expect(page.locator("[data-kbgen-search-results] a[href]").first).to_be_visible()
        expect(page.locator("[data-kbgen-search-filters]")).to_be_visible()
        expect(page.locator("[data-kbgen-search-kind]")).to_be_hidden()
        expect(page.get_by_text("Roadmap", exact=True)).to_have_count(0)
        expect(page.get_by_text("Changelog", exact=True)).to_have_count(0)
        topics = page.locator("[data-kbgen-search-category] label.kbgen-chip")
        expect(topics).to_have_text(["All topics", "Account", "Billing"])
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        assert blocking(axe, page) == []
        tab.finish()
    finally:
        tab.page.context.close()


LONG_TOPIC = "Invoices, payments, refunds, credit notes and everything about getting paid"
UNBROKEN = "refund" + "x" * 70
PLAIN_FILES = {
    **BRANDED_FILES,
    "paid/_defaults.yml": f"title: {LONG_TOPIC}\n",
    "paid/late.md": article(f"Refund {UNBROKEN}", body=f"Refund the {UNBROKEN} charge.\n"),
}


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    """The branded site's articles with nothing configured: no support, feedback, analytics
    or Linear (what `kbgen init` starts from), plus a topic with a long name and an article
    with an unbreakable word in its title and text."""
    root = tmp_path_factory.mktemp("plain")
    (root / "site_config.yml").write_text("site_name: Plain Help\n", encoding="utf-8")
    for name, text in PLAIN_FILES.items():
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(text, encoding="utf-8")
    with StaticServer(build_site(root / "site_config.yml", root / "site", strict=True)) as server:
        yield server


@pytest.mark.parametrize("path", ["", "billing/refunds/"])
def test_nothing_offered_that_goes_nowhere(
    path: str, viewport: str, scheme: str, browser: Browser, plain_server: StaticServer
) -> None:
    """With no feedback destination there is no "Was this page helpful?", and with no roadmap
    or support the home page offers no ways-forward row: only what exists is shown."""
    tab = open_tab(browser, plain_server, color_scheme=scheme, **VIEWPORTS[viewport])
    try:
        page = tab.visit(path)
        expect(page.locator("main, article").first).to_be_visible()
        expect(page.get_by_text("Was this page helpful?")).to_have_count(0)
        expect(page.locator("[data-kb-feedback]")).to_have_count(0)
        expect(page.locator("[data-kbgen-home-links]")).to_have_count(0)
        expect(page.locator("[data-kbgen-whats-new]")).to_have_count(0)
        expect(page.get_by_role("link", name="Roadmap")).to_have_count(0)
        no_sideways_scroll(page)
        tab.finish()
    finally:
        tab.page.context.close()


def test_long_topics_and_words_fit_the_search_on_a_phone(
    scheme: str, browser: Browser, plain_server: StaticServer
) -> None:
    """A topic chip with a long name and a result with a 76-letter word stay on a 390 px
    screen (the chip is cut with an ellipsis, the word wraps): no sideways scroll."""
    tab = open_tab(browser, plain_server, color_scheme=scheme, **VIEWPORTS["phone"])
    try:
        page = tab.visit("")
        page.locator("button.kbgen-hero__search").click()
        page.locator("[data-kbgen-search]").press_sequentially("refund")
        results = page.locator("[data-kbgen-search-results] a[href]")
        expect(results.filter(has_text=UNBROKEN[:20]).first).to_be_visible()
        expect(page.locator("[data-kbgen-search-category] label.kbgen-chip")).to_have_count(4)
        expect(page.locator("body")).to_have_attribute("data-md-scrolllock", "")
        for selector in (
            "label.kbgen-chip",
            "[data-kbgen-search-results] a[href]",
            ".kbgen-search-result__title",
            ".kbgen-search-result__excerpt",
        ):
            fits(page, selector)
        boxes = page.locator(".md-search__scrollwrap, .kbgen-search-result__title")
        overflowing = boxes.evaluate_all(
            "els => els.filter(e => e.scrollWidth > e.clientWidth).map(e => e.className)"
        )
        assert overflowing == [], "text runs past its box"
        no_sideways_scroll(page)
        tab.finish()
    finally:
        tab.page.context.close()
