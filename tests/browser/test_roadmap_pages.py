"""The roadmap and changelog pages in Chromium, on the sample site and on hostile Linear data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from linear_emulator import TEST_KEY, LinearEmulator, generate_workspace
from linear_emulator.generate import HOSTILE_TITLE, MARKDOWN_TITLE
from linear_emulator.sites import write_site
from playwright.sync_api import Browser, Page, expect

from kbgen.mkdocs.build import build_site
from tests.browser.harness import DESKTOP, StaticServer, Tab, open_tab

COLUMNS = [("planned", "Planned"), ("in-progress", "In progress"), ("shipped", "Recently shipped")]
ACTIVE_CONTENT = """() => [...document.querySelectorAll('*')].flatMap(el =>
    [...el.attributes].filter(a => /^on/i.test(a.name)
        || (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name)
            && /^\\s*javascript:/i.test(a.value)))
      .map(a => `${el.tagName} ${a.name}=${a.value}`))"""


def _export(site: Path, name: str) -> dict[str, Any]:
    return json.loads((site / "api" / name).read_text("utf-8"))


def _boxes(page: Page, selector: str) -> list[dict[str, float]]:
    return [box for box in (el.bounding_box() for el in page.locator(selector).all()) if box]


def test_roadmap_shows_three_columns_of_cards(tab: Tab, sample_site: Path) -> None:
    """Planned, In progress and Recently shipped, each with one card per item in roadmap.json."""
    items = _export(sample_site, "roadmap.json")["items"]
    page = tab.visit("roadmap/")
    columns = page.locator("section.kbgen-roadmap__column")
    expect(columns).to_have_count(3)
    for key, heading in COLUMNS:
        column = page.locator(f"section.kbgen-roadmap__column--{key}")
        expect(column.get_by_role("heading", level=2)).to_contain_text(heading)
        expected = [i["title"] for i in items if i["status"].replace("_", "-") == key]
        assert expected, f"the sample roadmap has no {heading} item"
        cards = column.locator("article.kbgen-card")
        expect(cards).to_have_count(len(expected))
        expect(cards.first.get_by_role("heading", level=3)).to_be_visible()


def test_roadmap_columns_sit_side_by_side_on_desktop(tab: Tab) -> None:
    """At desktop width the three columns share one row."""
    page = tab.visit("roadmap/")
    tops = [box["y"] for box in _boxes(page, "section.kbgen-roadmap__column")]
    assert len(set(tops)) == 1, tops


def test_roadmap_columns_stack_on_a_phone(phone_tab: Tab) -> None:
    """At 375px the columns stack, in order, and nothing scrolls sideways."""
    page = phone_tab.visit("roadmap/")
    tops = [box["y"] for box in _boxes(page, "section.kbgen-roadmap__column")]
    assert tops == sorted(tops) and len(set(tops)) == 3, tops
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_changelog_lists_every_entry_with_a_date(tab: Tab, sample_site: Path) -> None:
    """One entry per changelog.json entry, newest first, each with a machine-readable date."""
    entries = _export(sample_site, "changelog.json")["entries"]
    page = tab.visit("changelog/")
    shown = page.locator("article.kbgen-entry")
    expect(shown).to_have_count(len(entries))
    dates = shown.locator("time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dates == [e["shipped_at"] for e in entries]
    assert dates == sorted(dates, reverse=True)


def test_changelog_entries_open_their_own_page(tab: Tab, browser: Browser) -> None:
    """An entry's title opens its own page, changelog/<slug>/, headed by that title; the old
    anchor URL on the list still scrolls to the entry."""
    page = tab.visit("changelog/")
    entry = page.locator("article.kbgen-entry").nth(
        page.locator("article.kbgen-entry").count() // 2
    )
    anchor = entry.get_attribute("id")
    title = entry.locator(".kbgen-entry__title a")
    name = title.inner_text()
    title.click()
    assert urlsplit(page.url).path.rstrip("/").rsplit("/", 2)[-2] == "changelog"
    expect(page.locator("h1")).to_have_text(name)
    fresh = open_tab(browser, tab.server)
    try:
        fresh.visit(f"changelog/#{anchor}")
        expect(fresh.page.locator(f'article[id="{anchor}"]')).to_be_in_viewport()
        fresh.finish()
    finally:
        fresh.page.context.close()


def test_changelog_links_to_its_atom_feed(tab: Tab) -> None:
    """The feed link opens an Atom document served from the site."""
    page = tab.visit("changelog/")
    link = page.locator("a.kbgen-feed-link")
    expect(link).to_have_attribute("type", "application/atom+xml")
    feed_url = link.evaluate("a => a.href")
    response = page.goto(feed_url)
    assert response is not None and response.ok
    assert '<feed xmlns="http://www.w3.org/2005/Atom"' in response.text()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    """A site built against the Linear emulator's workspace, hostile items included."""
    root = tmp_path_factory.mktemp("hostile")
    linear = {"snapshot": "data/snapshot.json", "max_retries": 0, "timeout_seconds": 10}
    config = write_site(root, linear=linear, site_url="https://help.tallyflow.example/")
    with (
        LinearEmulator(generate_workspace(), TEST_KEY) as emulator,
        pytest.MonkeyPatch.context() as env,
    ):
        env.setenv("LINEAR_API_KEY", TEST_KEY)
        env.setenv("KBGEN_LINEAR_API_URL", emulator.url)
        site = build_site(config, root / "site")
    with StaticServer(site) as server:
        yield server


@pytest.mark.parametrize("path", ["roadmap/", "changelog/"])
def test_hostile_linear_text_stays_inert(
    path: str, browser: Browser, hostile_site: StaticServer
) -> None:
    """Scripts, handlers and javascript: links from Linear never become live: no dialog fires."""
    tab = open_tab(browser, hostile_site)
    try:
        page = tab.visit(path)
        tab.settle()
        assert page.evaluate(ACTIVE_CONTENT) == []
        body = page.locator("article.md-content__inner")
        assert body.locator("script, iframe, object, embed, img[onerror]").count() == 0
        for link in body.get_by_role("link").all():
            link.hover()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= DESKTOP["width"], f"a long title overflows the page ({width}px)"
        tab.finish()
    finally:
        tab.page.context.close()


def test_hostile_titles_are_shown_as_plain_text(
    browser: Browser, hostile_site: StaticServer
) -> None:
    """Markup, Markdown and Jinja in titles are displayed literally, not interpreted."""
    tab = open_tab(browser, hostile_site)
    try:
        page = tab.visit("roadmap/")
        titles = page.locator(".kbgen-card__title").all_inner_texts()
        assert HOSTILE_TITLE in titles
        assert MARKDOWN_TITLE in titles
        assert "<b>Bold</b> {{ 7*7 }} payouts" in titles
        tab.finish()
    finally:
        tab.page.context.close()
