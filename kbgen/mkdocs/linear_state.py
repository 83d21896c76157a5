"""The Linear-derived parts of one build: roadmap, link data, roadmap history, cross-links, feeds.

One call starts the build's pull (``kbgen.linear.build_data``) and keeps what it hands back;
nothing the pull wrote is read back from disk.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mkdocs.exceptions import PluginError

from kbgen.config import SiteConfig
from kbgen.config.linear import LinearSettings
from kbgen.content.knowledge_base import KnowledgeBase
from kbgen.content.link_index import articles_by_item
from kbgen.errors import KbgenError
from kbgen.linear.build_data import linear_data_for_build
from kbgen.linear.errors import KEY_VARIABLE
from kbgen.linear_data.history import RoadmapMove
from kbgen.linear_data.items import shown_labels
from kbgen.linear_data.link_data import LinkData
from kbgen.linear_data.recorded import LinearRecords
from kbgen.mkdocs.alternate_sitemaps import answer_sitemaps_beside
from kbgen.roadmap.feed_links import FeedLink, changelog_feed, label_feeds, roadmap_feed
from kbgen.roadmap.models import ArticleLink, RoadmapData, roadmap_from_snapshot

log = logging.getLogger("mkdocs.plugins.kbgen")


@dataclass(frozen=True, slots=True)
class LinearExtras:
    """What the last pull recorded beside the snapshot, and the site's feeds."""

    links: LinkData | None = None
    history: tuple[RoadmapMove, ...] = ()
    changelog_feed: FeedLink | None = None
    roadmap_feeds: tuple[FeedLink, ...] = ()  # every move first, then one per label

    @property
    def head_feeds(self) -> tuple[FeedLink, ...]:
        """The feeds every page's head links: the changelog and every roadmap move."""
        return (self.changelog_feed, self.roadmap_feeds[0]) if self.changelog_feed else ()


def load_linear(
    site: SiteConfig, today: date, pull: bool, linked: Sequence[str] = ()
) -> tuple[RoadmapData | None, LinearExtras]:
    """The roadmap and the extras for a site with a ``linear:`` section (None and no extras
    without one). ``pull=False`` (``kbgen serve``) never pulls: no Linear request per save."""
    environ = os.environ if pull else {k: v for k, v in os.environ.items() if k != KEY_VARIABLE}
    try:
        records = linear_data_for_build(site, environ, today, linked)
    except KbgenError as error:
        raise PluginError(str(error)) from None
    if records is None or site.linear is None:
        return None, LinearExtras()
    settings = site.linear
    roadmap = roadmap_from_snapshot(records.snapshot, records.source, settings, today)
    return roadmap, linear_extras(site.site_name, settings, records)


def linear_extras(site_name: str, settings: LinearSettings, records: LinearRecords) -> LinearExtras:
    """Link data, history and feeds from the build's Linear data (warn on unusable files)."""
    for warning in records.warnings:
        log.warning("%s", warning)
    labels = shown_labels(settings.labels, settings)
    roadmap = (roadmap_feed(site_name), *label_feeds(site_name, labels))
    return LinearExtras(
        links=records.links,
        history=records.history.moves,
        changelog_feed=changelog_feed(site_name),
        roadmap_feeds=roadmap,
    )


def article_links(
    kb: KnowledgeBase, urls: Mapping[str, str], links: LinkData | None = None
) -> dict[str, list[ArticleLink]]:
    """Item identifier (as the item holds it now: ``links`` follows team moves) -> the
    articles linking it, with their site-relative URLs."""
    found: dict[str, list[ArticleLink]] = {}
    for identifier, articles in articles_by_item(kb.articles).items():
        current = links.current_id(identifier) if links else identifier
        found.setdefault(current, []).extend(
            ArticleLink(article.title, urls[article.rel_path])
            for article in articles
            if article.rel_path in urls
        )
    return found


def answer_alternate_sitemaps(site_dir: Path, feeds: Sequence[FeedLink]) -> None:
    """Write an empty sitemap.xml beside each feed linked from the page heads (see
    ``kbgen.mkdocs.alternate_sitemaps``)."""
    answer_sitemaps_beside(site_dir, (feed.path for feed in feeds))
