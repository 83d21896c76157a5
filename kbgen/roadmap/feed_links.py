"""The site's Atom feeds: their titles (carrying the site name) and paths under the site."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

CHANGELOG_FEED = "changelog/feed.xml"
ROADMAP_FEED = "roadmap/feed.xml"
LABEL_FEEDS = "roadmap/feeds"


@dataclass(frozen=True, slots=True)
class FeedLink:
    """One feed: the title readers' feed apps show, its site-relative path, its label if any."""

    title: str
    path: str
    label: str | None = None
    author: str = ""  # the site name, the feed's author


def feed_title(site_name: str, what: str) -> str:
    """``Tallyflow Help Centre — Changelog``."""
    return f"{site_name} — {what}"


def changelog_feed(site_name: str) -> FeedLink:
    """The changelog's feed."""
    return FeedLink(feed_title(site_name, "Changelog"), CHANGELOG_FEED, author=site_name)


def roadmap_feed(site_name: str) -> FeedLink:
    """Every roadmap move."""
    return FeedLink(feed_title(site_name, "Roadmap updates"), ROADMAP_FEED, author=site_name)


def label_feeds(site_name: str, labels: Sequence[str]) -> list[FeedLink]:
    """One feed per public label (product area), in the order given."""
    return [
        FeedLink(
            feed_title(site_name, f"Roadmap updates: {label}"),
            f"{LABEL_FEEDS}/{label_slug(label)}.xml",
            label,
            author=site_name,
        )
        for label in dict.fromkeys(labels)
        if label_slug(label)
    ]


def label_slug(label: str) -> str:
    """``Bank feeds & sync`` -> ``bank-feeds-sync``."""
    return re.sub(r"[^a-z0-9]+", "-", label.casefold()).strip("-")
