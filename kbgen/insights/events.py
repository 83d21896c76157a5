"""Reader events exported from the site's analytics: JSON Lines or CSV, validated line by line.

Events are untrusted input (any visitor can send one). A malformed line is reported as
``file:line: message`` and skipped; the rest is still read. Values are bounded where they
enter: text length, counts, dates (year 1 to 9999 in UTC).
"""

from __future__ import annotations

import csv
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kbgen.bounded_json import JsonLimitError, JsonLimits, JsonSyntaxError, loads_bounded
from kbgen.dates import parse_utc
from kbgen.errors import Problem
from kbgen.insights.event_lines import MAX_LINE_BYTES, LineError, numbered_lines

EVENTS = ("kb_search", "kb_feedback", "kb_contact")
COLUMNS = ("event", "ts", "page", "query", "results", "helpful", "reason")
_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")
MAX_TEXT = 2048
"""Longest query, page or reason read (the site sends queries of at most 200 characters)."""
MAX_COUNT = 10**9
EVENT_LIMITS = JsonLimits(
    max_bytes=MAX_LINE_BYTES,
    max_depth=16,
    max_string=MAX_LINE_BYTES,
    max_number=32,
    max_values=4096,
)
"""One event is a flat object: nesting, numbers and size far beyond it are refused."""
_MAX_TS_CHARS = 64
_SHOWN_CHARS = 60


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
    """Read each file (``.csv`` as CSV, anything else as JSON Lines) into one log.

    Every line is read alone: bad bytes, an over-long line, malformed or out-of-bounds JSON
    and an invalid event each cost that line only (one problem, ``file:line: message``).
    """
    log = EventLog()
    for path in paths:
        if not is_regular_file(path):
            log.problems.append(Problem(str(path), None, "not a regular file"))
            continue
        try:
            with path.open("rb") as handle:
                lines = numbered_lines(handle)
                rows = csv_rows(lines) if path.suffix.lower() == ".csv" else json_rows(lines)
                for line, row in rows:
                    try:
                        log.events.append(parse_event(row))
                    except EventError as error:
                        log.problems.append(Problem(str(path), line, str(error)))
        except OSError as error:
            log.problems.append(Problem(str(path), None, f"cannot read: {error.strerror}"))
    return log


def is_regular_file(path: Path) -> bool:
    """True for a plain file (a link to one included); never a pipe, device or folder,
    which could hold an endless line."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return True  # opening it reports why it cannot be read


def json_rows(lines: Iterable[tuple[int, str | LineError]]) -> Iterator[tuple[int, Any]]:
    """``(line, object)`` per non-blank line; a line that is not bounded JSON yields its error."""
    for number, line in lines:
        if isinstance(line, LineError):
            yield number, EventError(str(line))
        elif line.strip():
            try:
                yield number, loads_bounded(line, EVENT_LIMITS)
            except JsonSyntaxError as error:
                yield number, EventError(f"not a JSON object: {error.message}")
            except JsonLimitError as error:
                yield number, EventError(error.message)


def csv_rows(lines: Iterable[tuple[int, str | LineError]]) -> Iterator[tuple[int, Any]]:
    """``(line, row mapping)`` per CSV row under a header naming at least ``event``.

    A row is numbered by its last line. A row with a line that cannot be read is left out,
    with that line's problem; the rows after it are read as usual.
    """
    bad: list[tuple[int, LineError]] = []
    last = [0]

    def readable() -> Iterator[str]:
        for number, line in lines:
            if isinstance(line, LineError):
                bad.append((number, line))
            last[0] = number
            yield (line.text if isinstance(line, LineError) else line) + "\n"

    reader = csv.reader(readable())
    names: list[str] | None = None
    while True:
        try:
            row = next(reader, None)
        except csv.Error as error:  # a field over the csv module's limit: the row is lost
            bad.append((last[0], LineError(f"not a CSV row: {error}")))
            row = []
        yield from ((number, EventError(str(error))) for number, error in bad)
        if row is None:
            return
        if bad:
            bad.clear()
        elif names is None:
            names = [name.strip().lower() for name in row]
            if "event" not in names:
                yield last[0], EventError("CSV header must name the column 'event'")
                return
        elif any(cell.strip() for cell in row):
            yield last[0], csv_record(names, row)


def csv_record(names: list[str], row: list[str]) -> dict[str, str] | EventError:
    """The row's event columns by name, or an EventError when its width is wrong."""
    if len(row) != len(names):
        return EventError(f"{len(row)} columns, the header has {len(names)}")
    return {name: cell for name, cell in zip(names, row, strict=True) if name in COLUMNS}


def parse_event(row: Any) -> Event:
    """Validate one exported event; raise EventError saying what is wrong."""
    if isinstance(row, EventError):
        raise row
    if not isinstance(row, Mapping):
        raise EventError(f"not a JSON object: got {type(row).__name__}")
    values = {key: blank_to_none(value) for key, value in row.items()}
    name = values.get("event")
    if name not in EVENTS:
        raise EventError(f"unknown event {shown(name)} (expected {', '.join(EVENTS)})")
    ts = parse_ts(values.get("ts"))
    if name == "kb_search":
        query = required_text(values, "query")
        return Event(name, ts, query=query, results=parse_count(values.get("results")))
    page = page_text(values)
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
    return bounded_text(key, value)


def page_text(values: Mapping[str, Any]) -> str:
    """``page``: a path or URL the report can map to an article (``/billing/refunds/``)."""
    page = required_text(values, "page")
    try:
        urlsplit(page.strip())
    except ValueError as error:  # "Invalid IPv6 URL": a bracket in the host
        raise EventError(f"'page' is not a page path or URL ({error})") from None
    return page


def optional_text(values: Mapping[str, Any], key: str) -> str | None:
    """A string field that may be absent or null."""
    value = values.get(key)
    if value is not None and not isinstance(value, str):
        raise EventError(f"'{key}' must be a string or null")
    return None if value is None else bounded_text(key, value)


def bounded_text(key: str, value: str) -> str:
    """Text of at most MAX_TEXT characters that UTF-8 can hold (no lone surrogate)."""
    if len(value) > MAX_TEXT:
        raise EventError(f"'{key}' is longer than {MAX_TEXT} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise EventError(f"'{key}' holds a lone surrogate (not Unicode text)") from None
    return value


def parse_count(value: Any) -> int:
    """``results``: a whole number from 0 to MAX_COUNT (CSV gives it as ASCII digits)."""
    number = value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value) if len(value.strip()) <= len(str(MAX_COUNT)) else None
    if isinstance(number, int) and not isinstance(number, bool) and 0 <= number <= MAX_COUNT:
        return number
    raise EventError(f"'results' must be a whole number of zero or more, got {shown(value)}")


def parse_bool(value: Any) -> bool:
    """``helpful``: true or false (CSV: true/false, 1/0, yes/no)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    raise EventError(f"'helpful' must be true or false, got {shown(value)}")


def parse_ts(value: Any) -> datetime | None:
    """``ts``: an ISO 8601 date or date-time (UTC unless it says otherwise), or absent.

    The moment must fall in years 1 to 9999 once moved to UTC (``0001-01-01T00:00+01:00``
    does not)."""
    if value is None:
        return None
    moment = None
    if isinstance(value, str) and len(value) <= _MAX_TS_CHARS:
        try:
            moment = parse_utc(value.strip())
        except (ValueError, OverflowError):  # out of range once moved to UTC
            moment = None
    if moment is None:
        raise EventError(f"'ts' must be an ISO 8601 date-time in years 1-9999, got {shown(value)}")
    return moment


def shown(value: Any) -> str:
    """A value as an error message quotes it: its repr, cut to 60 characters."""
    text = repr(value) if not isinstance(value, (list, dict)) else type(value).__name__
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 3] + "..."
