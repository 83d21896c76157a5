"""kbgen's search (Pagefind, Material's look) on the sample site, in headless Chromium."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, Route, expect

from kbgen.roadmap.models import anchor_for
from kbgen.search.query import search
from kbgen.search.text import STOP_WORDS, words
from tests.browser.harness import PHONE, StaticServer, Tab, open_tab

BLOCKING = ("serious", "critical")
INPUT = "[data-kbgen-search]"
RESULTS = "[data-kbgen-search-results] a[href]"
HOOKS = """
window.kbgenCalls = [];
// Deferred scripts (support.js among them) have run by DOMContentLoaded: spy on the API the
// search calls, answering supportBlock with a test block of our own.
document.addEventListener("DOMContentLoaded", () => {
  const api = window.kbgen || (window.kbgen = {});
  const real = {track: api.track, rememberQuery: api.rememberQuery};
  api.track = (name, data) => {
    window.kbgenCalls.push(["track", name, data]);
    real.track?.(name, data);
  };
  api.rememberQuery = (query) => {
    window.kbgenCalls.push(["rememberQuery", query]);
    real.rememberQuery?.(query);
  };
  api.supportBlock = (query) => {
    window.kbgenCalls.push(["supportBlock", query]);
    const block = document.createElement("p");
    block.className = "test-support";
    block.textContent = "Still stuck? Contact support about " + query;
    return block;
  };
});
"""


@pytest.fixture(scope="module")
def linear_exports(sample_site: Path) -> dict[str, Any]:
    """The built site's roadmap and changelog exports."""
    return {
        name: json.loads((sample_site / "api" / f"{name}.json").read_text("utf-8"))
        for name in ("roadmap", "changelog")
    }


def _results(page: Page) -> Locator:
    return page.locator(RESULTS)


def _search(page: Page, query: str) -> Locator:
    """Open the search with "/" and type ``query``; return the result links."""
    page.keyboard.press("/")
    box = page.locator(INPUT)
    expect(box).to_be_focused()
    box.press_sequentially(query)
    return _results(page)


def _animations_ended(page: Page) -> None:
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running')", timeout=5000
    )


def _blocking(page: Page) -> list[str]:
    _animations_ended(page)  # Material fades the search in: judge contrast once it is in
    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in violations
        if v["impact"] in BLOCKING
    ]


def test_query_result_article(tab: Tab, searchable: dict[str, Any]) -> None:
    """The home page's big box opens search; a title finds its article, which the link opens."""
    page = tab.visit("")
    page.locator("button.kbgen-hero__search").click()
    box = page.locator(INPUT)
    expect(box).to_be_focused()
    box.press_sequentially(searchable["title"].lower())
    first = _results(page).first
    expect(first).to_contain_text(searchable["title"])
    expect(first.locator(".kbgen-search-result__label")).to_have_text(
        f"Article · {searchable['category']}"
    )
    expect(first.locator(".kbgen-search-result__excerpt mark").first).to_be_visible()
    expect(page.locator("[data-kbgen-search-status]")).to_contain_text("matching result")
    first.click()
    page.wait_for_url(lambda url: urlsplit(url).path == f"/{searchable['url']}")
    expect(page.locator("article h1")).to_have_text(searchable["title"])


def test_pagefind_loads_on_first_focus_from_the_site_itself(
    tab: Tab, site_server: StaticServer
) -> None:
    """Nothing of the index is fetched before the search is focused; then only from the site."""
    page = tab.visit("")
    tab.settle()
    assert not [url for url in tab.watch.requests if "/pagefind/" in url]
    page.locator(INPUT).focus()
    expect(page.locator(INPUT)).to_be_focused()
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some(e => e.name.endsWith('/pagefind/pagefind.js'))")  # fmt: skip
    assert site_server.url("pagefind/pagefind.js") in tab.watch.requests


def test_roadmap_and_changelog_entries_are_results(
    tab: Tab, linear_exports: dict[str, Any]
) -> None:
    """A roadmap card is found, labelled and linked to its anchor; a changelog entry is found,
    labelled and linked to its own page (changelog/<slug>/, as api/changelog.json says)."""
    card = linear_exports["roadmap"]["items"][0]
    entry = linear_exports["changelog"]["entries"][0]
    card_href = f"/roadmap/#{anchor_for(card['kind'], card['id'])}"
    page = tab.visit("")
    page.keyboard.press("/")
    for record, label, href in (
        (card, "Roadmap", card_href),
        (entry, "Changelog", f"/{entry['url']}"),
    ):
        page.locator(INPUT).fill("")
        page.locator(INPUT).press_sequentially(record["title"])
        hit = page.locator(f'[data-kbgen-search-results] a[href="{href}"]')
        expect(hit).to_contain_text(record["title"])
        expect(hit.locator(".kbgen-search-result__label")).to_have_text(label)
        top_ten = _results(page).evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert href in top_ten[:10]
    hit.click()
    page.wait_for_url(f"**/{entry['url']}")
    expect(page.locator(".kbgen-entry-page h1")).to_have_text(entry["title"])


def _chip(page: Page, group: str, text: str) -> Locator:
    """The chip reading ``text`` in the ``kind`` or ``category`` filter group."""
    return page.locator(f"[data-kbgen-search-{group}] label.kbgen-chip").filter(has_text=text)


def _chosen(page: Page, group: str) -> list[str]:
    return page.locator(f"[data-kbgen-search-{group}] input:checked").evaluate_all(
        "inputs => inputs.map(i => i.parentElement.innerText.trim())"
    )


def test_kind_and_category_chips(tab: Tab) -> None:
    """The chips keep only roadmap results, or only one category's articles."""
    page = tab.visit("")
    results = _search(page, "invoice")
    expect(results.first).to_be_visible()
    kinds = page.locator("[data-kbgen-search-kind] label.kbgen-chip")
    expect(kinds).to_have_text(["Everything", "Articles", "Roadmap", "Changelog"])
    assert _chosen(page, "kind") == ["Everything"] and _chosen(page, "category") == ["All topics"]
    _chip(page, "kind", "Roadmap").click()
    _settled(page, "invoice")
    labels = page.locator("[data-kbgen-search-results] .kbgen-search-result__label")
    expect(labels.first).to_have_text("Roadmap")
    assert set(labels.all_inner_texts()) == {"Roadmap"}
    expect(page.locator("[data-kbgen-search-category]")).to_be_hidden()  # no topics on cards
    _chip(page, "kind", "Everything").click()
    _chip(page, "category", "Invoices and payments").click()
    expect(labels.first).to_have_text("Article · Invoices and payments")
    assert set(labels.all_inner_texts()) == {"Article · Invoices and payments"}


def test_chips_work_by_keyboard_with_a_visible_focus(tab: Tab) -> None:
    """Tab reaches the chosen chip, arrows move the choice (and search again), focus shows."""
    page = tab.visit("")
    _search(page, "invoice")
    expect(_results(page).first).to_be_visible()
    everything = page.locator("[data-kbgen-search-kind] input[value='']")
    expect(everything).to_be_attached()
    page.locator(INPUT).focus()
    for _ in range(5):  # the reset button is skipped (tabindex -1); the scroll area may come first
        page.keyboard.press("Tab")
        if everything.evaluate("input => input === document.activeElement"):
            break
    expect(everything).to_be_focused()
    text = page.locator("[data-kbgen-search-kind] .kbgen-chip__text").first
    assert text.evaluate("t => getComputedStyle(t).outlineStyle") != "none"
    page.keyboard.press("ArrowRight")
    expect(page.locator("[data-kbgen-search-kind] input[value='Article']")).to_be_focused()
    assert _chosen(page, "kind") == ["Articles"]
    labels = page.locator("[data-kbgen-search-results] .kbgen-search-result__label")
    expect(labels.first).to_contain_text("Article")
    _settled(page, "invoice")
    assert all(label.startswith("Article") for label in labels.all_inner_texts())
    page.keyboard.press("Escape")
    assert page.locator("#__search").is_checked() is False


def test_search_terms_find_the_article_and_stay_hidden(tab: Tab) -> None:
    """ "reimburse" (a search_terms alias) finds "Issue a refund", and is never shown."""
    page = tab.visit("")
    results = _search(page, "reimburse")
    expect(results.first).to_contain_text("Issue a refund")
    assert "reimburse" not in page.locator("[data-kbgen-search-results]").inner_text().lower()
    results.first.click()
    expect(page.locator("article h1")).to_have_text("Issue a refund")
    assert "reimburse" not in page.locator("body").inner_text().lower()
    expect(page.get_by_text("money back reimburse")).to_be_hidden()
    # The support link carries what the reader typed (issue 12): that is their word, not ours.
    shown = page.locator("body").aria_snapshot().lower().splitlines()
    assert not [line for line in shown if "reimburse" in line and "/url:" not in line]


def test_keyboard_only(tab: Tab, searchable: dict[str, Any]) -> None:
    """ "/" and "s" focus the search, arrows move through results, Enter opens, Escape closes."""
    page = tab.visit(searchable["url"])
    page.keyboard.press("s")
    box = page.locator(INPUT)
    expect(box).to_be_focused()
    page.keyboard.press("Escape")
    expect(box).not_to_be_focused()
    assert page.locator("#__search").is_checked() is False
    results = _search(page, "invoice")
    expect(results.nth(2)).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(results.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(results.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    page.keyboard.press("ArrowDown")
    target = results.nth(0).get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == target)


def test_enter_in_the_box_opens_the_first_result(tab: Tab, searchable: dict[str, Any]) -> None:
    """Enter straight after typing opens the best result."""
    page = tab.visit("")
    _search(page, searchable["title"])
    expect(_results(page).first).to_contain_text(searchable["title"])
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == f"/{searchable['url']}")


def test_phone_width(phone_tab: Tab, searchable: dict[str, Any]) -> None:
    """At 375 px the header's search button opens a full-width search with readable results."""
    page = phone_tab.visit("")
    page.locator('label.md-header__button[for="__search"]').click()
    box = page.locator(INPUT)
    expect(box).to_be_focused()
    box.press_sequentially(searchable["title"])
    first = _results(page).first
    expect(first).to_be_in_viewport()
    box_width = first.bounding_box()["width"]  # type: ignore[index]
    assert box_width >= PHONE["width"] - 40
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first.tap()
    expect(page.locator("article h1")).to_have_text(searchable["title"])


OPENERS = ["home search box", "header", "keyboard"]
FITS = ["label.kbgen-chip", RESULTS, ".kbgen-search-result__excerpt", "[data-kbgen-search-status]"]


def _open_search(page: Page, opener: str, viewport: str) -> None:
    """Open the search the way a reader would: the home page's box, the header, or "/"."""
    if opener == "home search box":
        page.locator("button.kbgen-hero__search").click()
    elif opener == "keyboard":
        page.keyboard.press("/")
    elif viewport == "phone":
        page.locator('label.md-header__button[for="__search"]').click()
    else:
        page.locator(INPUT).click()


@pytest.mark.parametrize("opener", OPENERS)
def test_search_fits_the_screen_however_it_opens(reader: Tab, viewport: str, opener: str) -> None:
    """Every way in opens the same search: on a phone Material's scroll lock holds while it is
    open and lifts on Escape; chips, results, excerpts and the status fit the viewport (no
    sideways scroll) at 1280 and 390 px."""
    page = reader.visit("")
    _open_search(page, opener, viewport)
    box = page.locator(INPUT)
    expect(box).to_be_focused()
    box.press_sequentially("invoice payment reminders")
    _settled(page, "invoice payment reminders")
    expect(page.locator("[data-kbgen-search-filters]")).to_be_visible()
    body = page.locator("body")
    if viewport == "phone":
        expect(body).to_have_attribute("data-md-scrolllock", "")
    width = page.evaluate("innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for selector in FITS:
        boxes = page.locator(selector).evaluate_all(
            "els => els.map(e => e.getBoundingClientRect()).map(r => [r.left, r.right])"
        )
        assert boxes, selector
        outside = [edges for edges in boxes if edges[0] < 0 or edges[1] > width]
        assert outside == [], f"{selector} runs off the {width}px screen: {outside}"
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    expect(body).not_to_have_attribute("data-md-scrolllock", "")
    _animations_ended(page)  # Material's closing transition shrinks the search overlay
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_axe_closed_open_with_results_and_with_none(
    reader: Tab, viewport: str, scheme: str
) -> None:
    """No serious or critical axe violation with the search closed, open and empty, showing
    results (chips included) and showing none, at 1280 and 390 px, light and dark."""
    page = reader.visit("")
    expected = "slate" if scheme == "dark" else "default"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
    assert _blocking(page) == []
    _open_search(page, "home search box", viewport)
    expect(page.locator(INPUT)).to_be_focused()
    assert _blocking(page) == []
    page.locator(INPUT).press_sequentially("invoice")
    expect(_results(page).first).to_be_visible()
    expect(page.locator("[data-kbgen-search-filters]")).to_be_visible()
    assert _blocking(page) == []
    page.locator(INPUT).fill("zzzqqq")
    expect(page.locator("[data-kbgen-search-status]")).to_contain_text("No results")
    assert _blocking(page) == []


def test_dark_mode_results_use_the_slate_colours(
    browser: Browser, site_server: StaticServer
) -> None:
    """In the slate scheme the results panel is dark and its text light."""
    tab = open_tab(browser, site_server, color_scheme="dark")
    try:
        page = tab.visit("")
        _search(page, "invoice")
        first = _results(page).first
        expect(first).to_be_visible()
        background = page.locator(".md-search__output").evaluate(
            "el => getComputedStyle(el).backgroundColor"
        )
        title = first.locator(".kbgen-search-result__title").evaluate(
            "el => getComputedStyle(el).color"
        )
        assert _luminance(background) < 0.2 < _luminance(title)
        tab.finish()
    finally:
        tab.page.context.close()


def _luminance(css_colour: str) -> float:
    """Rough relative brightness (0-1) of an ``rgb()``/``rgba()`` colour."""
    parts = [float(p) for p in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3]]
    return (0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]) / 255


@pytest.fixture
def hooked_tab(browser: Browser, site_server: StaticServer) -> Iterator[Tab]:
    """A page whose own script defines window.kbgen.track/rememberQuery/supportBlock."""
    tab = open_tab(browser, site_server)
    tab.page.add_init_script(HOOKS)
    yield tab
    try:
        tab.finish()
    finally:
        tab.page.context.close()


def test_track_once_the_reader_pauses(hooked_tab: Tab) -> None:
    """kb_search is tracked once after typing stops (not per keystroke), with the count."""
    page = hooked_tab.visit("")
    _search(page, "invoice")
    expect(_results(page).first).to_be_visible()
    page.wait_for_function("() => window.kbgenCalls.some(c => c[0] === 'track')")
    page.wait_for_timeout(1200)
    calls = page.evaluate("window.kbgenCalls")
    count = _results(page).count()
    [tracked] = [call for call in calls if call[0] == "track"]
    assert tracked[:2] == ["track", "kb_search"] and tracked[2]["query"] == "invoice"
    assert tracked[2]["results"] >= count > 0
    # Remembered as results show (for support links in this tab); the last one is the query.
    remembered = [call[1] for call in calls if call[0] == "rememberQuery"]
    assert remembered[-1] == "invoice"


def test_track_on_enter_and_support_block_when_nothing_matches(hooked_tab: Tab) -> None:
    """Enter tracks at once; with no results the support block is shown, outside the results."""
    page = hooked_tab.visit("")
    _search(page, "zzzqqq")
    expect(page.locator("[data-kbgen-search-status]")).to_have_text("No results for “zzzqqq”")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.kbgenCalls.some(c => c[0] === 'track')")
    calls = page.evaluate("window.kbgenCalls")
    assert ["supportBlock", "zzzqqq"] in calls
    assert ["track", "kb_search", {"query": "zzzqqq", "results": 0}] in calls
    assert ["rememberQuery", "zzzqqq"] in calls
    support = page.locator("[data-kbgen-search-support] .test-support")
    expect(support).to_have_text("Still stuck? Contact support about zzzqqq")
    expect(_results(page)).to_have_count(0)


def test_site_under_a_sub_path(
    tmp_path: Path, browser: Browser, sample_site: Path, searchable: dict[str, Any]
) -> None:
    """Served at /help/, the search loads Pagefind from /help/ and links to /help/ pages."""
    (tmp_path / "help").symlink_to(sample_site, target_is_directory=True)
    with StaticServer(tmp_path) as server:
        tab = open_tab(browser, server)
        try:
            page = tab.visit("help/")
            _search(page, searchable["title"])
            first = _results(page).first
            expect(first).to_have_attribute("href", f"/help/{searchable['url']}")
            assert server.url("help/pagefind/pagefind.js") in tab.watch.requests
            first.click()
            expect(page.locator("article h1")).to_have_text(searchable["title"])
            tab.finish()
        finally:
            tab.page.context.close()


def _settled(page: Page, query: str) -> None:
    """Wait until the results of ``query`` are shown."""
    page.wait_for_function(
        "q => document.querySelector('[data-kbgen-search-results]')"
        ".getAttribute('data-kbgen-search-done') === q",
        arg=query,
    )


def _titles(page: Page) -> list[str]:
    return page.locator(f"{RESULTS} .kbgen-search-result__title").all_inner_texts()


@pytest.mark.parametrize(
    ("question", "title"),
    [("how do I give a customer their money back", "Issue a refund"),
     ("what should I do when I forget my password", "Reset your password"),
     ("client paid only part of what they owe", "Record partial payments and deposits")],
)  # fmt: skip
def test_a_question_finds_the_article_though_not_every_word_matches(
    tab: Tab, question: str, title: str
) -> None:
    """Relaxation: stop words and words the article lacks do not empty the results."""
    page = tab.visit("")
    _search(page, question)
    _settled(page, question)
    assert title in _titles(page)[:3]
    expect(page.locator("[data-kbgen-search-status]")).to_contain_text("matching result")


def test_a_misspelling_is_corrected_and_can_be_searched_as_typed(hooked_tab: Tab) -> None:
    """ "passwrod" shows the password article under "Showing results for password"; "search
    as typed" then finds nothing, shows the support block and tracks results: 0."""
    page = hooked_tab.visit("")
    _search(page, "passwrod")
    _settled(page, "passwrod")
    correction = page.locator("[data-kbgen-search-correction]")
    expect(correction).to_contain_text("Showing results for password")
    expect(correction.locator("em")).to_have_text("password")
    assert "Reset your password" in _titles(page)[:3]
    page.locator("[data-kbgen-search-as-typed]").click()
    expect(page.locator("[data-kbgen-search-status]")).to_have_text("No results for “passwrod”")
    expect(_results(page)).to_have_count(0)
    expect(page.locator("[data-kbgen-search-support] .test-support")).to_be_visible()
    page.locator(INPUT).press("Enter")
    page.wait_for_function("() => window.kbgenCalls.some(c => c[0] === 'track')")
    calls = page.evaluate("window.kbgenCalls")
    assert ["track", "kb_search", {"query": "passwrod", "results": 0}] in calls


@pytest.mark.parametrize("query", ["xyzzy", "how do I bake sourdough bread"])
def test_nothing_relevant_shows_no_results_and_support(hooked_tab: Tab, query: str) -> None:
    """Gibberish and out-of-domain questions: "No results", the support block, results: 0."""
    page = hooked_tab.visit("")
    _search(page, query)
    expect(page.locator("[data-kbgen-search-status]")).to_have_text(f"No results for “{query}”")
    expect(page.locator("[data-kbgen-search-support] .test-support")).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.kbgenCalls.some(c => c[0] === 'track')")
    assert ["track", "kb_search", {"query": query, "results": 0}] in page.evaluate(
        "window.kbgenCalls"
    )


MODEL_FILES = (".safetensors", ".onnx", ".bin", "tokenizer", "huggingface", "hf.co")


def test_meaning_is_computed_from_the_site_alone(tab: Tab, site_server: StaticServer) -> None:
    """A question the article answers without holding all its words ("expired") fetches only
    the site's own search data (word shards, page vectors) and Pagefind: no model, no other
    host (the harness aborts and reports any request off the local server)."""
    page = tab.visit("")
    question = "my card expired how do I change it"
    _search(page, question)
    _settled(page, question)
    assert "Update your payment method" in _titles(page)[:3]
    tab.finish()
    fetched = [url for url in tab.watch.requests if url.startswith(site_server.url())]
    assert fetched == tab.watch.requests
    assert site_server.url("kbgen-search/vectors.json") in fetched
    assert any(url.startswith(site_server.url("kbgen-search/words/")) for url in fetched)
    assert not [url for url in fetched if any(part in url.lower() for part in MODEL_FILES)]


def test_excerpts_mark_no_stop_words_and_show_no_pilcrow(tab: Tab) -> None:
    """Only searched words are marked; headerlink ¶ never shows in a result."""
    page = tab.visit("")
    query = "how do I set up the webhook signature"
    _search(page, query)
    _settled(page, query)
    marked = [words(text) for text in page.locator(f"{RESULTS} mark").all_inner_texts()]
    assert marked and not {word for found in marked for word in found} & STOP_WORDS
    assert "¶" not in page.locator("[data-kbgen-search-results]").inner_text()


AGREEMENT_QUERIES = [
    "how do I give a customer their money back", "passwrod reset", "connect stripe",
    "export invoices to a spreadsheet", "two factor", "webhook signature", "xyzzy",
    "late payment reminders", "change my card", "data region", "recurring invoices",
    "how do I bake sourdough bread", "refnud", "single sign-on okta",
]  # fmt: skip


def test_browser_and_python_search_agree(tab: Tab, sample_site: Path) -> None:
    """kbgen.search.query (for kbgen mcp) ranks as the site's search: the same queries come
    back empty, the same top result for nearly all, and mostly the same top three."""
    page = tab.visit("")
    same_first = overlap = possible = 0
    for query in AGREEMENT_QUERIES:
        page.locator(INPUT).focus()
        page.locator(INPUT).fill(query)
        _settled(page, query)
        hrefs = _results(page).evaluate_all("links => links.map(a => a.href)")
        browser = [
            urlsplit(h).path + (f"#{urlsplit(h).fragment}" * bool(urlsplit(h).fragment))
            for h in hrefs
        ]
        python = [hit.url for hit in search(sample_site, query, 10)]
        assert bool(browser) == bool(python), query
        same_first += browser[:1] == python[:1]
        overlap += len(set(browser[:3]) & set(python[:3]))
        possible += min(3, len(python))
    assert same_first >= 0.8 * len(AGREEMENT_QUERIES)
    assert overlap >= 0.7 * possible


def test_the_first_results_show_before_every_excerpt_has_come(tab: Tab) -> None:
    """Results join the list best first as their page data comes: while some of it is held
    back the better results already show (with the final count), none is ever reordered, and
    the list is marked done only once all have come."""
    page = tab.visit("")
    held: list[Route] = []
    page.route("**/pagefind/fragment/**", lambda route: held.append(route))
    query = "invoice"
    _search(page, query)
    released = 0
    seen_partial: list[str] = []
    status_partial = ""
    while True:
        page.wait_for_timeout(50)
        shown = _titles(page)
        done = page.locator("[data-kbgen-search-results]").get_attribute("data-kbgen-search-done")
        if shown and held[released:] and not done and not seen_partial:
            seen_partial = shown
            status_partial = page.locator("[data-kbgen-search-status]").inner_text()
        if done == query:
            break
        if released < len(held):
            held[released].fallback()
            released += 1
    final = _titles(page)
    assert seen_partial, "every result waited for every excerpt"
    assert final[: len(seen_partial)] == seen_partial
    assert len(final) > len(seen_partial)
    assert page.locator("[data-kbgen-search-status]").inner_text() == status_partial
    assert "matching results" in status_partial


def test_a_likely_result_shows_before_any_page_data_comes(tab: Tab) -> None:
    """The engine fetches the likeliest rows (title matches, closest in meaning) while Pagefind
    searches: with every page's data held back, the article whose title was typed shows at
    once, with its label and the count; its excerpt is filled in once the data comes."""
    page = tab.visit("")
    held: list[Route] = []
    page.route("**/pagefind/fragment/**", lambda route: held.append(route))
    query = "issue a refund"
    _search(page, query)
    first = _results(page).first
    expect(first.locator(".kbgen-search-result__title")).to_have_text("Issue a refund")
    expect(first.locator(".kbgen-search-result__label")).to_contain_text("Article")
    expect(page.locator("[data-kbgen-search-status]")).to_contain_text("matching result")
    results = page.locator("[data-kbgen-search-results]")
    assert results.get_attribute("data-kbgen-search-done") is None
    assert held, "no page data was asked for"
    page.unroute("**/pagefind/fragment/**")
    for route in held:
        route.fallback()
    _settled(page, query)
    expect(first.locator(".kbgen-search-result__excerpt mark").first).to_be_visible()


def test_the_engine_and_its_first_files_are_asked_for_at_once(
    tab: Tab, site_server: StaticServer
) -> None:
    """On the first focus the search asks for its data (meta.json) and Pagefind's module with
    the engine, not after it: each once, before the engine itself."""
    page = tab.visit("")
    _search(page, "refund")
    _settled(page, "refund")
    tab.finish()
    asked = tab.watch.requests
    engine = asked.index(site_server.url("assets/kbgen/search-engine.js"))
    for path in ("kbgen-search/meta.json", "pagefind/pagefind.js"):
        assert asked.count(site_server.url(path)) == 1, path
        assert asked.index(site_server.url(path)) < engine, path


PRELOAD_QUERIES = ["refund invoice", "passwrod reset", "how do I give a customer their money back",
                   "xyzzy", "webhook signature"]  # fmt: skip


def test_preloaded_words_are_warm_and_rank_changes_nothing(
    tab: Tab, site_server: StaticServer
) -> None:
    """engine.preload(text) fetches its words' shards and Pagefind's index pieces, so the
    search that follows asks for none of them again; engine.rank() gives, one by one, exactly
    the results search() gives at once."""
    page = tab.visit("")
    engine_url = site_server.url("assets/kbgen/search-engine.js")
    page.evaluate(
        """async (url) => {
          const module = await import(url);
          window.testEngine = module.createEngine(new URL('/', location.href).href, {});
          await window.testEngine.init();
          await window.testEngine.preload('refund invoice ');
        }""",
        engine_url,
    )
    tab.settle()
    warmed = len(tab.watch.requests)
    lookups = [url for url in tab.watch.requests if "/kbgen-search/words/" in url]
    pieces = [url for url in tab.watch.requests if "/pagefind/index/" in url]
    assert len(lookups) >= 1 and len(pieces) >= 1
    page.evaluate("() => window.testEngine.search('refund invoice')")
    tab.settle()
    later = tab.watch.requests[warmed:]
    assert not [url for url in later if "/kbgen-search/words/" in url or "/pagefind/index/" in url]
    for query in PRELOAD_QUERIES:
        both = page.evaluate(
            """async (query) => {
              const ranked = await window.testEngine.rank(query, {limit: 10});
              const one = await Promise.all(ranked.pending);
              const all = await window.testEngine.search(query, {limit: 10});
              const row = (r) => [r.url, r.title, r.kind, r.category, r.summary, r.score];
              return [[ranked.total, ranked.words, one.map(row)],
                      [all.total, all.words, all.results.map(row)]];
            }""",
            query,
        )
        assert both[0] == both[1], query
    tab.finish()
