"""Reading exported events: JSON Lines and CSV, malformed lines reported as file:line."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from kbgen.insights.events import Event, read_events
from kbgen.insights.queries import normalise_query, redact


def write(tmp_path: Path, name: str, text: str) -> Path:
    """Write an export file and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_json_lines_give_one_event_per_object(tmp_path: Path) -> None:
    """Each event kind is read with its fields; ts is parsed as UTC; blank lines are skipped."""
    path = write(
        tmp_path,
        "events.jsonl",
        '{"event": "kb_search", "query": "VAT", "results": 0, "ts": "2026-11-20T10:00:00Z"}\n'
        "\n"
        '{"event": "kb_feedback", "page": "/a/", "helpful": false, "reason": "outdated"}\n'
        '{"event": "kb_contact", "page": "/a/", "query": null, "ts": "2026-11-21"}\n',
    )
    log = read_events([path])
    assert log.problems == []
    assert log.events == [
        Event("kb_search", datetime(2026, 11, 20, 10, tzinfo=timezone.utc), query="VAT", results=0),
        Event("kb_feedback", page="/a/", helpful=False, reason="outdated"),
        Event("kb_contact", datetime(2026, 11, 21, tzinfo=timezone.utc), page="/a/"),
    ]


def test_malformed_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    """Every bad line is a file:line problem; the good lines around them are still read."""
    path = write(
        tmp_path,
        "events.jsonl",
        '{"event": "kb_search", "query": "ok", "results": 2}\n'
        "{not json\n"
        '["a list"]\n'
        '{"event": "pageview", "page": "/"}\n'
        '{"event": "kb_search", "query": "x", "results": -1}\n'
        '{"event": "kb_feedback", "page": "/a/", "helpful": "maybe"}\n'
        '{"event": "kb_contact"}\n'
        '{"event": "kb_search", "query": "x", "results": 1, "ts": "yesterday"}\n'
        '{"event": "kb_contact", "page": "/b/"}\n',
    )
    log = read_events([path])
    assert [event.event for event in log.events] == ["kb_search", "kb_contact"]
    lines = [str(problem) for problem in log.problems]
    assert [line.split(": ", 1)[0] for line in lines] == [f"{path}:{n}" for n in range(2, 9)]
    assert "not a JSON object" in lines[0]
    assert "got list" in lines[1]
    assert "unknown event 'pageview'" in lines[2]
    assert "'results' must be a whole number" in lines[3]
    assert "'helpful' must be true or false" in lines[4]
    assert "'page' must be a non-empty string" in lines[5]
    assert "'ts' must be an ISO 8601 date-time" in lines[6]


def test_csv_with_header_columns(tmp_path: Path) -> None:
    """A CSV export with the event columns (any order, extra columns ignored) reads the same."""
    path = write(
        tmp_path,
        "export.csv",
        "ts,event,page,query,results,helpful,reason,country\n"
        "2026-11-20,kb_search,,refund vat,0,,,NL\n"
        ",kb_feedback,/a/,,,false,unclear,\n"
        ",kb_feedback,/a/,,,yes,,\n"
        ",kb_search,,x,many,,,\n"
        ",kb_contact,/a/\n",
    )
    log = read_events([path])
    assert log.events == [
        Event(
            "kb_search", datetime(2026, 11, 20, tzinfo=timezone.utc), query="refund vat", results=0
        ),
        Event("kb_feedback", page="/a/", helpful=False, reason="unclear"),
        Event("kb_feedback", page="/a/", helpful=True),
    ]
    assert [str(problem) for problem in log.problems] == [
        f"{path}:5: 'results' must be a whole number of zero or more, got 'many'",
        f"{path}:6: 3 columns, the header has 8",
    ]


def test_csv_without_event_column_is_one_problem(tmp_path: Path) -> None:
    """A CSV whose header lacks 'event' is reported once, at line 1."""
    path = write(tmp_path, "bad.csv", "name,count\nx,1\n")
    log = read_events([path])
    assert log.events == []
    assert [str(problem) for problem in log.problems] == [
        f"{path}:1: CSV header must name the column 'event'"
    ]


def test_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    """A file that is not UTF-8 is one problem; other files are still read."""
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    good = write(tmp_path, "good.jsonl", '{"event": "kb_contact", "page": "/a/"}\n')
    log = read_events([bad, good])
    assert len(log.events) == 1
    assert str(log.problems[0]).startswith(f"{bad}: cannot read:")


def test_queries_are_normalised_and_redacted() -> None:
    """Case and whitespace fold together; e-mail addresses and long digit runs are redacted."""
    assert normalise_query("  Refund   VAT ") == "refund vat"
    assert normalise_query("red\x1b[31mtext\x07") == "red [31mtext"
    assert redact("invoice for ann@example.com") == "invoice for [email]"
    assert redact("order 1234567 or 4242 4242 4242 4242") == "order [number] or [number]"
    assert redact("2026 invoices") == "2026 invoices"
