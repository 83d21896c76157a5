"""The roadmap history: every public move a pull printed, kept in a committed, bounded file.

Only public items ever reach a snapshot, so only public moves are recorded here. The file
is rewritten atomically; the newest HISTORY_LIMIT moves are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kbgen.atomic import read_json, write_json
from kbgen.bounded_json import JsonBoundsError, located
from kbgen.dates import iso_utc, read_moment
from kbgen.errors import KbgenError
from kbgen.linear_data.items import STATUSES, PublicItem, identified
from kbgen.linear_data.sanitize import clean_text
from kbgen.linear_data.snapshot import SnapshotDiff, data_folder
from kbgen.paths import Sources

FORMAT = "kbgen-roadmap-history/1"
HISTORY_LIMIT = 1000
MAX_RECORDED_ITEMS = 10_000_000
EVENTS = ("added", "moved", "shipped", "removed", "target_changed")


class HistoryError(KbgenError):
    """The roadmap history file is unreadable or not kbgen roadmap history."""


@dataclass(frozen=True, slots=True)
class HistoryFile:
    """What the history file holds: public moves, and the recent accepted pulls' sizes."""

    moves: tuple[RoadmapMove, ...] = ()
    pulls: tuple[PullRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class PullRecord:
    """One accepted pull: when, and how many public items it found."""

    at: datetime
    items: int


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


def with_moves(
    before: HistoryFile,
    moves: list[RoadmapMove],
    limit: int = HISTORY_LIMIT,
    pulls: tuple[PullRecord, ...] | None = None,
) -> HistoryFile:
    """The history after a pull: ``moves`` added (the newest ``limit`` kept) and ``pulls``
    recorded in place of the old record (None: keep it)."""
    recorded = before.pulls if pulls is None else pulls
    return HistoryFile(tuple([*before.moves, *moves][-limit:]), recorded)


def append_history(
    path: Path,
    moves: list[RoadmapMove],
    limit: int = HISTORY_LIMIT,
    existing: HistoryFile | None = None,
    pulls: tuple[PullRecord, ...] | None = None,
    sources: Sources | None = None,
) -> int:
    """Add ``moves`` to the history at ``path`` (keeping the newest ``limit``); return how many.

    ``existing``: the history already read (so a bad file is found before anything is written).
    ``pulls``: the recent accepted pulls to record in place of the file's (None: keep them).
    ``sources``: never written over one of them nor outside their project (``kbgen.paths``).
    """
    before = load_history_file(path) if existing is None else existing
    after = with_moves(before, moves, limit, pulls)
    if not moves and after.pulls == before.pulls:
        return 0
    document: dict[str, Any] = {
        "format": FORMAT,
        "moves": [_move_json(move) for move in after.moves],
    }
    if after.pulls:
        document["pulls"] = [pull_record_json(record) for record in after.pulls]
    write_json(path, document, sources, data_folder(sources))
    return len(moves)


def load_history(path: Path) -> list[RoadmapMove]:
    """Every recorded move, oldest first; empty when no pull recorded any yet."""
    return list(load_history_file(path).moves)


def load_history_file(path: Path) -> HistoryFile:
    """The moves and the recent accepted pulls; empty when there is no file yet.

    Raises HistoryError (``path:line`` or the JSON path of the bad value) for a file that
    cannot be used.
    """
    try:
        document = read_json(path)
    except FileNotFoundError:
        return HistoryFile()
    except OSError as error:
        raise HistoryError(f"{path}: cannot read the roadmap history: {error.strerror}") from None
    except JsonBoundsError as error:
        raise HistoryError(f"{located(path, error)} (unreadable roadmap history)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise HistoryError(f"{path}: not kbgen roadmap history ({FORMAT})")
    moves, pulls = document.get("moves") or [], document.get("pulls") or []
    if not isinstance(moves, list) or not isinstance(pulls, list):
        raise HistoryError(f"{path}: 'moves' and 'pulls' must be lists")
    try:
        parsed = tuple(_move_from_json(data, f"$.moves[{n}]") for n, data in enumerate(moves))
    except ValueError as error:
        raise HistoryError(f"{path}: invalid roadmap move at {error}") from None
    try:
        records = tuple(
            pull_record_from_json(data, f"$.pulls[{n}]") for n, data in enumerate(pulls)
        )
    except ValueError as error:
        raise HistoryError(f"{path}: invalid record of a pull at {error}") from None
    return HistoryFile(parsed, records)


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


def _move_from_json(data: object, where: str) -> RoadmapMove:
    data, kind, identifier = identified(data, where)
    event = data.get("event")
    where = f"{where} ({identifier})"
    if event not in EVENTS or data.get("status") not in STATUSES:
        raise ValueError(f"{where}: unknown event or status")
    at = read_moment(data.get("at"), f"{where}.at")
    if at is None:
        raise ValueError(f"{where}: lacks 'at'")
    labels = data.get("labels") or []
    if not isinstance(labels, list) or len(labels) > 100:
        raise ValueError(f"{where}.labels: not a list of at most 100 names")
    return RoadmapMove(
        at=at,
        event=event,
        id=identifier,
        kind=str(kind),
        title=clean_text(_text(data.get("title"), f"{where}.title")) or identifier,
        status=data["status"],
        previous=clean_text(_text(data.get("previous"), f"{where}.previous"), 20) or None,
        target=clean_text(_text(data.get("target"), f"{where}.target"), 20) or None,
        labels=tuple(clean_text(_text(name, f"{where}.labels"), 60) for name in labels),
    )


def _text(value: object, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > 10_000:
        raise ValueError(f"{where}: not text of at most 10,000 characters")
    return value


def pull_record_json(record: PullRecord) -> dict[str, Any]:
    """A record as the history file stores it."""
    return {"at": iso_utc(record.at), "items": record.items}


def pull_record_from_json(data: object, where: str) -> PullRecord:
    """A record from the history file; ValueError naming ``where`` (a JSON path) if bad."""
    if not isinstance(data, dict):
        raise ValueError(f"{where}: not an object")
    at = read_moment(data.get("at"), f"{where}.at")
    items = data.get("items")
    if at is None or isinstance(items, bool) or not isinstance(items, int):
        raise ValueError(f"{where}: needs 'at' and a whole number of 'items'")
    if not 0 <= items <= MAX_RECORDED_ITEMS:
        raise ValueError(f"{where}.items: must be between 0 and {MAX_RECORDED_ITEMS:,}")
    return PullRecord(at, items)
