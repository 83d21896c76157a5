"""Fetch every public item from Linear, then (only then) replace the snapshot."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from kbgen.config.linear import LinearSettings
from kbgen.dates import MAX_DATE_TEXT, DateError, read_day, read_moment
from kbgen.linear.client import LinearClient
from kbgen.linear.errors import LinearResponseError, LinearSuspiciousPullError
from kbgen.linear.guard import keep_vanished_summaries, record_accepted, shrink_problem
from kbgen.linear.public import Selection, select_issue, select_project
from kbgen.linear.queries import (
    effective_page_size,
    issue_filter,
    issues_query,
    project_filter,
    projects_query,
)
from kbgen.linear.shapes import ISSUE, PROJECT, check_shape
from kbgen.linear_data.history import PullRecord
from kbgen.linear_data.items import PublicItem
from kbgen.linear_data.snapshot import (
    Snapshot,
    SnapshotDiff,
    SnapshotError,
    SnapshotMissingError,
    check_snapshot_path,
    diff_snapshots,
    load_snapshot,
    write_snapshot,
)
from kbgen.paths import Sources

MOMENT_FIELDS = ("createdAt", "updatedAt", "completedAt", "archivedAt", "startedAt", "canceledAt")
"""Linear's date-time fields kbgen reads (absent ones are skipped)."""

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
    pulls: tuple[PullRecord, ...] = ()  # the recent accepted pulls, this one last


def fetch_public_items(
    client: LinearClient,
    settings: LinearSettings,
    today: date,
    progress: Progress | None = None,
) -> FetchResult:
    """Every public issue and project: all pages are read before anything is returned.

    An item with the public label and a date kbgen cannot use (``0001-01-01T00:00:00+01:00``,
    a year past 9999, not ISO 8601) is left out with a warning naming it, never a traceback.
    """
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
                where = f"{name}.nodes[{nodes + index}]"
                check_shape(node, shape, where)
                # Only items carrying the public label are judged (and named in a warning).
                labelled = _has_label(node, settings.public_label)
                problem = date_problem(node, where) if labelled else None
                selections.append(
                    Selection(warning=problem) if problem else select(node, settings, since)
                )
            nodes += len(page)
            if progress:
                progress(name, pages, nodes)
    items = tuple(s.item for s in selections if s.item is not None)
    _check_unique(items)
    return FetchResult(items, tuple(s.warning for s in selections if s.warning))


def date_problem(node: Mapping[str, Any], where: str) -> str | None:
    """Why a node's dates cannot be used (naming the item), or None when they can."""
    name = node.get("identifier") or node.get("slugId")
    label = name if isinstance(name, str) and len(name) <= 60 else where
    try:
        for key in MOMENT_FIELDS:
            read_moment(node.get(key), f"{label} {key}")
        read_day(_day_text(node.get("targetDate")), f"{label} targetDate")
    except DateError as error:
        return f"{error}; the item is left out of this pull"
    return None


def _has_label(node: Mapping[str, Any], name: str) -> bool:
    labels = node.get("labels")
    nodes = labels.get("nodes") if isinstance(labels, Mapping) else None
    return any(isinstance(label, Mapping) and label.get("name") == name for label in nodes or [])


def _day_text(value: object) -> object:
    """Linear's targetDate is ``YYYY-MM-DD``; a longer ISO form is read by its date part."""
    return value[:10] if isinstance(value, str) and len(value) <= MAX_DATE_TEXT else value


def read_previous(
    path: Path, recent: Sequence[PullRecord], allow_empty: bool
) -> tuple[Snapshot | None, SnapshotError | None]:
    """The snapshot a pull would replace, and the error if it is unreadable.

    No file: (None, None), a first pull. An unreadable file is never taken for an empty
    one: unless ``allow_empty`` or a record of recent accepted pulls lets the guard judge the
    new pull, SnapshotError (``path:line``) stops the pull before anything is fetched.
    """
    check_snapshot_path(path)
    try:
        return load_snapshot(path), None
    except SnapshotMissingError:
        return None, None
    except SnapshotError as error:
        if allow_empty or recent:
            return None, error
        raise SnapshotError(
            f"{error}; with no record of recent pulls kbgen cannot tell what a pull would "
            "remove: fix the file (resolve a merge conflict with `git checkout --theirs` or "
            "by hand), delete it, or run `kbgen linear pull --allow-empty` to replace it"
        ) from None


def pull_snapshot(
    client: LinearClient,
    settings: LinearSettings,
    path: Path,
    now: datetime | None = None,
    progress: Progress | None = None,
    today: date | None = None,
    allow_empty: bool = False,
    recent: Sequence[PullRecord] = (),
    sources: Sources | None = None,
) -> PullResult:
    """Fetch from Linear and replace the snapshot at ``path``; on failure it is untouched.

    ``today`` (default: the date of ``now``) anchors the changelog window. ``recent``: the
    accepted pulls recorded in the history. A pull with fewer than half the items of the
    largest of them (or of the snapshot), or removing most of the snapshot's items, raises
    LinearSuspiciousPullError unless ``allow_empty``: a renamed label must not silently
    empty the roadmap. A pull in which every summary vanished keeps the previous ones.
    ``sources``: the snapshot is never written over one of them nor outside their project.
    """
    previous, unreadable = read_previous(path, recent, allow_empty)
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    fetched = fetch_public_items(client, settings, today or moment.date(), progress)
    before = previous.items if previous is not None else None
    items, vanished = fetched.items, None
    if not allow_empty:
        items, vanished = keep_vanished_summaries(before, items, settings.public_section)
    problem = shrink_problem(recent, before, items, settings.public_label)
    if problem and not allow_empty:
        raise LinearSuspiciousPullError(problem)
    snapshot = Snapshot(moment, items)
    diff = diff_snapshots(previous, snapshot)
    write_snapshot(path, snapshot, sources)
    notes: tuple[str, ...] = (vanished,) if vanished else ()
    if unreadable is not None:
        notes += (f"{unreadable}; replaced by this pull of {len(items)} items",)
    pulls = record_accepted(recent, PullRecord(moment, len(items)), reset=problem is not None)
    return PullResult(snapshot, diff, fetched.warnings + notes, client.requests_made, pulls)


def _check_unique(items: tuple[PublicItem, ...]) -> None:
    """Cursor bugs can repeat an item across pages: refuse rather than publish twice."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise LinearResponseError(f"Linear returned {item.id} twice while paginating")
        seen.add(item.id)
