"""The stale report as GitHub annotations: one ``::warning`` per overdue article."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from kbgen.content.annotations import annotation, workspace_path
from kbgen.review.report import ReportEntry, StaleReport
from kbgen.review.status import ReviewStatus


def stale_annotations(
    report: StaleReport, roots: Sequence[Path], changed: Collection[Path] | None = None
) -> list[str]:
    """A warning for each overdue article; only those in ``changed`` when it is given.

    ``roots`` are the folders entry paths are relative to; ``changed`` holds resolved paths.
    """
    lines = []
    for entry in report.entries:
        if entry.status is not ReviewStatus.OVERDUE:
            continue
        path = locate(entry.path, roots)
        if changed is not None and path not in changed:
            continue
        lines.append(overdue_warning(entry, path))
    return lines


def locate(rel_path: str, roots: Sequence[Path]) -> Path:
    """The file an entry names: the first root that holds it."""
    candidates = [(root / rel_path).resolve() for root in roots]
    return next((path for path in candidates if path.exists()), candidates[0])


def overdue_warning(entry: ReportEntry, path: Path) -> str:
    """``::warning file=…,title=Review overdue::…`` for one article."""
    owner = f" Owner: {entry.owner}." if entry.owner else ""
    due = entry.due.isoformat() if entry.due else "unknown"
    message = (
        f"{entry.title}: review was due on {due} ({entry.days_overdue} day(s) ago).{owner} "
        "Review it and run `kbgen review` on this file."
    )
    return annotation("warning", message, file=workspace_path(path), title="Review overdue")
