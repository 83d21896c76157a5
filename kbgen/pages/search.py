"""What the search index holds: per-article search values and roadmap/changelog records.

Plain data for the Pagefind adapter (``kbgen.mkdocs.search_index``) and the templates: the
kind of result (Article, Roadmap, Changelog), its category, and an article's hidden
``search_terms``.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from kbgen.config import SiteConfig
from kbgen.content.articles import Article
from kbgen.pages.support import client_settings
from kbgen.roadmap.entry_pages import entry_paths
from kbgen.roadmap.models import ChangelogEntry, RoadmapData, RoadmapItem

ARTICLE = "Article"
ROADMAP = "Roadmap"
CHANGELOG = "Changelog"


@dataclass(frozen=True, slots=True)
class SearchView:
    """What an article page tells Pagefind: kind, category and hidden terms."""

    kind: str
    category: str
    terms: str
    terms_words: int


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """A result that is not a page of its own: a roadmap card or a changelog entry."""

    url: str
    title: str
    content: str
    kind: str


def search_view(article: Article, category_title: str | None) -> SearchView:
    """The search values of one article page."""
    terms = " ".join(article.search_terms)
    return SearchView(
        kind=ARTICLE,
        category=category_title or "",
        terms=terms,
        terms_words=len(terms.split()),
    )


def widget_settings(site: SiteConfig) -> dict[str, object]:
    """What the help widget on another site needs: the support link and analytics provider
    (the same public settings every page carries), written with the search data."""
    settings = client_settings(site, title="", path="", url="")
    return {"support": settings["support"], "analytics": settings["analytics"]}


def roadmap_records(data: RoadmapData, roadmap_url: str) -> list[SearchRecord]:
    """One record per roadmap card, linked to its anchor on ``roadmap_url``, and per changelog
    entry, linked to the entry's own page (``/changelog/<slug>/``)."""
    pages = entry_paths(data.entries)
    anchored: list[tuple[str, str, RoadmapItem | ChangelogEntry]] = [
        *((f"{roadmap_url}#{item.anchor}", ROADMAP, item) for item in data.items),
        *((f"/{pages[entry.anchor]}", CHANGELOG, entry) for entry in data.entries),
    ]
    return [
        SearchRecord(
            url=url,
            title=shown.item.title,
            content=f"{shown.item.title}. {html_text(shown.item.summary_html)}",
            kind=kind,
        )
        for url, kind, shown in anchored
    ]


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    """The text of an (already sanitised) HTML fragment, whitespace collapsed."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join(" ".join(collector.parts).split())
