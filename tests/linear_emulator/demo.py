"""The Tallyflow demo workspace behind data/linear-snapshot.json (as of 2026-11-25).

Its items live in tests/fixtures/linear/demo-workspace.yml: realistic public roadmap items,
plus a few internal ones that must not appear.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from kbgen.config.linear import LinearSettings

from .generate import NOW, _base_workspace, _Ids
from .workspace import Issue, Label, Project, Workspace

DEMO_FILE = Path(__file__).parents[1] / "fixtures" / "linear" / "demo-workspace.yml"
DEMO_LABELS = ("Invoicing", "Payments", "Reporting", "Integrations", "Mobile", "Accounts")
DEMO_SETTINGS = LinearSettings(labels=DEMO_LABELS)
_ISSUE_STATUS = {"completed": "shipped", "started": "in_progress"}
_PROJECT_STATUS = {"completed": "shipped", "started": "in_progress", "paused": "in_progress"}


def demo_workspace() -> Workspace:
    """The seeded demo workspace (deterministic)."""
    data = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    rng = random.Random(2026)
    ids = _Ids()
    ws = _base_workspace(ids)
    for offset, row in enumerate(data["public"]):
        if row["kind"] == "issue":
            ws.issues.append(_issue(ws, ids, rng, offset, row))
        else:
            ws.projects.append(_project(ws, ids, rng, offset, row))
    for offset, row in enumerate(data["internal"]):
        issue = _issue(ws, ids, rng, 40 + offset, {"state": "started", **row})
        issue.labels = [_label(ws.issue_labels, name) for name in row["labels"]]
        issue.description = "Internal only: customer names and costs are discussed here."
        issue.expect = None
        ws.issues.append(issue)
    return ws


def _label(labels: list[Label], name: str) -> Label:
    """The workspace-level label of that name, created when missing."""
    for label in labels:
        if label.name == name and label.team is None:
            return label
    labels.append(Label(f"label-{name.lower()}", name))
    return labels[-1]


def _description(summary: str) -> str:
    return (
        "Context from support: see the linked tickets.\n\n## Public\n\n"
        f"{summary}\n\n## Engineering notes\n\nRollout behind a feature flag.\n"
    )


def _dates(
    rng: random.Random, offset: int, shipped: int | None
) -> tuple[datetime, datetime, datetime | None]:
    created = NOW - timedelta(days=400 - offset * 7, hours=rng.randint(0, 8))
    completed = None
    if shipped is not None:
        completed = NOW - timedelta(days=shipped, hours=rng.randint(1, 9))
    updated = completed or NOW - timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 9))
    return created, updated, completed


def _issue(ws: Workspace, ids: _Ids, rng: random.Random, offset: int, row: dict[str, Any]) -> Issue:
    team = ws.team(row["team"])
    created, updated, completed = _dates(rng, offset, row.get("shipped_days_ago"))
    return Issue(
        id=ids.id("issue"),
        identifier=ids.number(team),
        team=team,
        title=row["title"],
        description=_description(row.get("public_summary", "")),
        state_type=row["state"],
        created_at=created,
        updated_at=updated,
        completed_at=completed,
        labels=[_label(ws.issue_labels, name) for name in ["Public", *row["labels"]]],
        expect=_ISSUE_STATUS.get(row["state"], "planned"),
    )


def _project(
    ws: Workspace, ids: _Ids, rng: random.Random, offset: int, row: dict[str, Any]
) -> Project:
    created, updated, completed = _dates(rng, offset, row.get("shipped_days_ago"))
    target = row.get("target") or {}
    return Project(
        id=ids.id("project"),
        slug_id=f"{rng.getrandbits(48):012x}",
        name=row["title"],
        description="Internal one-liner for the team.",
        content=_description(row["public_summary"]),
        status_type=row["state"],
        teams=[ws.team(row["team"])],
        created_at=created,
        updated_at=updated,
        completed_at=completed,
        labels=[_label(ws.project_labels, name) for name in ["Public", *row["labels"]]],
        target_date=date.fromisoformat(target["date"]) if target else None,
        target_resolution=target.get("resolution"),
        expect=_PROJECT_STATUS.get(row["state"], "planned"),
    )
