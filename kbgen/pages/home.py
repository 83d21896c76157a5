"""What the home page shows: topics, popular articles, what is new and the ways forward.

Plain data for ``kbgen-home.html``. Popular articles are the site owner's ``home.featured``,
else the articles updated most recently (never review dates: those are for the team).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from kbgen.content.articles import Article
from kbgen.dates import display_date
from kbgen.pages.roadmap_views import page_text
from kbgen.pages.support import SupportLink
from kbgen.pages.views import CategoryCard, ListingItem
from kbgen.roadmap.models import ChangelogEntry

POPULAR_COUNT = 6
WHATS_NEW_COUNT = 3


@dataclass(frozen=True, slots=True)
class HomeLink:
    """One way forward from the home page: Roadmap, Changelog or Contact support."""

    key: str
    label: str
    description: str
    url: str
    support: bool = False
    """A support link (support.js fills it in and reports the contact)."""


@dataclass(frozen=True, slots=True)
class NewsItem:
    """One changelog entry under "What's new": its title comes from Linear, escaped."""

    title: Markup
    url: str
    date_iso: str
    date_text: str


@dataclass(frozen=True, slots=True)
class HomeView:
    """The home page below the site's name and search."""

    categories: tuple[CategoryCard, ...]
    popular: tuple[ListingItem, ...]
    featured: bool
    """True when ``popular`` is the site owner's ``home.featured``."""
    whats_new: tuple[NewsItem, ...]
    links: tuple[HomeLink, ...]


def popular_articles(
    articles: Sequence[Article],
    featured: Sequence[str],
    updated: Mapping[str, date],
    count: int = POPULAR_COUNT,
) -> tuple[tuple[Article, ...], bool]:
    """The featured articles in their order (those that are published), else the ``count``
    most recently updated ones; and whether they are the featured ones."""
    by_path = {article.rel_path: article for article in articles}
    chosen = tuple(by_path[path] for path in featured if path in by_path)
    if chosen:
        return chosen, True
    newest = sorted(
        articles, key=lambda item: (-updated.get(item.rel_path, date.min).toordinal(), item.title)
    )
    return tuple(newest[:count]), False


def whats_new(
    entries: Sequence[ChangelogEntry],
    entry_url: Callable[[ChangelogEntry], str],
    count: int = WHATS_NEW_COUNT,
) -> tuple[NewsItem, ...]:
    """The latest changelog entries (entries are newest first)."""
    return tuple(
        NewsItem(
            title=page_text(entry.item.title),
            url=entry_url(entry),
            date_iso=entry.shipped_at.isoformat(),
            date_text=display_date(entry.shipped_at),
        )
        for entry in entries[:count]
    )


def home_links(has_roadmap: bool, support: SupportLink | None) -> tuple[HomeLink, ...]:
    """Roadmap, Changelog and Contact support: each only when it exists."""
    links = []
    if has_roadmap:
        links += [
            HomeLink("roadmap", "Roadmap", "What we are building next", "roadmap/"),
            HomeLink("changelog", "Changelog", "What shipped, by month", "changelog/"),
        ]
    if support is not None:
        links.append(
            HomeLink("support", support.label, "Talk to a person", support.url, support=True)
        )
    return tuple(links)
