"""Hand-made public items for tests that need no server."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

from kbgen.linear_data.items import PublicItem

WHEN = datetime(2026, 11, 25, 3, 0, tzinfo=timezone.utc)


def public_item(identifier: str, status: str = "planned", **changes: object) -> PublicItem:
    """A public item with sensible defaults (issue when the id has a dash, else project)."""
    base = PublicItem(
        id=identifier,
        kind="issue" if "-" in identifier else "project",
        title=f"Title of {identifier}",
        status=status,
        summary_html="<p>Summary</p>",
        target=None,
        labels=("Invoicing",),
        created_at=WHEN,
        updated_at=WHEN,
        shipped_at=date(2026, 11, 20) if status == "shipped" else None,
    )
    return replace(base, **changes)
