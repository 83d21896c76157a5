"""What may be published: the exact public label, public teams, mapped statuses, nothing else.

The query filters already ask Linear for labelled items only; every rule is checked again
here on the answer (defence in depth), and only allow-listed fields are copied out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from typing import Any

from kbgen.config.linear import LinearSettings
from kbgen.content.linear_links import ISSUE_IDENTIFIER, PROJECT_SLUG_ID
from kbgen.dates import parse_utc
from kbgen.linear.summary import render_summary
from kbgen.linear_data.items import IN_PROGRESS, PLANNED, SHIPPED, PublicItem, shown_labels
from kbgen.linear_data.sanitize import clean_text

ISSUE_STATUS = {
    "backlog": PLANNED,
    "unstarted": PLANNED,
    "started": IN_PROGRESS,
    "completed": SHIPPED,
}
PROJECT_STATUS = {
    "backlog": PLANNED,
    "planned": PLANNED,
    "started": IN_PROGRESS,
    "paused": IN_PROGRESS,
    "completed": SHIPPED,
}


@dataclass(frozen=True, slots=True)
class Selection:
    """The outcome of judging one Linear node: an item, or a reason to warn (or neither)."""

    item: PublicItem | None = None
    warning: str | None = None


def select_issue(node: Mapping[str, Any], settings: LinearSettings, since: date) -> Selection:
    """Publish an issue only if every rule holds; warn when a label meets a private team."""
    identifier = str(node.get("identifier") or "")
    status = ISSUE_STATUS.get(_get(node, "state", "type"))
    team = node.get("team") or {}
    if status is None or not _publishable(node, settings, status, since):
        return Selection()
    if not ISSUE_IDENTIFIER.match(identifier):
        return Selection()
    if settings.teams and team.get("key") not in settings.teams:
        return Selection()
    if team.get("visibility") != "public":
        return Selection(
            warning=f"{identifier} has the '{settings.public_label}' label but its "
            "team is not public; not published"
        )
    return Selection(_item(node, settings, identifier, "issue", status, node.get("description")))


def select_project(node: Mapping[str, Any], settings: LinearSettings, since: date) -> Selection:
    """Publish a project only if it has the public label and every one of its teams is public."""
    slug = str(node.get("slugId") or "")
    status = PROJECT_STATUS.get(_get(node, "status", "type"))
    teams = node.get("teams") or {}
    team_nodes = teams.get("nodes") or []
    if status is None or not _publishable(node, settings, status, since):
        return Selection()
    if not PROJECT_SLUG_ID.match(slug):
        return Selection()
    keys = {team.get("key") for team in team_nodes}
    if settings.teams and not keys & set(settings.teams):
        return Selection()
    private = any(team.get("visibility") != "public" for team in team_nodes)
    if private or not team_nodes or _get(teams, "pageInfo", "hasNextPage"):
        return Selection(
            warning=f"project {slug} has the '{settings.public_label}' label but "
            "not all of its teams are public; not published"
        )
    item = _item(node, settings, slug, "project", status, node.get("content"))
    return Selection(_with_target(item, node))


def _publishable(
    node: Mapping[str, Any], settings: LinearSettings, status: str, since: date
) -> bool:
    """Exact public label, not archived or trashed, a mapped status, recent if shipped."""
    names = [label.get("name") for label in _get(node, "labels", "nodes") or []]
    if settings.public_label not in names or node.get("archivedAt") or node.get("trashed"):
        return False
    if status == SHIPPED:
        shipped = parse_utc(node.get("completedAt"))
        return shipped is not None and shipped.date() >= since
    return True


def _item(
    node: Mapping[str, Any],
    settings: LinearSettings,
    identifier: str,
    kind: str,
    status: str,
    description: str | None,
) -> PublicItem:
    created = parse_utc(node.get("createdAt")) or _EPOCH
    shipped = parse_utc(node.get("completedAt")) if status == SHIPPED else None
    return PublicItem(
        id=identifier,
        kind=kind,
        title=clean_text(node.get("title") or node.get("name")) or identifier,
        status=status,
        summary_html=render_summary(description, settings.public_section),
        target=None,
        labels=shown_labels(
            [label.get("name") or "" for label in _get(node, "labels", "nodes") or []], settings
        ),
        created_at=created,
        updated_at=parse_utc(node.get("updatedAt")) or created,
        shipped_at=shipped.date() if shipped else None,
        customer_requests=_request_count(node) if settings.show_request_counts else None,
    )


def public_target_date(target_date: str | None, resolution: str | None) -> str | None:
    """A project's target as readers say it: 2027-Q1, 2027-H2, 2027-03, 2027 or a date."""
    try:
        day = date.fromisoformat(str(target_date)[:10]) if target_date else None
    except ValueError:
        return None
    if day is None:
        return None
    if resolution == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if resolution == "halfYear":
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    if resolution == "month":
        return f"{day.year}-{day.month:02d}"
    if resolution == "year":
        return str(day.year)
    return day.isoformat()


def _with_target(item: PublicItem, node: Mapping[str, Any]) -> PublicItem:
    target = public_target_date(node.get("targetDate"), node.get("targetDateResolution"))
    return replace(item, target=target)


def _request_count(node: Mapping[str, Any]) -> int:
    """How many customer requests an item has, counted up to 50; never who asked."""
    return len(_get(node, "needs", "nodes") or [])


def _get(node: Mapping[str, Any], *keys: str) -> Any:
    value: Any = node
    for key in keys:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
