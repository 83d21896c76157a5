"""Roadmap and changelog pages, built for real: structure, accessibility basics, escaping."""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from linear_emulator.items import WHEN
from linear_emulator.items import public_item as item

from kbgen.linear_data.items import PublicItem
from kbgen.linear_data.snapshot import Snapshot
from tests.conftest import article
from tests.linear_pages import LinearPages, build_linear_pages, days_since

HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% raw %} **bold** [x](javascript:y)"
# Whatever today is: ENG-3 (shipped 20 November 2026) is recently shipped, the September
# ones are only in the changelog.
WINDOWS = {
    "labels": ["Invoicing"],
    "shipped_days": days_since(date(2026, 11, 1)),
    "changelog_days": days_since(date(2026, 9, 1)),
}


class Outline(HTMLParser):
    """Collects headings, ids, links, times and checks tags balance."""

    VOID = {"br", "hr", "img", "meta", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.times: list[str] = []
        self.labelledby: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        for name, target in (
            ("id", self.ids),
            ("href", self.hrefs),
            ("datetime", self.times),
            ("aria-labelledby", self.labelledby),
        ):
            if found.get(name):
                target.append(str(found[name]))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.balanced = False


def parse(markup: str) -> Outline:
    outline = Outline()
    outline.feed(markup)
    outline.close()
    return outline


SAMPLE = (
    item("ENG-1", title=HOSTILE, target="2027-Q1"),
    item("ENG-2", "in_progress"),
    item("ENG-3", "shipped", shipped_at=date(2026, 11, 20)),
    item("ENG-4", "shipped", shipped_at=date(2026, 9, 3)),
    item("ENG-5", "shipped", shipped_at=date(2026, 9, 28)),
    item("abc123", "planned", title="Client portal", target="2027-03"),
)


WRITTEN = {
    "billing/export.md": article(
        "Export invoices", last_reviewed="2026-11-21", extra="linear: [ENG-3]"
    ),
    "roadmap/index.md": "# What we are building\n\nOur plans for the year.\n",
}


def build(
    root: Path, *items: PublicItem, content: dict[str, str] | None = None, **linear: object
) -> LinearPages:
    """Build a site from a snapshot of ``items`` (offline: no key in the environment)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("LINEAR_API_KEY", raising=False)
        return build_linear_pages(root, {**WINDOWS, **linear}, Snapshot(WHEN, items), content)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> LinearPages:
    """Planned, in-progress and shipped items, one with a hostile title."""
    return build(tmp_path_factory.mktemp("sample"), *SAMPLE)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> LinearPages:
    """The sample, with an article linking ENG-3 and a roadmap page written in content/."""
    return build(tmp_path_factory.mktemp("written"), *SAMPLE, content=WRITTEN)


@pytest.fixture(scope="module")
def one_planned(tmp_path_factory: pytest.TempPathFactory) -> LinearPages:
    """A single planned item, with its customer request count shown."""
    only = item("ENG-1", customer_requests=4)
    return build(tmp_path_factory.mktemp("one"), only, show_request_counts=True)


def test_roadmap_has_three_labelled_columns(sample: LinearPages) -> None:
    """Planned, In progress, Recently shipped: sections named by their h2."""
    markup = sample.roadmap
    outline = parse(markup)
    assert outline.balanced
    assert outline.labelledby == [
        "kbgen-column-planned",
        "kbgen-column-in-progress",
        "kbgen-column-shipped",
    ]
    assert all(target in outline.ids for target in outline.labelledby)
    headings = re.findall(r"<h2 [^>]*>([^<]+)<", markup)
    assert [h.strip() for h in headings] == ["Planned", "In progress", "Recently shipped"]


def test_roadmap_cards_are_list_items_with_h3(sample: LinearPages) -> None:
    """Cards are li > article with an h3 title: no heading level is skipped below the page h1."""
    markup = sample.roadmap
    assert len(re.findall(r'<li>\s*<article class="kbgen-card"', markup)) == 4  # 2 too old
    assert set(parse(markup).headings) == {2, 3}


def test_roadmap_card_shows_target_labels_and_dates(sample: LinearPages) -> None:
    """A card shows its target in one format (month and year: 2027-Q1 is "March 2027"), its
    labels and a machine-readable ship date; no "Updated" date on cards not shipped."""
    markup = sample.roadmap
    assert "Q1 2027" not in markup and "March 2027" in markup and "<li>Invoicing</li>" in markup
    assert "<dt>Updated</dt>" not in markup
    assert '<time datetime="2026-11-20">20 November 2026</time>' in markup


def test_titles_are_text_everywhere(sample: LinearPages) -> None:
    """A hostile title is escaped, and its template or Markdown syntax is not interpreted."""
    for markup in (sample.roadmap, sample.changelog):
        assert "<script" not in markup and "<strong>bold" not in markup
        own_links = re.sub(r'<a href="\.\./changelog/[a-z0-9-]+/">', "", markup)
        assert "<a href" not in own_links and " 49 " not in html.unescape(markup)
    roadmap = sample.roadmap
    assert HOSTILE in html.unescape(roadmap)
    assert "{{" not in roadmap and "{%" not in roadmap


def test_empty_columns_say_so(one_planned: LinearPages) -> None:
    """A column without cards has a sentence, not an empty list."""
    markup = one_planned.roadmap
    assert "Nothing in progress right now." in markup and "Nothing shipped recently." in markup
    assert not re.search(r'<ul class="kbgen-cards">\s*</ul>', markup)


def test_changelog_groups_by_month_newest_first(sample: LinearPages) -> None:
    """One h2 per month, newest month first; entries newest first within a month."""
    markup = sample.changelog
    months = re.findall(r'<h2 id="(month-[0-9-]+)">([^<]+)</h2>', markup)
    assert months == [("month-2026-11", "November 2026"), ("month-2026-09", "September 2026")]
    assert markup.index('id="eng-5"') < markup.index('id="eng-4"')


def test_changelog_entries_have_permalinks(sample: LinearPages) -> None:
    """Each entry has an id and its title links its own page, and a date for machines."""
    outline = parse(sample.changelog)
    assert outline.balanced
    for anchor in ("eng-3", "eng-4", "eng-5"):
        assert (
            anchor in outline.ids and f"../changelog/title-of-{anchor}-{anchor}/" in outline.hrefs
        )
    assert {"2026-11-20", "2026-09-03", "2026-09-28"} <= set(outline.times)
    assert len(outline.ids) == len(set(outline.ids))


def test_changelog_links_the_feed(sample: LinearPages) -> None:
    """The Atom feed is linked with its type."""
    markup = sample.changelog
    assert (
        '<a class="kbgen-feed-link" href="../changelog/feed.xml" type="application/atom+xml">'
        in markup
    )


def test_empty_changelog_says_so(one_planned: LinearPages) -> None:
    """No shipped entries: a sentence, no month headings."""
    markup = one_planned.changelog
    assert "Nothing has shipped" in markup and "<h2" not in markup


def test_request_counts_show_when_enabled(one_planned: LinearPages) -> None:
    """show_request_counts puts the count on the card."""
    assert "<div><dt>Customer requests</dt><dd>4</dd></div>" in one_planned.roadmap


def test_article_and_feed_links_lead_to_built_files(written: LinearPages) -> None:
    """Related articles and the feeds are linked relative to the page, and exist."""
    feeds = re.findall(r'<a class="kbgen-feed-link" href="([^"]+)"', written.roadmap)
    assert feeds == ["../roadmap/feed.xml", "../roadmap/feeds/invoicing.xml"]
    related = re.findall(r'<a href="([^"]+)">Export invoices</a>', written.roadmap)
    learn = re.findall(r'<a href="([^"]+)">Export invoices</a>', written.changelog)
    assert related == learn == ["../billing/export/"]
    changelog_feed = re.findall(r'class="kbgen-feed-link" href="([^"]+)"', written.changelog)
    assert changelog_feed == ["../changelog/feed.xml"]
    for page, href in [*(("roadmap", h) for h in feeds + related), ("changelog", *learn)]:
        target = (written.site / page / href).resolve()
        assert (target / "index.html" if href.endswith("/") else target).is_file(), href
    assert (written.site / "changelog" / "feed.xml").is_file()


def test_a_page_content_writes_keeps_the_listing(written: LinearPages) -> None:
    """content/roadmap/index.md replaces kbgen's intro, not the roadmap below it."""
    page = (written.site / "roadmap" / "index.html").read_text(encoding="utf-8")
    assert "Our plans for the year." in page and page.count("<h1") == 1
    assert page.index("Our plans for the year.") < page.index('<div class="kbgen-roadmap">')
    assert len(re.findall(r'<article class="kbgen-card"', written.roadmap)) == 4
    assert parse(written.roadmap).balanced


def test_shipped_cards_link_their_changelog_entry_page(written: LinearPages) -> None:
    """A shipped card links its changelog entry's own page (which exists); no other card does."""
    cards = re.findall(r'<article class="kbgen-card".*?</article>', written.roadmap, re.S)
    linked = [re.findall(r'class="kbgen-card__entry"><a href="([^"]+)"', card) for card in cards]
    shipped = ["<dt>Shipped</dt>" in card for card in cards]
    assert any(shipped)
    assert [bool(links) for links in linked] == shipped
    for links in linked:
        for href in links:
            assert re.fullmatch(r"\.\./changelog/[a-z0-9-]+/", href)
            assert (written.site / "roadmap" / href / "index.html").resolve().is_file()
