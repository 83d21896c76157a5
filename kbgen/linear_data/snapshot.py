"""The public snapshot: written atomically, read back re-sanitised, and diffed for review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kbgen.atomic import read_json, write_json
from kbgen.bounded_json import JsonBoundsError, located
from kbgen.dates import DateError, iso_utc, read_moment
from kbgen.errors import KbgenError
from kbgen.linear_data.items import STATUS_NAMES, PublicItem, item_from_json, item_json
from kbgen.paths import Sources

FORMAT = "kbgen-linear-snapshot/1"


class SnapshotError(KbgenError):
    """The snapshot file is missing, unreadable or not a kbgen Linear snapshot."""


class SnapshotMissingError(SnapshotError):
    """There is no snapshot file yet (a first pull): the only case that is not corruption."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Every public item as of ``generated_at`` (UTC)."""

    generated_at: datetime
    items: tuple[PublicItem, ...]


@dataclass(frozen=True, slots=True)
class SnapshotDiff:
    """What changed between two snapshots, in the terms a reviewer cares about."""

    added: tuple[PublicItem, ...]
    moved: tuple[tuple[str, PublicItem], ...]  # (previous status, item)
    shipped: tuple[PublicItem, ...]
    removed: tuple[PublicItem, ...]
    retargeted: tuple[tuple[str | None, PublicItem], ...] = ()  # (previous target, item)
    updated: tuple[tuple[tuple[str, ...], PublicItem], ...] = ()  # (fields changed, item)
    first: bool = False  # there was no previous snapshot

    @property
    def empty(self) -> bool:
        """True when nothing changed at all: no item added, moved, shipped, removed,
        retargeted or otherwise changed (title, summary, labels, dates)."""
        changes = (self.added, self.moved, self.shipped, self.removed, self.retargeted)
        return not (any(changes) or self.updated)


def data_folder(sources: Sources | None) -> Path | None:
    """The folder every Linear data file must lie in: the project of ``sources``."""
    return None if sources is None else sources.project


def check_snapshot_path(path: Path) -> None:
    """Refuse a snapshot path that is a folder before anything is fetched or written."""
    if path.is_dir():
        raise SnapshotError(
            f"{path}: the Linear snapshot path is a folder; set linear.snapshot to a file "
            "such as data/linear-snapshot.json"
        )


def write_snapshot(path: Path, snapshot: Snapshot, sources: Sources | None = None) -> None:
    """Write the snapshot as stable, reviewable JSON, replacing the old file in one step;
    with ``sources``, never over one of them nor outside their project (``kbgen.paths``)."""
    document = {
        "format": FORMAT,
        "generated_at": iso_utc(snapshot.generated_at),
        "items": [item_json(item) for item in sort_items(snapshot.items)],
    }
    check_snapshot_path(path)
    try:
        write_json(path, document, sources, data_folder(sources))
    except OSError as error:
        raise SnapshotError(f"{path}: cannot write the Linear snapshot: {error.strerror}") from None


def load_snapshot(path: Path) -> Snapshot:
    """Read a snapshot, checking its shape and bounds and sanitising its text again.

    Raises SnapshotMissingError when there is no file, SnapshotError (``path:line`` or the
    JSON path of the bad value) when it cannot be used: never an empty snapshot instead.
    """
    check_snapshot_path(path)
    try:
        document = read_json(path)
    except FileNotFoundError:
        raise SnapshotMissingError(
            f"{path}: no Linear snapshot yet (run `kbgen linear pull`)"
        ) from None
    except OSError as error:
        raise SnapshotError(f"{path}: cannot read the Linear snapshot: {error.strerror}") from None
    except JsonBoundsError as error:
        raise SnapshotError(f"{located(path, error)} (unreadable Linear snapshot)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SnapshotError(f"{path}: not a kbgen Linear snapshot ({FORMAT})")
    items = document.get("items")
    try:
        generated = read_moment(document.get("generated_at"), "$.generated_at")
    except DateError as error:
        raise SnapshotError(f"{path}: {error}") from None
    if generated is None or not isinstance(items, list):
        raise SnapshotError(f"{path}: snapshot lacks 'generated_at' or 'items'")
    try:
        parsed = tuple(item_from_json(item, f"$.items[{n}]") for n, item in enumerate(items))
    except ValueError as error:
        raise SnapshotError(f"{path}: invalid snapshot item at {error}") from None
    _check_unique_ids(path, parsed)
    return Snapshot(generated, parsed)


def _check_unique_ids(path: Path, items: tuple[PublicItem, ...]) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise SnapshotError(f"{path}: invalid Linear snapshot: {item.id} appears twice")
        seen.add(item.id)


def diff_snapshots(old: Snapshot | None, new: Snapshot) -> SnapshotDiff:
    """Added, moved between columns, newly shipped and removed items, old to new."""
    before = {item.id: item for item in (old.items if old else ())}
    after = {item.id: item for item in new.items}
    changed = [
        (before[key].status, item)
        for key, item in after.items()
        if key in before and before[key].status != item.status
    ]
    return SnapshotDiff(
        added=sort_items(item for key, item in after.items() if key not in before),
        moved=tuple(pair for pair in changed if pair[1].status != "shipped"),
        shipped=tuple(item for _, item in changed if item.status == "shipped"),
        removed=sort_items(item for key, item in before.items() if key not in after),
        retargeted=tuple(
            (before[key].target, item)
            for key, item in after.items()
            if key in before and before[key].target != item.target and item.status != "shipped"
        ),
        updated=tuple(
            (_changed_fields(before[key], item), item)
            for key, item in sorted(after.items())
            if key in before and _changed_fields(before[key], item)
        ),
        first=old is None,
    )


def _changed_fields(old: PublicItem, new: PublicItem) -> tuple[str, ...]:
    """The names of the fields that differ, but for changes the diff already reports: a new
    status (moved, shipped), a new target of an unshipped item, and the ship date that
    comes with a new status."""
    before, after = item_json(old), item_json(new)
    reported = {"status"}
    if new.status != "shipped":
        reported.add("target")
    if old.status != new.status:
        reported.add("shipped_at")
    return tuple(name for name in before if name not in reported and before[name] != after[name])


def describe_diff(diff: SnapshotDiff) -> list[str]:
    """The diff as text lines for a terminal or a pull request description."""
    if diff.empty and diff.first:
        return ["First snapshot: no public items found."]
    if diff.empty:
        return ["No changes since the previous snapshot."]
    lines: list[str] = []
    sections = [
        ("Added", [f"+ {i.id}  [{STATUS_NAMES[i.status]}]  {i.title}" for i in diff.added]),
        (
            "Moved",
            [
                f"~ {i.id}  {STATUS_NAMES[old]} -> {STATUS_NAMES[i.status]}  {i.title}"
                for old, i in diff.moved
            ],
        ),
        ("Shipped", [f"* {i.id}  {i.title}" for i in diff.shipped]),
        ("Removed", [f"- {i.id}  {i.title}" for i in diff.removed]),
        (
            "Target changed",
            [
                f"> {i.id}  {old or 'no target'} -> {i.target or 'no target'}  {i.title}"
                for old, i in diff.retargeted
            ],
        ),
        ("Updated", [f"~ {i.id}  {', '.join(fields)}  {i.title}" for fields, i in diff.updated]),
    ]
    for name, entries in sections:
        if entries:
            lines.append(f"{name} ({len(entries)}):")
            lines.extend(f"  {entry}" for entry in entries)
    return lines


def sort_items(items: Any) -> tuple[PublicItem, ...]:
    """Items in a stable order: projects then issues, identifiers in numeric order."""
    return tuple(sorted(items, key=_order))


def _order(item: PublicItem) -> tuple[int, str, int]:
    prefix, _, number = item.id.rpartition("-")
    if item.kind == "issue" and number.isdigit():
        return (1, prefix, int(number))
    return (0, item.id, 0)
