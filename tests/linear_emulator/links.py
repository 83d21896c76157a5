"""Items articles link to, public and private, added to a generated workspace.

Private items carry PRIVATE and hostile text in every field kbgen must not keep: title,
description, team name, labels, customers, comments.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .generate import HOSTILE_TITLE, NOW, PRIVATE
from .workspace import Comment, Customer, Issue, Label, Need, Project, Workspace

_COUNTER = itertools.count(1)


@dataclass(frozen=True)
class LinkedIds:
    """Identifiers of the linked items, by what they are."""

    public_shipped: str  # shipped 2026-11-20
    private_shipped: str  # private team, shipped 2026-11-18
    public_open: str  # started, not shipped
    private_project_shipped: str  # shipped 2026-11-15
    public_project_shipped: str  # shipped 2026-11-10
    public_project_late: str  # target 2026-09 passed, still started
    public_shipped_title: str


SHIPPED_ON = {
    "public_shipped": date(2026, 11, 20),
    "private_shipped": date(2026, 11, 18),
    "private_project_shipped": date(2026, 11, 15),
    "public_project_shipped": date(2026, 11, 10),
}


def _at(day: date) -> datetime:
    return NOW.replace(year=day.year, month=day.month, day=day.day, hour=14)


def _next_number(ws: Workspace, key: str) -> str:
    numbers = [issue.number for issue in ws.issues if issue.team.key == key]
    return f"{key}-{max(numbers, default=0) + 1}"


def _private_extras(ws: Workspace) -> dict[str, object]:
    customer = Customer(f"cust-link-{next(_COUNTER)}", f"{PRIVATE} Linked Customer AG", 9)
    return {
        "needs": [Need(f"need-link-{next(_COUNTER)}", customer, f"{PRIVATE} need")],
        "comments": [Comment(f"comment-link-{next(_COUNTER)}", f"{PRIVATE} comment", ws.users[2])],
        "assignee": ws.users[0],
    }


def add_issue(
    ws: Workspace, team_key: str, title: str, state: str, completed: date | None, public: bool
) -> Issue:
    """An issue with the public label (or not), optionally completed on ``completed``."""
    team = ws.team(team_key)
    summary = (
        "What changes for customers."
        if ws.team(team_key).visibility == "public"
        else (f"{PRIVATE} summary of a private team's item")
    )
    labels: list[Label] = [ws.issue_label("Public")] if public else []
    labels.append(ws.issue_label(f"Escalation {PRIVATE}"))
    created = NOW - timedelta(days=200)
    issue = Issue(
        id=f"issue-link-{next(_COUNTER):06d}",
        identifier=_next_number(ws, team_key),
        team=team,
        title=title,
        description=f"{PRIVATE} description <script>x</script>\n\n## Public\n\n{summary}",
        state_type=state,
        created_at=created,
        updated_at=NOW - timedelta(days=1),
        labels=labels,
        completed_at=_at(completed) if completed else None,
        started_at=created + timedelta(days=10) if state in ("started", "completed") else None,
        **_private_extras(ws),  # type: ignore[arg-type]
    )
    ws.issues.append(issue)
    return issue


def add_project(
    ws: Workspace,
    slug: str,
    name: str,
    status: str,
    completed: date | None,
    public: bool,
    target: date | None = None,
) -> Project:
    """A project on a public (or private) team, optionally completed on ``completed``."""
    team = ws.team("ENG") if public else ws.team("FIN")
    created = NOW - timedelta(days=300)
    project = Project(
        id=f"project-link-{next(_COUNTER):06d}",
        slug_id=slug,
        name=name,
        description=f"{PRIVATE} project description",
        content=f"{PRIVATE} content\n\n## Public\n\nWhat {slug} brings.",
        status_type=status,
        teams=[team],
        created_at=created,
        updated_at=NOW - timedelta(days=2),
        labels=[ws.project_label("Public")],
        completed_at=_at(completed) if completed else None,
        target_date=target,
        target_resolution="month" if target else None,
        lead=ws.users[0],
        started_at=created + timedelta(days=5),
    )
    ws.projects.append(project)
    return project


def add_linked_items(ws: Workspace) -> LinkedIds:
    """The items the tests' articles link, public and private, shipped and not."""
    title = "Bulk invoice export <b>&</b> {{ 7*7 }}"
    public = add_issue(ws, "ENG", title, "completed", SHIPPED_ON["public_shipped"], True)
    private = add_issue(
        ws, "FIN", f"{PRIVATE} {HOSTILE_TITLE}", "completed", SHIPPED_ON["private_shipped"], True
    )
    open_issue = add_issue(ws, "ENG", "Open linked work", "started", None, True)
    private_project = add_project(
        ws, "a1b2c3d4e5f6", f"{PRIVATE} secret project", "completed",
        SHIPPED_ON["private_project_shipped"], False,
    )  # fmt: skip
    shipped = SHIPPED_ON["public_project_shipped"]
    public_project = add_project(ws, "0f9e8d7c6b5a", "Payment links v2", "completed", shipped, True)
    late = add_project(
        ws, "99aa88bb77cc", "Late public project", "started", None, True, date(2026, 9, 15)
    )
    return LinkedIds(
        public_shipped=public.identifier,
        private_shipped=private.identifier,
        public_open=open_issue.identifier,
        private_project_shipped=private_project.slug_id,
        public_project_shipped=public_project.slug_id,
        public_project_late=late.slug_id,
        public_shipped_title=title,
    )


def move_issue(ws: Workspace, identifier: str, team_key: str) -> Issue:
    """Move an issue to another team as Linear does: a new identifier in that team, the old
    one kept in ``previous_identifiers`` (ENG-123 becomes PAY-45)."""
    issue = next(issue for issue in ws.issues if issue.identifier == identifier)
    issue.previous_identifiers.append(issue.identifier)
    issue.identifier = _next_number(ws, team_key)
    issue.team = ws.team(team_key)
    return issue
