"""Roadmap and changelog models, built from a public snapshot for a given day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kbgen.config.linear import LinearSettings
from kbgen.linear_data.items import (
    IN_PROGRESS,
    PLANNED,
    SHIPPED,
    PublicItem,
    shown_labels,
    target_end,
)
from kbgen.linear_data.snapshot import Snapshot

COLUMNS = ((PLANNED, "Planned"), (IN_PROGRESS, "In progress"), (SHIPPED, "Recently shipped"))


@dataclass(frozen=True, slots=True)
class ArticleLink:
    """A help article that links a roadmap item: its title and site-relative URL."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class RoadmapItem:
    """A card on the roadmap."""

    id: str
    kind: str
    title: str
    status: str
    summary_html: str
    target: str | None
    labels: tuple[str, ...]
    updated_at: datetime
    shipped_at: date | None = None
    customer_requests: int | None = None
    articles: tuple[ArticleLink, ...] = ()

    @property
    def anchor(self) -> str:
        """An HTML id for the card."""
        return anchor_for(self.kind, self.id)


@dataclass(frozen=True, slots=True)
class ChangelogEntry:
    """One shipped item in the changelog."""

    id: str
    kind: str
    title: str
    shipped_at: date
    summary_html: str
    labels: tuple[str, ...]
    articles: tuple[ArticleLink, ...] = ()

    @property
    def anchor(self) -> str:
        """The permalink fragment of the entry."""
        return anchor_for(self.kind, self.id)


@dataclass(frozen=True, slots=True)
class RoadmapData:
    """Everything the roadmap and changelog pages and exports show."""

    generated_at: datetime  # UTC: when the data was fetched from Linear
    source: str  # 'linear' (fetched in this build) or 'snapshot'
    items: tuple[RoadmapItem, ...]
    entries: tuple[ChangelogEntry, ...]

    def column(self, status: str) -> tuple[RoadmapItem, ...]:
        """The cards of one column, in display order."""
        return tuple(item for item in self.items if item.status == status)


def anchor_for(kind: str, identifier: str) -> str:
    """eng-123 for issues, project-<slug> for projects."""
    return identifier.lower() if kind == "issue" else f"project-{identifier.lower()}"


def roadmap_from_snapshot(
    snapshot: Snapshot, source: str, settings: LinearSettings, today: date
) -> RoadmapData:
    """Apply the shipped/changelog windows and the label allowlist to a snapshot."""
    shipped_since = today - timedelta(days=settings.shipped_days)
    changelog_since = today - timedelta(days=settings.changelog_days)
    items = [
        _card(item, settings)
        for item in snapshot.items
        if item.status != SHIPPED or (item.shipped_at and item.shipped_at >= shipped_since)
    ]
    entries = [
        _entry(item, settings)
        for item in snapshot.items
        if item.shipped_at and changelog_since <= item.shipped_at <= today
    ]
    return RoadmapData(
        generated_at=snapshot.generated_at,
        source=source,
        items=tuple(sorted(items, key=_card_order)),
        entries=tuple(sorted(entries, key=lambda e: (-e.shipped_at.toordinal(), e.id))),
    )


def _card(item: PublicItem, settings: LinearSettings) -> RoadmapItem:
    return RoadmapItem(
        id=item.id,
        kind=item.kind,
        title=item.title,
        status=item.status,
        summary_html=item.summary_html,
        target=item.target,
        labels=shown_labels(item.labels, settings),
        updated_at=item.updated_at,
        shipped_at=item.shipped_at,
        customer_requests=item.customer_requests if settings.show_request_counts else None,
    )


def _entry(item: PublicItem, settings: LinearSettings) -> ChangelogEntry:
    assert item.shipped_at is not None
    return ChangelogEntry(
        id=item.id,
        kind=item.kind,
        title=item.title,
        shipped_at=item.shipped_at,
        summary_html=item.summary_html,
        labels=shown_labels(item.labels, settings),
    )


def _card_order(item: RoadmapItem) -> tuple[int, int, str, float, str]:
    """Columns in order; shipped newest first; others by target (none last), then recency."""
    column = [status for status, _ in COLUMNS].index(item.status)
    shipped = -(item.shipped_at.toordinal() if item.shipped_at else 0)
    return (column, shipped, target_end(item.target), -item.updated_at.timestamp(), item.id)


def target_text(target: str | None) -> str | None:
    """One format, the month and year a target ends: 2027-Q1 -> 'March 2027', 2027-H2 ->
    'December 2027', 2027-03 and 2027-03-15 -> 'March 2027', 2027 -> 'December 2027'."""
    if not target:
        return None
    try:
        end = date.fromisoformat(target_end(target)[:8] + "01")
    except ValueError:
        return target
    return f"{end:%B %Y}"
