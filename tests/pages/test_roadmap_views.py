"""kbgen.pages.roadmap_views: a card or entry (the public item plus the articles linking it) as
the roadmap and changelog templates see it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from linear_emulator.items import WHEN, public_item

from kbgen.linear_data.items import IN_PROGRESS, PLANNED, SHIPPED
from kbgen.pages.roadmap_views import card_view, changelog_view, entry_view, roadmap_view
from kbgen.roadmap.models import ArticleLink, ChangelogEntry, RoadmapData, RoadmapItem

HOSTILE = "<b>Tom & Jerry</b> {{ 7*7 }} {% raw %}"
LINKS = (ArticleLink("Send <an> invoice", "billing/send/"),)


def card(identifier: str, status: str = PLANNED, **changes: object) -> RoadmapItem:
    return RoadmapItem(public_item(identifier, status, **changes), LINKS)


def test_card_shows_the_item_and_its_articles() -> None:
    """Title, summary, target as month and year, labels, request count and article links."""
    view = card_view(
        card("ENG-1", target="2027-Q1", customer_requests=3, labels=("Payments",)), "../"
    )
    assert (view.anchor, view.title, view.target) == ("eng-1", "Title of ENG-1", "March 2027")
    assert (view.summary_html, view.labels, view.requests) == ("<p>Summary</p>", ("Payments",), 3)
    assert [(link.title, link.url) for link in view.articles] == [
        ("Send &lt;an&gt; invoice", "../billing/send/")
    ]
    assert (view.date_label, view.date_iso, view.entry_url) == ("", "", None)


def test_shipped_card_shows_its_day_and_entry_page() -> None:
    """A shipped card says Shipped with its day and links its changelog entry's page."""
    view = card_view(card("ENG-2", SHIPPED), "../", "changelog/x-eng-2/")
    assert (view.date_label, view.date_iso, view.date_text) == (
        "Shipped",
        "2026-11-20",
        "20 November 2026",
    )
    assert view.entry_url == "../changelog/x-eng-2/"


@pytest.mark.parametrize("status", [PLANNED, IN_PROGRESS])
def test_unshipped_card_never_links_an_entry(status: str) -> None:
    """Only a shipped card links an entry page, whatever page is offered."""
    assert card_view(card("ENG-3", status), "../", "changelog/x/").entry_url is None


@given(st.text(max_size=40))
def test_text_from_linear_stays_text(title: str) -> None:
    """Any title is escaped, with no template marker left, on cards and entries alike."""
    item = public_item("ENG-4", SHIPPED, title=title or "x")
    for shown in (
        card_view(RoadmapItem(item), "../").title,
        entry_view(ChangelogEntry(item, date(2026, 11, 20)), "../").title,
    ):
        assert "<" not in shown and "{" not in shown and "}" not in shown


def test_hostile_title_is_escaped_once() -> None:
    """HTML and Jinja in a title show as text: escaped, braces as character references."""
    view = card_view(card("ENG-5", title=HOSTILE), "../")
    assert view.title == (
        "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; &#123;&#123; 7*7 &#125;&#125; &#123;% raw %&#125;"
    )


def roadmap() -> RoadmapData:
    shipped = public_item("ENG-7", SHIPPED, title="Dark mode")
    return RoadmapData(
        generated_at=WHEN,
        source="snapshot",
        items=(card("ENG-6"), RoadmapItem(shipped, LINKS)),
        entries=(ChangelogEntry(shipped, date(2026, 11, 20), LINKS),),
    )


def test_roadmap_has_three_columns_in_order() -> None:
    """Planned, In progress, Recently shipped; an empty column says so."""
    view = roadmap_view(roadmap())
    assert [column.key for column in view.columns] == ["planned", "in-progress", "shipped"]
    assert [len(column.cards) for column in view.columns] == [1, 0, 1]
    assert view.columns[1].empty == "Nothing in progress right now."
    assert view.columns[2].cards[0].entry_url == "../changelog/dark-mode-eng-7/"


def test_changelog_groups_entries_by_month_with_their_pages() -> None:
    """One month, its entry linking its own page and the articles."""
    view = changelog_view(roadmap())
    assert [month.heading for month in view.months] == ["November 2026"]
    shown = view.months[0].entries[0]
    assert (shown.url, shown.date_iso) == ("../changelog/dark-mode-eng-7/", "2026-11-20")
    assert view.feed_url == "../changelog/feed.xml"


def test_a_new_item_fact_reaches_the_card_through_the_item() -> None:
    """A card holds the item itself: whatever the item carries, the card's view reads it."""
    item = replace(public_item("ENG-8"), customer_requests=42)
    assert card_view(RoadmapItem(item), "../").requests == 42
