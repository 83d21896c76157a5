"""A public Linear item, the one JSON shape it has (snapshot and API), and the words every
reader shares.

A new fact about an item is a field on ``PublicItem`` and a line each in ``item_json`` and
``item_from_json``: the snapshot, ``api/roadmap.json`` and ``api/changelog.json`` all carry it,
and a roadmap card or changelog entry (``kbgen.roadmap.models``) holds the item itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kbgen.config.linear import LinearSettings
from kbgen.content.linear_links import ISSUE_IDENTIFIER, PROJECT_SLUG_ID
from kbgen.dates import iso_utc, read_day, read_moment
from kbgen.linear_data.sanitize import clean_html, clean_text

PLANNED, IN_PROGRESS, SHIPPED = "planned", "in_progress", "shipped"
STATUSES = (PLANNED, IN_PROGRESS, SHIPPED)
STATUS_NAMES = {PLANNED: "Planned", IN_PROGRESS: "In progress", SHIPPED: "Shipped"}
ID_PATTERNS = {"issue": ISSUE_IDENTIFIER, "project": PROJECT_SLUG_ID}  # each kind's id form
MAX_LABELS = 100
MAX_TEXT = 200_000
MAX_REQUESTS = 1_000_000


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


def item_json(item: PublicItem) -> dict[str, Any]:
    """The item as JSON: its record in the snapshot and in ``api/roadmap.json`` and
    ``api/changelog.json`` alike (``customer_requests`` is null when not shown)."""
    return {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "status": item.status,
        "summary_html": item.summary_html,
        "target": item.target,
        "labels": list(item.labels),
        "created_at": iso_utc(item.created_at),
        "updated_at": iso_utc(item.updated_at),
        "shipped_at": item.shipped_at.isoformat() if item.shipped_at else None,
        "customer_requests": item.customer_requests,
    }


def identified(data: object, where: str) -> tuple[dict[str, Any], str, str]:
    """A recorded item or move: the object, its kind and its Linear id, checked against the
    kind's id pattern; ValueError naming ``where`` if not."""
    if not isinstance(data, dict):
        raise ValueError(f"{where}: not an object")
    kind, identifier = data.get("kind"), data.get("id")
    pattern = ID_PATTERNS.get(kind) if isinstance(kind, str) else None
    if pattern is None or not isinstance(identifier, str) or not pattern.match(identifier):
        raise ValueError(f"{where}: bad id or kind")
    assert isinstance(kind, str)
    return data, kind, identifier


def item_from_json(data: object, where: str) -> PublicItem:
    """One item as ``item_json`` wrote it, every field checked and its text sanitised again;
    ValueError naming ``where`` (a JSON path) if bad."""
    data, kind, identifier = identified(data, where)
    status = data.get("status")
    where = f"{where} ({identifier})"
    if status not in STATUSES:
        shown = repr(status[:30]) if isinstance(status, str) else "(not text)"
        raise ValueError(f"{where}: unknown status {shown}")
    created = read_moment(data.get("created_at"), f"{where}.created_at")
    updated = read_moment(data.get("updated_at"), f"{where}.updated_at")
    if created is None or updated is None:
        raise ValueError(f"{where}: lacks created_at or updated_at")
    shipped = read_day(data.get("shipped_at"), f"{where}.shipped_at")
    if (status == SHIPPED) != (shipped is not None):
        raise ValueError(f"{where}: shipped_at must be set exactly when shipped")
    labels = data.get("labels") or []
    if not isinstance(labels, list) or len(labels) > MAX_LABELS:
        raise ValueError(f"{where}.labels: not a list of at most {MAX_LABELS} names")
    title, summary, target = data.get("title"), data.get("summary_html"), data.get("target")
    return PublicItem(
        id=identifier,
        kind=str(kind),
        title=clean_text(_text(title, f"{where}.title")) or identifier,
        status=status,
        summary_html=clean_html(_text(summary, f"{where}.summary_html")),
        target=clean_text(_text(target, f"{where}.target"), 20) if target else None,
        labels=tuple(clean_text(_text(name, f"{where}.labels"), 60) for name in labels),
        created_at=created,
        updated_at=updated,
        shipped_at=shipped,
        customer_requests=_count(data.get("customer_requests")),
    )


def _count(value: object) -> int | None:
    """A customer request count within bounds, else None (the count is not shown)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_REQUESTS:
        return value
    return None


def _text(value: object, where: str) -> str:
    """A text field (null is empty); anything but text raises ValueError naming ``where``."""
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise ValueError(f"{where}: not text of at most {MAX_TEXT:,} characters")
    return value
