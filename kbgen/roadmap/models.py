"""Roadmap and changelog models, built from a public snapshot for a given day."""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    """A card on the roadmap: the public item (its labels narrowed to the shown ones, its
    request count only when shown) plus the help articles that link it."""

    item: PublicItem
    articles: tuple[ArticleLink, ...] = ()

    @property
    def id(self) -> str:
        """The item's Linear identifier."""
        return self.item.id

    @property
    def anchor(self) -> str:
        """An HTML id for the card."""
        return anchor_for(self.item.kind, self.item.id)


@dataclass(frozen=True, slots=True)
class ChangelogEntry:
    """One shipped item in the changelog: the public item (as on its card) plus the help
    articles that link it; ``shipped_at`` is the item's ship day (an entry always has one)."""

    item: PublicItem
    shipped_at: date
    articles: tuple[ArticleLink, ...] = ()

    @property
    def id(self) -> str:
        """The item's Linear identifier."""
        return self.item.id

    @property
    def anchor(self) -> str:
        """The permalink fragment of the entry."""
        return anchor_for(self.item.kind, self.item.id)


@dataclass(frozen=True, slots=True)
class RoadmapData:
    """Everything the roadmap and changelog pages and exports show."""

    generated_at: datetime  # UTC: when the data was fetched from Linear
    source: str  # 'linear' (fetched in this build) or 'snapshot'
    items: tuple[RoadmapItem, ...]
    entries: tuple[ChangelogEntry, ...]

    def column(self, status: str) -> tuple[RoadmapItem, ...]:
        """The cards of one column, in display order."""
        return tuple(card for card in self.items if card.item.status == status)


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


def shown_item(item: PublicItem, settings: LinearSettings) -> PublicItem:
    """The item as the site shows it: only allowlisted labels, a request count only when
    ``show_request_counts`` is on."""
    counts = item.customer_requests if settings.show_request_counts else None
    return replace(item, labels=shown_labels(item.labels, settings), customer_requests=counts)


def _card(item: PublicItem, settings: LinearSettings) -> RoadmapItem:
    return RoadmapItem(shown_item(item, settings))


def _entry(item: PublicItem, settings: LinearSettings) -> ChangelogEntry:
    assert item.shipped_at is not None
    return ChangelogEntry(shown_item(item, settings), item.shipped_at)


def _card_order(card: RoadmapItem) -> tuple[int, int, str, float, str]:
    """Columns in order; shipped newest first; others by target (none last), then recency."""
    item = card.item
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
