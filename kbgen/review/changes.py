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

    id: str
    event: str  # "shipped"
    date: datetime.date

    def as_dict(self) -> dict[str, str]:
        """The change as JSON reports carry it: ``{"id", "event", "date"}``."""
        return {"id": self.id, "event": self.event, "date": self.date.isoformat()}

    def describe(self, last_reviewed: datetime.date | None) -> str:
        """``TAL-123 shipped 2026-11-20, after the last review (2026-11-02)``."""
        after = f", after the last review ({last_reviewed.isoformat()})" if last_reviewed else ""
        return f"{self.id} {self.event} {self.date.isoformat()}{after}"


def changes_since_review(article: Article, links: LinkData | None) -> tuple[Change, ...]:
    """Linked items completed strictly after ``last_reviewed``, newest first."""
    reviewed = article.last_reviewed
    if links is None or reviewed is None or not article.linear:
        return ()
    found = []
    for identifier in article.linear:
        item = links.get(identifier)
        shipped = item.shipped_on if item else None
        if shipped is not None and shipped > reviewed:
            found.append(Change(identifier, SHIPPED, shipped))
    return tuple(sorted(found, key=lambda change: (-change.date.toordinal(), change.id)))
