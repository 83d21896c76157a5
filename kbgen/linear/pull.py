"""Fetch every public item from Linear, then (only then) replace the snapshot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from kbgen.config.linear import LinearSettings
from kbgen.linear.client import LinearClient
from kbgen.linear.errors import LinearResponseError, LinearSuspiciousPullError
from kbgen.linear.public import PublicItem, Selection, select_issue, select_project
from kbgen.linear.queries import (
    effective_page_size,
    issue_filter,
    issues_query,
    project_filter,
    projects_query,
)
from kbgen.linear.shapes import ISSUE, PROJECT, check_shape
from kbgen.linear.snapshot import (
    Snapshot,
    SnapshotDiff,
    SnapshotError,
    check_snapshot_path,
    diff_snapshots,
    load_snapshot,
    write_snapshot,
)

Progress = Callable[[str, int, int], None]
"""Called after each page with (what, pages so far, nodes so far)."""


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The public items of one complete pull, and warnings about suspicious labels."""

    items: tuple[PublicItem, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PullResult:
    """A snapshot just written, what changed since the previous one, and any warnings."""

    snapshot: Snapshot
    diff: SnapshotDiff
    warnings: tuple[str, ...]
    requests: int


def fetch_public_items(
    client: LinearClient,
    settings: LinearSettings,
    today: date,
    progress: Progress | None = None,
) -> FetchResult:
    """Every public issue and project: all pages are read before anything is returned."""
    since = today - timedelta(days=max(settings.changelog_days, settings.shipped_days))
    counts = settings.show_request_counts
    page_size = effective_page_size(settings.page_size, counts)
    sources = (
        ("issues", issues_query(counts), issue_filter, select_issue, ISSUE),
        ("projects", projects_query(counts), project_filter, select_project, PROJECT),
    )
    selections: list[Selection] = []
    for name, query, make_filter, select, shape in sources:
        variables = {"filter": make_filter(settings.public_label, settings.teams, since)}
        nodes = 0
        for pages, page in enumerate(client.paginate(query, variables, name, page_size), 1):
            for index, node in enumerate(page):
                check_shape(node, shape, f"{name}.nodes[{nodes + index}]")
                selections.append(select(node, settings, since))
            nodes += len(page)
            if progress:
                progress(name, pages, nodes)
    items = tuple(s.item for s in selections if s.item is not None)
    _check_unique(items)
    return FetchResult(items, tuple(s.warning for s in selections if s.warning))


def pull_snapshot(
    client: LinearClient,
    settings: LinearSettings,
    path: Path,
    now: datetime | None = None,
    progress: Progress | None = None,
    today: date | None = None,
    allow_empty: bool = False,
) -> PullResult:
    """Fetch from Linear and replace the snapshot at ``path``; on failure it is untouched.

    ``today`` (default: the date of ``now``) anchors the changelog window. A pull that
    would remove most or all public items raises LinearSuspiciousPullError unless
    ``allow_empty``: a renamed label must not silently empty the roadmap.
    """
    check_snapshot_path(path)
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    fetched = fetch_public_items(client, settings, today or moment.date(), progress)
    snapshot = Snapshot(moment, fetched.items)
    try:
        previous: Snapshot | None = load_snapshot(path)
    except SnapshotError:
        previous = None
    diff = diff_snapshots(previous, snapshot)
    if previous is not None and not allow_empty:
        _refuse_mass_removal(
            len(previous.items), len(snapshot.items), len(diff.removed), settings.public_label
        )
    write_snapshot(path, snapshot)
    return PullResult(snapshot, diff, fetched.warnings, client.requests_made)


def _refuse_mass_removal(before: int, after: int, removed: int, label: str) -> None:
    """Most items gone at once is far likelier a renamed label or a changed API than news."""
    if before and removed * 2 > before:
        found = "none" if after == 0 else f"only {after}"
        raise LinearSuspiciousPullError(
            f"the pull found {found} of the {before} public items in the snapshot and would "
            f"remove {removed} (was the '{label}' label renamed, or did Linear's answer "
            "change?); the snapshot is kept: run `kbgen linear pull --allow-empty` to accept"
        )


def _check_unique(items: tuple[PublicItem, ...]) -> None:
    """Cursor bugs can repeat an item across pages: refuse rather than publish twice."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise LinearResponseError(f"Linear returned {item.id} twice while paginating")
        seen.add(item.id)
