"""A public Linear item as the snapshot records it, and the words every reader shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kbgen.config.linear import LinearSettings
from kbgen.content.linear_links import ISSUE_IDENTIFIER, PROJECT_SLUG_ID
from kbgen.linear_data.sanitize import clean_text

PLANNED, IN_PROGRESS, SHIPPED = "planned", "in_progress", "shipped"
STATUSES = (PLANNED, IN_PROGRESS, SHIPPED)
STATUS_NAMES = {PLANNED: "Planned", IN_PROGRESS: "In progress", SHIPPED: "Shipped"}
ID_PATTERNS = {"issue": ISSUE_IDENTIFIER, "project": PROJECT_SLUG_ID}  # each kind's id form


@dataclass(frozen=True, slots=True)
class PublicItem:
    """One public issue or project, holding only data that may be published."""

    id: str
    kind: str  # 'issue' or 'project'
    title: str
    status: str  # one of STATUSES
    summary_html: str
    target: str | None
    labels: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    shipped_at: date | None
    customer_requests: int | None = None


def shown_labels(names: list[str] | tuple[str, ...], settings: LinearSettings) -> tuple[str, ...]:
    """Label names from the configured allowlist (the public label itself is implied)."""
    allowed = set(settings.labels) - {settings.public_label}
    return tuple(sorted({clean_text(name, 60) for name in names if name in allowed}))


def target_end(target: str | None) -> str:
    """The last day a target stands for (2027-Q1 -> 2027-03-31), for sorting; '~' if none."""
    if not target:
        return "~"
    year, _, rest = target.partition("-")
    if rest.startswith("Q") and rest[1:].isdigit():
        return f"{year}-{int(rest[1:]) * 3:02d}-31"
    if rest.startswith("H") and rest[1:].isdigit():
        return f"{year}-{int(rest[1:]) * 6:02d}-31"
    if len(rest) == 2:
        return f"{target}-31"
    return target if rest else f"{year}-12-31"
