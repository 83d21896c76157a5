"""The Linear-derived parts of one build: link data, roadmap history, cross-links, feeds."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kbgen.config import SiteConfig
from kbgen.content.knowledge_base import KnowledgeBase
from kbgen.content.link_index import articles_by_item
from kbgen.errors import KbgenError
from kbgen.linear.history import RoadmapMove, load_history
from kbgen.linear.public import shown_labels
from kbgen.mkdocs.alternate_sitemaps import answer_sitemaps_beside
from kbgen.review.link_data import LinkData, load_link_data
from kbgen.roadmap.feed_links import FeedLink, changelog_feed, label_feeds, roadmap_feed
from kbgen.roadmap.models import ArticleLink

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


def load_linear_extras(site: SiteConfig) -> LinearExtras:
    """Link data, history and feeds for a site with a ``linear:`` section (warn on bad files)."""
    settings = site.linear
    if settings is None:
        return LinearExtras()
    links: LinkData | None = None
    history: list[RoadmapMove] = []
    try:
        links = load_link_data(settings.links_path(site.root))
    except KbgenError as error:
        log.warning("%s; articles are not marked changed", error)
    try:
        history = load_history(settings.history_path(site.root))
    except KbgenError as error:
        log.warning("%s; the roadmap feeds are empty", error)
    labels = shown_labels(settings.labels, settings)
    roadmap = (roadmap_feed(site.site_name), *label_feeds(site.site_name, labels))
    return LinearExtras(
        links=links,
        history=tuple(history),
        changelog_feed=changelog_feed(site.site_name),
        roadmap_feeds=roadmap,
    )


def article_links(kb: KnowledgeBase, urls: Mapping[str, str]) -> dict[str, list[ArticleLink]]:
    """Item identifier -> the articles linking it, with their site-relative URLs."""
    return {
        identifier: [
            ArticleLink(article.title, urls[article.rel_path])
            for article in articles
            if article.rel_path in urls
        ]
        for identifier, articles in articles_by_item(kb.articles).items()
    }


def answer_alternate_sitemaps(site_dir: Path, feeds: Sequence[FeedLink]) -> None:
    """Write an empty sitemap.xml beside each feed linked from the page heads (see
    ``kbgen.mkdocs.alternate_sitemaps``)."""
    answer_sitemaps_beside(site_dir, (feed.path for feed in feeds))
