"""Roadmap and changelog HTML: structure, accessibility basics, and escaping."""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser

from linear_emulator.items import WHEN
from linear_emulator.items import public_item as item

from kbgen.config.linear import LinearSettings
from kbgen.linear.snapshot import Snapshot
from kbgen.roadmap.models import roadmap_from_snapshot
from kbgen.roadmap.render import render_changelog_html, render_roadmap_html

TODAY = date(2026, 11, 25)
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% raw %} **bold** [x](javascript:y)"


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


def data_with(*items: object) -> object:
    return roadmap_from_snapshot(
        Snapshot(WHEN, tuple(items)), "snapshot", LinearSettings(labels=("Invoicing",)), TODAY
    )


def sample() -> object:
    return data_with(
        item("ENG-1", title=HOSTILE, target="2027-Q1"),
        item("ENG-2", "in_progress"),
        item("ENG-3", "shipped", shipped_at=date(2026, 11, 20)),
        item("ENG-4", "shipped", shipped_at=date(2026, 9, 3)),
        item("ENG-5", "shipped", shipped_at=date(2026, 9, 28)),
        item("abc123", "planned", title="Client portal", target="2027-03"),
    )


def test_roadmap_has_three_labelled_columns() -> None:
    """Planned, In progress, Recently shipped: sections named by their h2."""
    markup = render_roadmap_html(sample())
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


def test_roadmap_cards_are_list_items_with_h3() -> None:
    """Cards are li > article with an h3 title: no heading level is skipped below the page h1."""
    markup = render_roadmap_html(sample())
    assert (
        markup.count('<li>\n          <article class="kbgen-card"') == 4
    )  # 2 shipped too long ago
    assert set(parse(markup).headings) == {2, 3}


def test_roadmap_card_shows_target_labels_and_dates() -> None:
    """A card shows its target as readers say it, its labels and a machine-readable date."""
    markup = render_roadmap_html(sample())
    assert "Q1 2027" in markup and "March 2027" in markup and "<li>Invoicing</li>" in markup
    assert '<time datetime="2026-11-20">20 November 2026</time>' in markup


def test_titles_are_text_everywhere() -> None:
    """A hostile title is escaped, and its template or Markdown syntax is not interpreted."""
    for markup in (render_roadmap_html(sample()), render_changelog_html(sample(), "feed.xml")):
        assert "<script" not in markup and "<strong>bold" not in markup
        assert "<a href" not in markup and " 49 " not in html.unescape(markup)
    roadmap = render_roadmap_html(sample())
    assert HOSTILE in html.unescape(roadmap)
    assert "{{" not in roadmap and "{%" not in roadmap


def test_empty_columns_say_so() -> None:
    """A column without cards has a sentence, not an empty list."""
    markup = render_roadmap_html(data_with(item("ENG-1")))
    assert "Nothing in progress right now." in markup and "Nothing shipped recently." in markup
    assert '<ul class="kbgen-cards">\n      </ul>' not in markup


def test_changelog_groups_by_month_newest_first() -> None:
    """One h2 per month, newest month first; entries newest first within a month."""
    markup = render_changelog_html(sample(), "feed.xml")
    months = re.findall(r'<h2 id="(month-[0-9-]+)">([^<]+)</h2>', markup)
    assert months == [("month-2026-11", "November 2026"), ("month-2026-09", "September 2026")]
    assert markup.index('id="eng-5"') < markup.index('id="eng-4"')


def test_changelog_entries_have_permalinks() -> None:
    """Each entry has an id and a visible link to it, and a date for machines."""
    outline = parse(render_changelog_html(sample(), "feed.xml"))
    assert outline.balanced
    for anchor in ("eng-3", "eng-4", "eng-5"):
        assert anchor in outline.ids and f"#{anchor}" in outline.hrefs
    assert {"2026-11-20", "2026-09-03", "2026-09-28"} <= set(outline.times)
    assert len(outline.ids) == len(set(outline.ids))


def test_changelog_links_the_feed() -> None:
    """The Atom feed is linked with its type."""
    markup = render_changelog_html(sample(), "../changelog/feed.xml")
    assert (
        '<a class="kbgen-feed-link" href="../changelog/feed.xml" type="application/atom+xml">'
        in markup
    )


def test_empty_changelog_says_so() -> None:
    """No shipped entries: a sentence, no month headings."""
    markup = render_changelog_html(data_with(item("ENG-1")), "feed.xml")
    assert "Nothing has shipped" in markup and "<h2" not in markup
