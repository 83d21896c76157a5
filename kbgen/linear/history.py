"""The roadmap history: every public move a pull printed, kept in a committed, bounded file.

Only public items ever reach a snapshot, so only public moves are recorded here. The file
is rewritten atomically; the newest HISTORY_LIMIT moves are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kbgen.atomic import read_json, write_json
from kbgen.dates import iso_utc, parse_utc
from kbgen.errors import KbgenError
from kbgen.linear.public import ID_PATTERNS, STATUSES, PublicItem
from kbgen.linear.sanitize import clean_text
from kbgen.linear.snapshot import SnapshotDiff

FORMAT = "kbgen-roadmap-history/1"
HISTORY_LIMIT = 1000
EVENTS = ("added", "moved", "shipped", "removed", "target_changed")


class HistoryError(KbgenError):
    """The roadmap history file is unreadable or not kbgen roadmap history."""


@dataclass(frozen=True, slots=True)
class RoadmapMove:
    """One public item's move on the roadmap, as a pull saw it."""

    at: datetime
    event: str  # one of EVENTS
    id: str
    kind: str
    title: str
    status: str  # the status after the move (before it, for ``removed``)
    previous: str | None  # the previous status (moved) or target (target_changed)
    target: str | None
    labels: tuple[str, ...]


def moves_of(diff: SnapshotDiff, at: datetime) -> list[RoadmapMove]:
    """The moves of one pull, in the order ``describe_diff`` prints them."""
    moves = [_move(at, "added", item) for item in diff.added]
    moves += [_move(at, "moved", item, old) for old, item in diff.moved]
    moves += [_move(at, "shipped", item) for item in diff.shipped]
    moves += [_move(at, "removed", item) for item in diff.removed]
    moves += [_move(at, "target_changed", item, old) for old, item in diff.retargeted]
    return moves


def append_history(
    path: Path,
    moves: list[RoadmapMove],
    limit: int = HISTORY_LIMIT,
    existing: list[RoadmapMove] | None = None,
) -> int:
    """Add ``moves`` to the history at ``path`` (keeping the newest ``limit``); return how many.

    ``existing``: the history already read (so a bad file is found before anything is written).
    """
    if not moves:
        return 0
    before = load_history(path) if existing is None else existing
    kept = [*before, *moves][-limit:]
    document = {"format": FORMAT, "moves": [_move_json(move) for move in kept]}
    write_json(path, document)
    return len(moves)


def load_history(path: Path) -> list[RoadmapMove]:
    """Every recorded move, oldest first; empty when no pull recorded any yet."""
    try:
        document = read_json(path)
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        raise HistoryError(f"{path}: unreadable roadmap history: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise HistoryError(f"{path}: not kbgen roadmap history ({FORMAT})")
    try:
        return [_move_from_json(data) for data in document.get("moves") or []]
    except (KeyError, TypeError, ValueError) as error:
        raise HistoryError(f"{path}: invalid roadmap move: {error}") from None


def _move(at: datetime, event: str, item: PublicItem, previous: str | None = None) -> RoadmapMove:
    return RoadmapMove(
        at, event, item.id, item.kind, item.title, item.status, previous, item.target, item.labels
    )


def _move_json(move: RoadmapMove) -> dict[str, Any]:
    return {
        "at": iso_utc(move.at),
        "event": move.event,
        "id": move.id,
        "kind": move.kind,
        "title": move.title,
        "status": move.status,
        "previous": move.previous,
        "target": move.target,
        "labels": list(move.labels),
    }


def _move_from_json(data: Mapping[str, Any]) -> RoadmapMove:
    at, event = parse_utc(data["at"]), data["event"]
    kind, identifier = data["kind"], data["id"]
    pattern = ID_PATTERNS.get(kind)
    if at is None or event not in EVENTS or pattern is None or not pattern.match(str(identifier)):
        raise ValueError(f"bad move {identifier!r} ({event!r})")
    if data["status"] not in STATUSES:
        raise ValueError(f"{identifier}: unknown status {data['status']!r}")
    previous, target = data.get("previous"), data.get("target")
    return RoadmapMove(
        at=at,
        event=event,
        id=identifier,
        kind=kind,
        title=clean_text(str(data["title"])) or identifier,
        status=data["status"],
        previous=clean_text(str(previous), 20) if previous else None,
        target=clean_text(str(target), 20) if target else None,
        labels=tuple(clean_text(str(name), 60) for name in data.get("labels") or ()),
    )
