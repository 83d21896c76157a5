"""Cross-links: roadmap cards and changelog entries list the help articles that link them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from kbgen.roadmap.models import ArticleLink, ChangelogEntry, RoadmapData


def with_article_links(
    data: RoadmapData, links: Mapping[str, Sequence[ArticleLink]]
) -> RoadmapData:
    """``data`` with each card and entry carrying the articles linking its item, by title."""

    def of(identifier: str) -> tuple[ArticleLink, ...]:
        found = {link.url: link for link in links.get(identifier, ())}
        return tuple(sorted(found.values(), key=lambda link: (link.title.casefold(), link.url)))

    return replace(
        data,
        items=tuple(replace(item, articles=of(item.id)) for item in data.items),
        entries=tuple(replace(entry, articles=of(entry.id)) for entry in data.entries),
    )


def entries_by_id(data: RoadmapData | None) -> dict[str, ChangelogEntry]:
    """The changelog entries keyed by item identifier."""
    return {entry.id: entry for entry in data.entries} if data else {}
