"""Changes an article has not been reviewed against: linked Linear items shipped since."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from kbgen.content.articles import Article
from kbgen.linear_data.link_data import LinkData

SHIPPED = "shipped"


@dataclass(frozen=True, slots=True)
class Change:
    """One linked item that shipped after the article's last review."""

    id: str  # the item's identifier now
    event: str  # "shipped"
    date: datetime.date
    linked_as: str | None = None  # the article's identifier, when the issue moved team since

    def as_dict(self) -> dict[str, str]:
        """The change as JSON reports carry it: ``{"id", "event", "date"}``, and
        ``"linked_as"`` (the identifier the article names) for an issue that moved team."""
        found = {"id": self.id, "event": self.event, "date": self.date.isoformat()}
        return found | ({"linked_as": self.linked_as} if self.linked_as else {})

    def describe(self, last_reviewed: datetime.date | None) -> str:
        """``TAL-123 shipped 2026-11-20, after the last review (2026-11-02)``; a moved issue
        reads ``PAY-45 (linked as ENG-123) shipped ...``."""
        after = f", after the last review ({last_reviewed.isoformat()})" if last_reviewed else ""
        named = f" (linked as {self.linked_as})" if self.linked_as else ""
        return f"{self.id}{named} {self.event} {self.date.isoformat()}{after}"


def changes_since_review(article: Article, links: LinkData | None) -> tuple[Change, ...]:
    """Linked items completed strictly after ``last_reviewed``, newest first, under the
    identifier each holds now."""
    reviewed = article.last_reviewed
    if links is None or reviewed is None or not article.linear:
        return ()
    found: dict[str, Change] = {}
    for identifier in article.linear:
        item = links.get(identifier)
        shipped = item.shipped_on if item else None
        if item is not None and shipped is not None and shipped > reviewed:
            moved = identifier if item.id != identifier else None
            found.setdefault(item.id, Change(item.id, SHIPPED, shipped, moved))
    ordered = sorted(found.values(), key=lambda change: (-change.date.toordinal(), change.id))
    return tuple(ordered)
