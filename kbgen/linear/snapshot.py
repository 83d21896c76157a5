"""The public snapshot: written atomically, read back re-sanitised, and diffed for review."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kbgen.atomic import read_json, write_json
from kbgen.dates import iso_utc, parse_utc
from kbgen.errors import KbgenError
from kbgen.linear.public import ID_PATTERNS, STATUS_NAMES, STATUSES, PublicItem
from kbgen.linear.sanitize import clean_html, clean_text

FORMAT = "kbgen-linear-snapshot/1"


class SnapshotError(KbgenError):
    """The snapshot file is missing or not a kbgen Linear snapshot."""


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

    @property
    def empty(self) -> bool:
        """True when no item was added, moved, shipped, removed or given a new target."""
        return not (self.added or self.moved or self.shipped or self.removed or self.retargeted)


def check_snapshot_path(path: Path) -> None:
    """Refuse a snapshot path that is a folder before anything is fetched or written."""
    if path.is_dir():
        raise SnapshotError(
            f"{path}: the Linear snapshot path is a folder; set linear.snapshot to a file "
            "such as data/linear-snapshot.json"
        )


def write_snapshot(path: Path, snapshot: Snapshot) -> None:
    """Write the snapshot as stable, reviewable JSON, replacing the old file in one step."""
    document = {
        "format": FORMAT,
        "generated_at": iso_utc(snapshot.generated_at),
        "items": [_item_json(item) for item in sort_items(snapshot.items)],
    }
    check_snapshot_path(path)
    try:
        write_json(path, document)
    except OSError as error:
        raise SnapshotError(f"{path}: cannot write the Linear snapshot: {error.strerror}") from None


def load_snapshot(path: Path) -> Snapshot:
    """Read a snapshot, checking its shape and sanitising its text again."""
    check_snapshot_path(path)
    try:
        document = read_json(path)
    except FileNotFoundError:
        raise SnapshotError(f"{path}: no Linear snapshot yet (run `kbgen linear pull`)") from None
    except (OSError, ValueError) as error:
        raise SnapshotError(f"{path}: unreadable Linear snapshot: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SnapshotError(f"{path}: not a kbgen Linear snapshot ({FORMAT})")
    generated = parse_utc(document.get("generated_at"))
    items = document.get("items")
    if generated is None or not isinstance(items, list):
        raise SnapshotError(f"{path}: snapshot lacks 'generated_at' or 'items'")
    try:
        return Snapshot(generated, tuple(_item_from_json(item) for item in items))
    except (KeyError, TypeError, ValueError) as error:
        raise SnapshotError(f"{path}: invalid snapshot item: {error}") from None


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
    )


def describe_diff(diff: SnapshotDiff) -> list[str]:
    """The diff as text lines for a terminal or a pull request description."""
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


def _item_json(item: PublicItem) -> dict[str, Any]:
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


def _item_from_json(data: Mapping[str, Any]) -> PublicItem:
    kind, identifier, status = data["kind"], data["id"], data["status"]
    pattern = ID_PATTERNS.get(kind)
    if pattern is None or not isinstance(identifier, str) or not pattern.match(identifier):
        raise ValueError(f"bad id {identifier!r} for kind {kind!r}")
    if status not in STATUSES:
        raise ValueError(f"{identifier}: unknown status {status!r}")
    created, updated = parse_utc(data["created_at"]), parse_utc(data["updated_at"])
    if created is None or updated is None:
        raise ValueError(f"{identifier}: bad created_at/updated_at")
    shipped = date.fromisoformat(data["shipped_at"]) if data.get("shipped_at") else None
    if (status == "shipped") != (shipped is not None):
        raise ValueError(f"{identifier}: shipped_at must be set exactly when shipped")
    requests = data.get("customer_requests")
    return PublicItem(
        id=identifier,
        kind=kind,
        title=clean_text(str(data["title"])) or identifier,
        status=status,
        summary_html=clean_html(str(data.get("summary_html") or "")),
        target=clean_text(str(data["target"]), 20) if data.get("target") else None,
        labels=tuple(clean_text(str(name), 60) for name in data.get("labels") or ()),
        created_at=created,
        updated_at=updated,
        shipped_at=shipped,
        customer_requests=int(requests) if isinstance(requests, int) else None,
    )
