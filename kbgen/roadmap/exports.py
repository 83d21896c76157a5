"""Files written next to the pages: the Atom feed and the JSON API."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kbgen.atomic import write_atomic, write_json
from kbgen.dates import iso_utc
from kbgen.linear_data.history import RoadmapMove
from kbgen.linear_data.items import item_json
from kbgen.roadmap.entry_pages import entry_paths
from kbgen.roadmap.feed import FEED_TITLE, atom_feed
from kbgen.roadmap.feed_links import CHANGELOG_FEED, FeedLink
from kbgen.roadmap.history_feed import history_feed
from kbgen.roadmap.models import ArticleLink, ChangelogEntry, RoadmapData, RoadmapItem


def write_roadmap_exports(
    data: RoadmapData,
    site_dir: Path,
    site_url: str | None,
    *,
    changelog_title: str = FEED_TITLE,
    history: Sequence[RoadmapMove] = (),
    roadmap_feeds: Sequence[FeedLink] = (),
) -> None:
    """Write the changelog feed, api/roadmap.json and api/changelog.json under ``site_dir``,
    and each of ``roadmap_feeds`` (the roadmap's moves, all or one label's) at its path.
    """
    _write(site_dir / CHANGELOG_FEED, atom_feed(data, site_url, changelog_title))
    write_json(site_dir / "api" / "roadmap.json", roadmap_json(data))
    write_json(site_dir / "api" / "changelog.json", changelog_json(data))
    pages = entry_paths(data.entries)
    for feed in roadmap_feeds:
        _write(
            site_dir / feed.path,
            history_feed(history, feed, site_url, data.generated_at, pages),
        )


def roadmap_json(data: RoadmapData) -> dict[str, Any]:
    """The documented shape of api/roadmap.json."""
    return {**_header(data), "items": [_item(item) for item in data.items]}


def changelog_json(data: RoadmapData) -> dict[str, Any]:
    """The documented shape of api/changelog.json."""
    pages = entry_paths(data.entries)
    entries = [_entry(entry, pages[entry.anchor]) for entry in data.entries]
    return {**_header(data), "entries": entries}


def _header(data: RoadmapData) -> dict[str, Any]:
    return {"generated_at": iso_utc(data.generated_at), "source": data.source}


def _item(card: RoadmapItem) -> dict[str, Any]:
    """A card: the item's JSON (as in the snapshot) and the articles linking it."""
    return {**item_json(card.item), "articles": _articles(card.articles)}


def _entry(entry: ChangelogEntry, url: str) -> dict[str, Any]:
    """An entry: the item's JSON (as in the snapshot), its page and the articles linking it."""
    return {**item_json(entry.item), "url": url, "articles": _articles(entry.articles)}


def _articles(links: Sequence[ArticleLink]) -> list[dict[str, str]]:
    """The articles linking an item, with site-relative URLs."""
    return [{"title": link.title, "url": link.url} for link in links]


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
