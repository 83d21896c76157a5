"""The way out when self-service fails, in headless Chromium: support links that carry context,
feedback with reasons, and events that go only where the site owner points them.

The sample site has support.url and no analytics provider; a second build of it sends events
(``analytics.provider: custom``) to a local collector on another loopback port.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, expect

from kbgen.cli import main
from kbgen.mkdocs.build import build_site
from tests.browser.collector import Collector
from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LOOPBACK_ONLY,
    REPO,
    StaticServer,
    Tab,
    open_tab,
)

# A word in no article. (Pagefind matches parts of digit runs, so digits go in direct track calls.)
NOTHING_MATCHES = "flumphgrid"
BLOCKING = ("serious", "critical")
EVENT_KEYS = {
    "kb_search": {"event", "query", "results", "ts"},
    "kb_feedback": {"event", "page", "helpful", "reason", "ts"},
    "kb_contact": {"event", "page", "query", "ts"},
}
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def collector() -> Iterator[Collector]:
    with Collector() as running:
        yield running


@pytest.fixture(scope="module")
def tracked_site(tmp_path_factory: pytest.TempPathFactory, collector: Collector) -> Path:
    """The sample site, its analytics pointed at the collector, its support link at /support."""
    root = tmp_path_factory.mktemp("tracked")
    for folder in ("content", "data", "overrides"):
        shutil.copytree(REPO / folder, root / folder)
    text = (REPO / "site_config.yml").read_text("utf-8")
    support = f"{collector.origin}/support?topic={{title}}&page={{url}}&q={{query}}"
    text = text.replace(
        "https://tallyflow.example/support?topic={title}&page={url}&search={query}", support
    )
    text += f"\nanalytics:\n  provider: custom\n  endpoint: {collector.origin}/collect\n"
    (root / "site_config.yml").write_text(text, "utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.delenv("LINEAR_API_KEY", raising=False)
        return build_site(root / "site_config.yml", root / "site")


@pytest.fixture(scope="module")
def tracked_server(tracked_site: Path) -> Iterator[StaticServer]:
    with StaticServer(tracked_site) as server:
        yield server


@pytest.fixture(scope="module")
def beacon_browser(browser: Browser) -> Iterator[Browser]:
    """A second Chromium that resolves no host but 127.0.0.1, so pages need no request
    interception (which loses keepalive beacons: see tests/browser/harness.py)."""
    launched = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, LOOPBACK_ONLY]
    )
    yield launched
    launched.close()


@pytest.fixture
def tracked_tab(
    beacon_browser: Browser, tracked_server: StaticServer, collector: Collector
) -> Iterator[Tab]:
    """A watched page on the tracked site, allowed to reach the collector too."""
    tab = open_tab(beacon_browser, tracked_server, collector.origin, intercept=False)
    yield tab
    try:
        tab.finish()
    finally:
        tab.page.context.close()


# Plausible's documented snippet for calling plausible() before its script has loaded.
PLAUSIBLE_QUEUE = (
    "window.plausible = window.plausible || function () {"
    " (window.plausible.q = window.plausible.q || []).push(arguments) }"
)


@pytest.fixture(scope="module")
def make_plausible_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    """A one-article site with analytics.provider plausible, served locally."""
    root = tmp_path_factory.mktemp("plausible")
    (root / "content" / "billing").mkdir(parents=True)
    (root / "content" / "billing" / "refunds.md").write_text(
        "---\ntitle: Refunds\nowner: billing-team\nlast_reviewed: 2026-11-20\n---\n\nText.\n",
        "utf-8",
    )
    (root / "site_config.yml").write_text(
        "site_name: Acme\nanalytics:\n  provider: plausible\n", "utf-8"
    )
    with StaticServer(build_site(root / "site_config.yml", root / "site")) as server:
        yield server


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def search(page: Page, query: str) -> None:
    """Open kbgen's search from the home page's hero and type ``query``."""
    page.locator("button.kbgen-hero__search").click()
    page.locator("[data-kbgen-search]").press_sequentially(query)


def answer_no(page: Page, reason: str) -> None:
    """Answer "No" and pick the reason carrying ``data-kb-reason=reason``."""
    page.get_by_role("button", name="No").click()
    page.locator(f'[data-kb-reason="{reason}"]').click()


def query_of(href: str, name: str) -> str:
    """One query parameter of a link, decoded."""
    return parse_qs(urlsplit(href).query).get(name, [""])[0]


def off_site(tab: Tab) -> list[str]:
    """Every request this tab made to anything but the site's own origin."""
    return [url for url in tab.watch.requests if not url.startswith(tab.server.origin + "/")]


def blocking(axe: Axe, page: Page, within: str | None = None) -> list[str]:
    """Serious or critical axe violations (``within`` a selector, or the page), as lines.

    The pointer is moved off the page first and Material's 125 ms colour transitions are let
    finish, so axe judges the settled colours rather than a frame of a fade.
    """
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    violations = axe.run(page, context=within).response["violations"]
    return [f"{v['id']}: {[(n['target'], n.get('failureSummary')) for n in v['nodes']]}"
            for v in violations if v["impact"] in BLOCKING]  # fmt: skip


# --- the sample site: support links, no provider -------------------------------------------


def test_article_ends_with_support_link(tab: Tab, articles: list[dict[str, Any]]) -> None:
    """An article ends with "Still need help?" and a support link naming the article."""
    record = articles[0]
    page = tab.visit(record["url"])
    block = page.locator("article > [data-pagefind-ignore] > .kbgen-support")
    expect(block).to_contain_text("Still need help?")
    link = block.locator("a[data-kbgen-support]")
    expect(link).to_have_text("Contact support")
    href = link.get_attribute("href") or ""
    assert href.startswith("https://tallyflow.example/support?")
    assert query_of(href, "topic") == record["title"]
    assert query_of(href, "page") == f"https://help.tallyflow.example/{record['url']}"


def test_not_found_page_offers_support(tab: Tab) -> None:
    """The 404 page offers the support link, carrying the address the reader tried."""
    page = tab.visit("404.html")
    expect(page.locator("article h1")).to_have_text("Page not found")
    link = page.locator(".kbgen-support a[data-kbgen-support]")
    expect(link).to_be_visible()
    assert query_of(link.get_attribute("href") or "", "page") == tab.server.url("404.html")


def test_empty_search_offers_support_with_the_query(
    tab: Tab, articles: list[dict[str, Any]]
) -> None:
    """A search that finds nothing offers support carrying the query, and later pages do too."""
    page = tab.visit("")
    search(page, NOTHING_MATCHES)
    link = page.locator("[data-kbgen-search-support] .kbgen-support a[data-kbgen-support]")
    expect(link).to_be_visible()
    assert query_of(link.get_attribute("href") or "", "search") == NOTHING_MATCHES
    assert f"search={quote(NOTHING_MATCHES, safe='')}" in (link.get_attribute("href") or "")
    page = tab.visit(articles[1]["url"])
    later = page.locator("article > [data-pagefind-ignore] > .kbgen-support a[data-kbgen-support]")
    assert query_of(later.get_attribute("href") or "", "search") == NOTHING_MATCHES


def test_search_with_results_offers_no_support_block(tab: Tab, searchable: dict[str, Any]) -> None:
    """When the search finds articles, no "Still need help?" block is added to the results."""
    page = tab.visit("")
    search(page, searchable["title"].lower())
    expect(page.locator("[data-kbgen-search-results] a[href]").first).to_be_visible()
    page.wait_for_timeout(1500)
    expect(page.locator("[data-kbgen-search-support] .kbgen-support")).to_have_count(0)


def test_no_asks_why_then_thanks_and_offers_support_by_keyboard(
    tab: Tab, articles: list[dict[str, Any]]
) -> None:
    """Keyboard only: No moves focus to the reasons; a reason moves it to the thanks and link."""
    page = tab.visit(articles[0]["url"])
    page.get_by_role("button", name="No").focus()
    page.keyboard.press("Enter")
    reasons = page.locator("[data-kb-reasons]")
    expect(reasons).to_be_visible()
    expect(page.locator(".kbgen-feedback__question")).to_be_hidden()
    expect(reasons.locator("legend")).to_have_text("What went wrong?")
    assert [b.get_attribute("data-kb-reason") for b in reasons.get_by_role("button").all()] == [
        "outdated", "unclear", "not-solved", "other",
    ]  # fmt: skip
    expect(reasons.locator('[data-kb-reason="outdated"]')).to_be_focused()
    page.keyboard.press("Tab")
    expect(reasons.locator('[data-kb-reason="unclear"]')).to_be_focused()
    page.keyboard.press("Enter")
    thanks = page.locator('[data-kb-thanks="no"]')
    expect(thanks).to_be_focused()
    expect(thanks).to_have_attribute("role", "status")
    expect(thanks.locator("a[data-kbgen-support]")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Tell us what was missing")).to_be_focused()


def test_nothing_leaves_the_site_without_a_provider(
    tab: Tab, articles: list[dict[str, Any]], collector: Collector
) -> None:
    """Search, Yes, No + reason, a support click and direct track() calls: no request off-site."""
    page = tab.visit("")
    search(page, NOTHING_MATCHES)
    expect(page.locator("[data-kbgen-search-support] .kbgen-support")).to_be_visible()
    page = tab.visit(articles[0]["url"])
    answer_no(page, "outdated")
    support = page.locator('[data-kb-thanks="no"] a[data-kbgen-support]')
    support.evaluate("link => link.addEventListener('click', event => event.preventDefault())")
    support.click()
    page.evaluate("window.kbgen.track('kb_search', {query: 'direct', results: 0})")
    page = tab.visit(articles[1]["url"])
    page.get_by_role("button", name="Yes").click()
    tab.settle(quiet_ms=1200)
    assert tab.watch.requests, "the watch saw no requests at all"
    assert off_site(tab) == []
    assert page.context.cookies() == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_feedback_states_are_axe_clean(
    scheme: str,
    axe: Axe,
    browser: Browser,
    site_server: StaticServer,
    articles: list[dict[str, Any]],
) -> None:
    """The reasons step, the thanks-with-support step, the 404 page and an empty search with
    its support block have no serious or critical axe violations."""
    tab = open_tab(browser, site_server, color_scheme=scheme)
    try:
        page = tab.visit(articles[0]["url"])
        page.get_by_role("button", name="No").click()
        expect(page.locator("[data-kb-reasons]")).to_be_visible()
        assert blocking(axe, page) == []
        page.locator('[data-kb-reason="other"]').click()
        expect(page.locator('[data-kb-thanks="no"] .kbgen-support')).to_be_visible()
        assert blocking(axe, page) == []
        page = tab.visit("404.html")
        assert blocking(axe, page) == []
        page = tab.visit("")
        search(page, NOTHING_MATCHES)
        expect(page.locator("[data-kbgen-search-support] .kbgen-support")).to_be_visible()
        assert blocking(axe, page) == []
        tab.finish()
    finally:
        tab.page.context.close()


# --- the tracked site: events reach the collector ------------------------------------------


def test_custom_provider_sends_search_feedback_and_contact(
    tracked_tab: Tab, collector: Collector, tmp_path: Path
) -> None:
    """The collector receives kb_search (0 results, query redacted), kb_feedback (helpful false,
    a reason) and kb_contact; each a single JSON object, with no cookie and no identifier."""
    collector.received.clear()
    tab = tracked_tab
    page = tab.visit("")
    search(page, NOTHING_MATCHES)
    expect(page.locator("[data-kbgen-search-support] .kbgen-support")).to_be_visible()
    [searched] = collector.wait_for("kb_search")
    assert searched["query"] == "flumphgrid"
    assert searched["results"] == 0
    page.wait_for_timeout(1500)  # longer than the pause: still one event for the whole query
    assert len(collector.wait_for("kb_search", timeout=0)) == 1
    page.evaluate(
        "window.kbgen.track('kb_search', {query: 'refund for ann@example.com', results: 0})"
    )
    assert collector.wait_for("kb_search", 2)[1]["query"] == "refund for [email]"
    page.evaluate("window.kbgen.track('kb_search', {query: 'order 12345678', results: 0})")
    assert collector.wait_for("kb_search", 3)[2]["query"] == "order [number]"
    tab.settle()

    article = "account-and-billing/plans-and-pricing/"
    page = tab.visit(article)
    answer_no(page, "outdated")
    [feedback] = collector.wait_for("kb_feedback")
    assert feedback["helpful"] is False and feedback["reason"] == "outdated"
    assert feedback["page"] == f"/{article}"
    tab.settle()

    support = page.locator('[data-kb-thanks="no"] a[data-kbgen-support]')
    href = support.get_attribute("href") or ""
    assert query_of(href, "q") == NOTHING_MATCHES
    tab.watch.unload_beacons.add(f"{collector.origin}/collect")  # kb_contact outlives the page
    support.click()
    page.wait_for_url(f"{collector.origin}/support?**")
    [contact] = collector.wait_for("kb_contact")
    assert contact["page"] == f"/{article}" and contact["query"] == "flumphgrid"

    posts = [item for item in collector.received if item.method == "POST"]
    for item in posts:
        event = item.json()
        assert set(event) == EVENT_KEYS[event["event"]], event
        assert "cookie" not in item.headers
        assert item.path == "/collect"
    assert page.context.cookies() == []
    write_sample_insights(collector.events(), tmp_path)


DIGIT_RUNS = (REPO / "tests" / "hostile" / "digits.txt").read_text("utf-8").splitlines()


def test_every_unicode_digit_run_is_redacted_before_sending(
    tracked_tab: Tab, collector: Collector
) -> None:
    """Digit runs in any script (full-width, Arabic-Indic, Devanagari, Thai, mathematical; mixed
    and with full-width separators) leave the page as [number], like ASCII ones."""
    collector.received.clear()
    page = tracked_tab.visit("")
    for text in DIGIT_RUNS:
        page.evaluate(
            "q => window.kbgen.track('kb_search', {query: q, results: 0})", f"card {text}"
        )
    sent = collector.wait_for("kb_search", len(DIGIT_RUNS))
    assert [event["query"] for event in sent] == ["card [number]"] * len(DIGIT_RUNS)
    tracked_tab.settle()


def test_yes_is_sent_as_helpful(tracked_tab: Tab, collector: Collector) -> None:
    """Yes sends kb_feedback with helpful true and no reason."""
    collector.received.clear()
    page = tracked_tab.visit("account-and-billing/plans-and-pricing/")
    page.get_by_role("button", name="Yes").click()
    expect(page.locator('[data-kb-thanks="yes"]')).to_be_focused()
    [feedback] = collector.wait_for("kb_feedback")
    assert (feedback["helpful"], feedback["reason"]) == (True, None)


def test_no_without_a_reason_is_sent_when_leaving(tracked_tab: Tab, collector: Collector) -> None:
    """ "No" and then leaving the page still counts once, as kb_feedback without a reason."""
    collector.received.clear()
    page = tracked_tab.visit("account-and-billing/plans-and-pricing/")
    page.get_by_role("button", name="No").click()
    expect(page.locator("[data-kb-reasons]")).to_be_visible()
    tracked_tab.watch.unload_beacons.add(f"{collector.origin}/collect")
    tracked_tab.visit("")
    [feedback] = collector.wait_for("kb_feedback")
    assert (feedback["helpful"], feedback["reason"]) == (False, None)
    assert feedback["page"] == "/account-and-billing/plans-and-pricing/"


def test_plausible_gets_the_same_events(
    browser: Browser, make_plausible_site: StaticServer
) -> None:
    """With provider plausible, feedback goes through plausible(name, {props}) and no request
    leaves the page (Plausible's own queue snippet stands in for its script)."""
    tab = open_tab(browser, make_plausible_site)
    try:
        tab.page.add_init_script(PLAUSIBLE_QUEUE)
        page = tab.visit("billing/refunds/")
        answer_no(page, "unclear")
        calls = page.evaluate("window.plausible.q.map(args => Array.from(args))")
        assert calls == [
            ["kb_feedback", {"props": {"page": "/billing/refunds/", "helpful": "false",
                                       "reason": "unclear"}}],
        ]  # fmt: skip
        tab.finish()
        assert off_site(tab) == []
    finally:
        tab.page.context.close()


def write_sample_insights(events: list[dict[str, Any]], tmp_path: Path) -> None:
    """Run ``kbgen insights`` on what the collector received; keep the table as an artifact."""
    export = tmp_path / "events.jsonl"
    export.write_text("".join(json.dumps(event) + "\n" for event in events), "utf-8")
    result = CliRunner().invoke(
        main, ["insights", str(export), "--config", str(REPO / "site_config.yml")]
    )
    assert result.exit_code == 0, result.output
    assert "flumphgrid" in result.stdout and "order [number]" in result.stdout
    assert "account-and-billing/plans-and-pricing.md  (outdated 1)" in result.stdout
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "insights-sample.txt").write_text(result.stdout, "utf-8")
