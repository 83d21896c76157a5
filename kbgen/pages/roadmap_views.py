"""What the roadmap and changelog pages show: view models built from the roadmap data.

The theme's ``kbgen-roadmap.html`` and ``kbgen-changelog.html`` only display these values.
Every text is escaped here, with its braces written as character references, so HTML, Jinja
or Markdown syntax in a Linear title stays text whatever later reads the page.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from kbgen.dates import display_date, iso_utc
from kbgen.linear_data.items import SHIPPED
from kbgen.linear_data.sanitize import inert_braces
from kbgen.roadmap.entry_pages import entry_path, entry_paths, entry_slugs
from kbgen.roadmap.feed_links import CHANGELOG_FEED, FeedLink
from kbgen.roadmap.models import (
    COLUMNS,
    ArticleLink,
    ChangelogEntry,
    RoadmapData,
    RoadmapItem,
    target_text,
)

EMPTY_COLUMN = {
    "planned": "Nothing planned right now.",
    "in_progress": "Nothing in progress right now.",
    "shipped": "Nothing shipped recently.",
}


@dataclass(frozen=True, slots=True)
class LinkView:
    """A titled link, its URL relative to the page."""

    title: Markup
    url: Markup


@dataclass(frozen=True, slots=True)
class CardView:
    """One roadmap card."""

    anchor: Markup
    title: Markup
    summary_html: Markup
    target: Markup | None
    labels: tuple[Markup, ...]
    date_label: str
    """"Shipped" on a shipped card, else "" (a last-changed date tells readers nothing)."""
    date_iso: str
    date_text: str
    requests: int | None
    articles: tuple[LinkView, ...]
    entry_url: Markup | None = None
    """A shipped card's changelog entry page (``changelog/<slug>/``), when it has one."""


@dataclass(frozen=True, slots=True)
class ColumnView:
    """Planned, In progress or Recently shipped: its cards, or the sentence saying none."""

    key: str
    heading: str
    cards: tuple[CardView, ...]
    empty: str


@dataclass(frozen=True, slots=True)
class RoadmapView:
    """The roadmap page: when the data was fetched, the three columns, the feeds to follow."""

    generated_iso: str
    generated_text: str
    columns: tuple[ColumnView, ...]
    feeds: tuple[LinkView, ...]


@dataclass(frozen=True, slots=True)
class EntryView:
    """One changelog entry."""

    anchor: Markup
    title: Markup
    summary_html: Markup
    labels: tuple[Markup, ...]
    date_iso: str
    date_text: str
    articles: tuple[LinkView, ...]
    url: Markup
    """The entry's own page (``changelog/<slug>/``), relative to the page showing it."""


@dataclass(frozen=True, slots=True)
class MonthView:
    """The entries shipped in one month, newest first."""

    anchor: str
    heading: str
    entries: tuple[EntryView, ...]


@dataclass(frozen=True, slots=True)
class ChangelogView:
    """The changelog page: when the data was fetched, its feed, the months newest first."""

    generated_iso: str
    generated_text: str
    feed_url: Markup
    months: tuple[MonthView, ...]


def roadmap_view(
    data: RoadmapData, link_base: str = "../", feeds: Sequence[FeedLink] = ()
) -> RoadmapView:
    """Three columns of cards, and the feeds to follow.

    ``link_base`` leads from the page to the site root (for article, entry and feed links).
    """
    pages = entry_paths(data.entries)
    columns = tuple(
        ColumnView(
            key=status.replace("_", "-"),
            heading=heading,
            cards=tuple(
                card_view(item, link_base, pages.get(item.anchor)) for item in data.column(status)
            ),
            empty=EMPTY_COLUMN[status],
        )
        for status, heading in COLUMNS
    )
    follow = tuple(
        LinkView(page_text(feed.label or "All updates"), page_text(link_base + feed.path))
        for feed in feeds
    )
    return RoadmapView(iso_utc(data.generated_at), display_date(data.generated_at), columns, follow)


def changelog_view(data: RoadmapData, link_base: str = "../") -> ChangelogView:
    """Entries grouped by month, newest first, each linking its own page; a link to the feed."""
    slugs = entry_slugs(data.entries)
    months = tuple(
        MonthView(
            anchor=f"month-{month}",
            heading=f"{entries[0].shipped_at:%B %Y}",
            entries=tuple(
                entry_view(entry, link_base, link_base + entry_path(slugs[entry.anchor]))
                for entry in entries
            ),
        )
        for month, group in itertools.groupby(data.entries, key=lambda e: f"{e.shipped_at:%Y-%m}")
        for entries in [list(group)]
    )
    return ChangelogView(
        iso_utc(data.generated_at),
        display_date(data.generated_at),
        page_text(link_base + CHANGELOG_FEED),
        months,
    )


def card_view(card: RoadmapItem, link_base: str, entry_page: str | None = None) -> CardView:
    """A card: its target as month and year, the ship date once shipped (no last-changed date:
    it tells readers nothing) and, once shipped, the link to its changelog entry's page."""
    item = card.item
    day = item.shipped_at if item.status == SHIPPED else None
    target = target_text(item.target)
    return CardView(
        anchor=page_text(card.anchor),
        title=page_text(item.title),
        summary_html=Markup(item.summary_html),  # noqa: S704 (sanitised by nh3)
        target=page_text(target) if target else None,
        labels=tuple(page_text(label) for label in item.labels),
        date_label="Shipped" if day else "",
        date_iso=day.isoformat() if day else "",
        date_text=display_date(day) if day else "",
        requests=item.customer_requests,
        articles=article_links(card.articles, link_base),
        entry_url=page_text(link_base + entry_page) if entry_page and day else None,
    )


def entry_view(entry: ChangelogEntry, link_base: str, url: str = "") -> EntryView:
    """A changelog entry with its ship date; ``url`` leads to its own page."""
    item = entry.item
    return EntryView(
        anchor=page_text(entry.anchor),
        title=page_text(item.title),
        summary_html=Markup(item.summary_html),  # noqa: S704 (sanitised by nh3)
        labels=tuple(page_text(label) for label in item.labels),
        date_iso=entry.shipped_at.isoformat(),
        date_text=display_date(entry.shipped_at),
        articles=article_links(entry.articles, link_base),
        url=page_text(url),
    )


def entry_page_view(data: RoadmapData, anchor: str, link_base: str) -> EntryView | None:
    """The entry shown on its own page (``link_base`` leads from it to the site root)."""
    entry = next((entry for entry in data.entries if entry.anchor == anchor), None)
    return None if entry is None else entry_view(entry, link_base)


def article_links(links: Sequence[ArticleLink], link_base: str) -> tuple[LinkView, ...]:
    """The help articles that describe an item, linked from the page."""
    return tuple(LinkView(page_text(link.title), page_text(link_base + link.url)) for link in links)


def page_text(value: str) -> Markup:
    """Plain text as HTML showing exactly that text, with no template marker left in it."""
    return Markup(inert_braces(str(escape(value))))  # noqa: S704 (escaped on this line)
