"""The insights report: content gaps, per-article resolution, unknown pages and a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from kbgen.insights.events import Event
from kbgen.insights.pages import PageIndex
from kbgen.insights.queries import normalise_query
from kbgen.review.signals import ArticleSignals


@dataclass(frozen=True, slots=True)
class ContentGap:
    """A query (normalised) that found nothing, and how often readers searched it."""

    query: str
    searches: int


@dataclass(frozen=True, slots=True)
class ArticleInsight:
    """What readers said about one article."""

    path: str
    page: str
    title: str
    signals: ArticleSignals


@dataclass(frozen=True, slots=True)
class UnknownPage:
    """A page events name that the site does not have (moved or removed)."""

    page: str
    signals: ArticleSignals


@dataclass(frozen=True, slots=True)
class Summary:
    """Totals over the events counted (after ``--since``)."""

    events: int = 0
    searches: int = 0
    zero_result_searches: int = 0
    helpful: int = 0
    unhelpful: int = 0
    contacts: int = 0
    unknown_page_events: int = 0
    skipped_lines: int = 0
    undated: int = 0
    """Events without ``ts`` left out because ``--since`` was given."""

    @property
    def zero_result_share(self) -> float | None:
        """Share of searches that found nothing (None without searches)."""
        return self.zero_result_searches / self.searches if self.searches else None

    @property
    def contact_share(self) -> float | None:
        """Support contacts per search: a rough escalation rate (kbgen keeps no sessions)."""
        return self.contacts / self.searches if self.searches else None


@dataclass(frozen=True, slots=True)
class InsightsReport:
    """Everything ``kbgen insights`` reports, ready for any renderer."""

    content_gaps: tuple[ContentGap, ...]
    articles: tuple[ArticleInsight, ...]
    unknown_pages: tuple[UnknownPage, ...]
    summary: Summary
    since: date | None = None


@dataclass(slots=True)
class _Tally:
    """Running counts for one page."""

    helpful: int = 0
    unhelpful: int = 0
    contacts: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    def add(self, event: Event) -> None:
        if event.event == "kb_contact":
            self.contacts += 1
        elif event.helpful:
            self.helpful += 1
        else:
            self.unhelpful += 1
            if event.reason:
                self.reasons[event.reason] += 1

    def signals(self) -> ArticleSignals:
        reasons = sorted(self.reasons.items(), key=lambda item: (-item[1], item[0]))
        return ArticleSignals(self.helpful, self.unhelpful, tuple(reasons), self.contacts)


def build_insights(
    events: Sequence[Event],
    index: PageIndex,
    since: date | None = None,
    skipped_lines: int = 0,
) -> InsightsReport:
    """Count the events (from ``since`` on, when given) into an InsightsReport."""
    kept = [event for event in events if keep(event, since)]
    gaps: Counter[str] = Counter()
    by_article: dict[str, _Tally] = {}
    unknown: dict[str, _Tally] = {}
    searches = zero = unknown_events = 0
    for event in kept:
        if event.event == "kb_search":
            searches += 1
            if event.results == 0 and (query := normalise_query(event.query or "")):
                zero += 1
                gaps[query] += 1
            continue
        key = index.key(event.page or "")  # the URL is parsed once per event
        article = index.articles.get(key)
        if article is not None:
            by_article.setdefault(article.rel_path, _Tally()).add(event)
        elif key not in index.site_pages:
            unknown_events += 1
            unknown.setdefault(index.base_path + key, _Tally()).add(event)
    summary = Summary(
        events=len(kept),
        searches=searches,
        zero_result_searches=zero,
        helpful=sum(1 for e in kept if e.event == "kb_feedback" and e.helpful),
        unhelpful=sum(1 for e in kept if e.event == "kb_feedback" and not e.helpful),
        contacts=sum(1 for e in kept if e.event == "kb_contact"),
        unknown_page_events=unknown_events,
        skipped_lines=skipped_lines,
        undated=sum(1 for e in events if since is not None and e.ts is None),
    )
    return InsightsReport(
        content_gaps=tuple(sorted_gaps(gaps)),
        articles=tuple(sorted_articles(by_article, index)),
        unknown_pages=tuple(
            UnknownPage(page, tally.signals()) for page, tally in sorted(unknown.items())
        ),
        summary=summary,
        since=since,
    )


def keep(event: Event, since: date | None) -> bool:
    """Within ``since`` (events without ``ts`` cannot be placed, so they are left out)."""
    if since is None:
        return True
    return event.ts is not None and event.ts.date() >= since


def sorted_gaps(gaps: Counter[str]) -> Iterable[ContentGap]:
    """Most searched first, then alphabetically."""
    for query, count in sorted(gaps.items(), key=lambda item: (-item[1], item[0])):
        yield ContentGap(query, count)


def sorted_articles(by_article: dict[str, _Tally], index: PageIndex) -> list[ArticleInsight]:
    """Least resolved first: most unhelpful, then most contacts, then by path."""
    articles = {article.rel_path: article for article in index.articles.values()}
    rows = [
        ArticleInsight(path, index.page_of(articles[path]), articles[path].title, tally.signals())
        for path, tally in by_article.items()
    ]
    rows.sort(key=lambda row: (-row.signals.unhelpful, -row.signals.contacts, row.path))
    return rows


def signals_by_path(report: InsightsReport) -> dict[str, ArticleSignals]:
    """Each article's signals keyed by its path relative to the content folder."""
    return {row.path: row.signals for row in report.articles}
