"""Reader events exported from the site's analytics: JSON Lines or CSV, validated line by line.

A malformed line is reported as ``file:line: message`` and skipped; the rest is still read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from kbgen.dates import parse_utc
from kbgen.errors import Problem

EVENTS = ("kb_search", "kb_feedback", "kb_contact")
COLUMNS = ("event", "ts", "page", "query", "results", "helpful", "reason")
_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")


class EventError(ValueError):
    """One event is malformed; the message says how."""


@dataclass(frozen=True, slots=True)
class Event:
    """One reader event: ``kb_search`` (query, results), ``kb_feedback`` (page, helpful,
    reason) or ``kb_contact`` (page, query); ``ts`` when the export has it."""

    event: str
    ts: datetime | None = None
    page: str | None = None
    query: str | None = None
    results: int | None = None
    helpful: bool | None = None
    reason: str | None = None


@dataclass(slots=True)
class EventLog:
    """Every well-formed event read, and a problem per line skipped."""

    events: list[Event] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_events(paths: Iterable[Path]) -> EventLog:
    """Read each file (``.csv`` as CSV, anything else as JSON Lines) into one log."""
    log = EventLog()
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            log.problems.append(Problem(str(path), None, f"cannot read: {error}"))
            continue
        rows = csv_rows(text) if path.suffix.lower() == ".csv" else json_rows(text)
        for line, row in rows:
            try:
                log.events.append(parse_event(row))
            except EventError as error:
                log.problems.append(Problem(str(path), line, str(error)))
    return log


def json_rows(text: str) -> Iterator[tuple[int, Any]]:
    """``(line, object)`` per non-blank line; a line that is not JSON yields its error."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            yield number, EventError(f"not a JSON object: {error.msg}")


def csv_rows(text: str) -> Iterator[tuple[int, Any]]:
    """``(line, row mapping)`` per CSV row under a header naming at least ``event``."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        return
    names = [name.strip().lower() for name in header]
    if "event" not in names:
        yield reader.line_num, EventError("CSV header must name the column 'event'")
        return
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            yield reader.line_num, EventError(f"{len(row)} columns, the header has {len(names)}")
            continue
        yield (
            reader.line_num,
            {name: cell for name, cell in zip(names, row, strict=True) if name in COLUMNS},
        )


def parse_event(row: Any) -> Event:
    """Validate one exported event; raise EventError saying what is wrong."""
    if isinstance(row, EventError):
        raise row
    if not isinstance(row, Mapping):
        raise EventError(f"not a JSON object: got {type(row).__name__}")
    values = {key: blank_to_none(value) for key, value in row.items()}
    name = values.get("event")
    if name not in EVENTS:
        raise EventError(f"unknown event {name!r} (expected {', '.join(EVENTS)})")
    ts = parse_ts(values.get("ts"))
    if name == "kb_search":
        query = required_text(values, "query")
        return Event(name, ts, query=query, results=parse_count(values.get("results")))
    page = required_text(values, "page")
    if name == "kb_feedback":
        helpful = parse_bool(values.get("helpful"))
        return Event(name, ts, page=page, helpful=helpful, reason=optional_text(values, "reason"))
    return Event(name, ts, page=page, query=optional_text(values, "query"))


def blank_to_none(value: Any) -> Any:
    """CSV cells and JSON strings that are blank count as absent."""
    return None if isinstance(value, str) and not value.strip() else value


def required_text(values: Mapping[str, Any], key: str) -> str:
    """A non-empty string field."""
    value = values.get(key)
    if not isinstance(value, str):
        raise EventError(f"'{key}' must be a non-empty string")
    return value


def optional_text(values: Mapping[str, Any], key: str) -> str | None:
    """A string field that may be absent or null."""
    value = values.get(key)
    if value is not None and not isinstance(value, str):
        raise EventError(f"'{key}' must be a string or null")
    return value


def parse_count(value: Any) -> int:
    """``results``: a whole number, zero or more (CSV gives it as text)."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise EventError(f"'results' must be a whole number of zero or more, got {value!r}")


def parse_bool(value: Any) -> bool:
    """``helpful``: true or false (CSV: true/false, 1/0, yes/no)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    raise EventError(f"'helpful' must be true or false, got {value!r}")


def parse_ts(value: Any) -> datetime | None:
    """``ts``: an ISO 8601 date or date-time (UTC unless it says otherwise), or absent."""
    if value is None:
        return None
    moment = parse_utc(value.strip()) if isinstance(value, str) else None
    if moment is None:
        raise EventError(f"'ts' must be an ISO 8601 date-time, got {value!r}")
    return moment
