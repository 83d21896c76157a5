"""Reading exported events: JSON Lines and CSV, malformed lines reported as file:line."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.insights import queries
from kbgen.insights.events import Event, read_events
from kbgen.insights.queries import normalise_query, redact, shape_of


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


def test_bad_bytes_cost_only_their_line(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are one file:line problem; the file's other lines are read."""
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"event": "kb_contact", "page": "/a/"}\n\xff\xfe\x00garbage\n')
    good = write(tmp_path, "good.jsonl", '{"event": "kb_contact", "page": "/a/"}\n')
    log = read_events([bad, good])
    assert len(log.events) == 2
    assert [str(problem) for problem in log.problems] == [
        f"{bad}:2: not UTF-8 text: byte 0xff at column 1 (invalid start byte)"
    ]


def test_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    """A file that cannot be opened is one problem; other files are still read."""
    gone = tmp_path / "gone.jsonl"
    good = write(tmp_path, "good.jsonl", '{"event": "kb_contact", "page": "/a/"}\n')
    log = read_events([gone, good])
    assert len(log.events) == 1
    assert [str(problem) for problem in log.problems] == [
        f"{gone}: cannot read: No such file or directory"
    ]


def test_queries_are_normalised_and_redacted() -> None:
    """Case and whitespace fold together; e-mail addresses and long digit runs are redacted."""
    assert normalise_query("  Refund   VAT ") == "refund vat"
    assert normalise_query("red\x1b[31mtext\x07") == "red [31mtext"
    assert redact("invoice for ann@example.com") == "invoice for [email]"
    assert redact("order 1234567 or 4242 4242 4242 4242") == "order [number] or [number]"
    assert redact("2026 invoices") == "2026 invoices"


def one_line(tmp_path: Path, name: str, line: bytes) -> tuple[list[Event], list[str]]:
    """Read a file of a good event, ``line``, and a good event; the events and the problems."""
    path = tmp_path / name
    good = b'{"event": "kb_contact", "page": "/a/"}\n'
    path.write_bytes(good + line + b"\n" + good)
    log = read_events([path])
    return log.events, [str(problem).removeprefix(f"{path}:") for problem in log.problems]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b'{"x": ' + b"[" * 5000 + b"]" * 5000 + b"}", "nested too deeply"),
        (b'{"x": ' + b'{"a": ' * 40 + b"1" + b"}" * 40 + b"}", "nested too deeply"),
        (b'{"event": "kb_search", "query": "x", "results": ' + b"9" * 5000 + b"}", "at most 32"),
        (b'{"event": "kb_search", "query": "x", "results": 0.' + b"1" * 5000 + b"}", "at most 32"),
        (b'{"event": "kb_search", "query": "x", "results": NaN}', "NaN is not a JSON value"),
        (b'{"event": "kb_search", "query": "\\ud800", "results": 0}', "lone surrogate"),
        (b'{"event": "kb_contact", "page": "/\\udfff/"}', "lone surrogate"),
        (b'{"event": "kb_search", "query": "x", "results": 0, "ts": "0000-01-01"}', "years 1-9999"),
        (b'{"event": "kb_search", "query": "x", "results": 0, "ts": "10000-01-01"}', "1-9999"),
        (b'{"event": "kb_contact", "page": "/a/", "ts": "0001-01-01T00:00:00+01:00"}', "1-9999"),
        (b'{"event": "kb_contact", "page": "/a/", "ts": "9999-12-31T23:59:59-01:00"}', "1-9999"),
        (b'{"event": "kb_contact", "page": "/a/", "ts": "2026-01-01T00:00+24:00"}', "1-9999"),
        (b"\xff\xfe\x00garbage", "not UTF-8 text: byte 0xff at column 1"),
        (b'{"event": "kb_search", "query": "caf\xe9", "results": 0}', "not UTF-8 text"),
        (b'{"event": "kb_search", "query": "\xed\xa0\x80", "results": 0}', "not UTF-8 text"),
        (b"[" * 70_000, "line longer than 65536 bytes"),
    ],
    ids=[
        "deep-lists", "deep-objects", "5000-digits", "5000-digit-fraction", "nan",
        "lone-surrogate-query", "lone-surrogate-page", "year-0", "year-10000",
        "year-0-after-offset", "year-10000-after-offset", "offset-24h", "bad-start-byte",
        "latin-1", "utf-8-surrogate", "long-line",
    ],
)  # fmt: skip
def test_a_hostile_line_costs_only_itself(tmp_path: Path, line: bytes, message: str) -> None:
    """Each hostile line is one problem at line 2; the good lines before and after are read."""
    events, problems = one_line(tmp_path, "events.jsonl", line)
    assert len(events) == 2
    assert len(problems) == 1 and problems[0].startswith("2: ") and message in problems[0]


@pytest.mark.parametrize(
    "cell", ["\u00b2", "\u0661\u0662", "\uff11\uff12", "\u2460", "9" * 5000, "1e3", "-1", " "]
)
def test_csv_results_must_be_ascii_digits(tmp_path: Path, cell: str) -> None:
    """A CSV ``results`` of superscript, other-script or huge digits is one problem, no crash."""
    path = write(tmp_path, "e.csv", f"event,query,results\nkb_search,x,{cell}\nkb_search,y,3\n")
    log = read_events([path])
    assert [event.query for event in log.events] == ["y"]
    assert [problem.line for problem in log.problems] == [2]


def test_csv_cell_over_the_csv_limit_costs_only_its_row(tmp_path: Path) -> None:
    """A quoted cell of 180 KB (over the csv module's 128 KiB) is one problem; later rows read."""
    cell = "\n".join(["a" * 60_000] * 3)
    path = write(tmp_path, "e.csv", f'event,query,results\nkb_search,"{cell}",0\nkb_search,y,3\n')
    log = read_events([path])
    assert [event.query for event in log.events] == ["y"]
    assert len(log.problems) == 1 and "not a CSV row: field larger" in log.problems[0].message


def test_csv_bad_bytes_inside_a_quoted_row_cost_that_row(tmp_path: Path) -> None:
    """Bad bytes on a row's second line lose that row; the next row is still read."""
    path = tmp_path / "e.csv"
    path.write_bytes(b'event,query,results\nkb_search,"two\nlines \xff",0\nkb_search,y,3\n')
    log = read_events([path])
    assert [event.query for event in log.events] == ["y"]
    assert [str(problem) for problem in log.problems] == [
        f"{path}:3: not UTF-8 text: byte 0xff at column 7 (invalid start byte)"
    ]


DIGIT_RUNS = (Path(__file__).parents[1] / "hostile" / "digits.txt").read_text("utf-8").splitlines()


@pytest.mark.parametrize("text", DIGIT_RUNS)
def test_every_unicode_digit_run_is_redacted(text: str) -> None:
    """Card and phone numbers in any script's digits become [number], as support.js does
    (tests/browser/test_support.py sends the same runs through the site)."""
    assert redact(f"card {text} please") == "card [number] please"


MARKS = st.text(st.characters(categories=["Mn", "Me", "Mc"]), max_size=2)
DIGITS = st.tuples(st.characters(categories=["Nd", "Nl", "No"]), MARKS).map("".join)
SEPARATORS = st.sampled_from(
    ["", " ", ".", "-", "\t", "\u3000", "\u00a0", "\u2013", "\uff0d", "\uff0e", "\ufeff"]
)
WORDS = st.text(st.characters(categories=["L"]), max_size=8)


@given(
    first=DIGITS,
    rest=st.lists(st.tuples(SEPARATORS, DIGITS), min_size=5, max_size=20),
    before=WORDS,
    after=WORDS,
)
def test_property_runs_of_six_unicode_digits_are_redacted(
    first: str, rest: list[tuple[str, str]], before: str, after: str
) -> None:
    """Any run of six or more number characters of any script (with their combining marks and
    one separator apart) is [number]."""
    number = first + "".join(separator + digit for separator, digit in rest)
    assert redact(f"{before} {number} {after}") == f"{before} [number] {after}"


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000), csv_file=st.booleans())
def test_property_arbitrary_bytes_never_raise(
    tmp_path_factory, data: bytes, csv_file: bool
) -> None:
    """Any bytes read as events: no exception; every problem names a line of the file."""
    path = tmp_path_factory.mktemp("bytes") / ("e.csv" if csv_file else "e.jsonl")
    path.write_bytes(data)
    log = read_events([path])
    lines = len(re.split(rb"\r\n?|\n", data))  # a line ends at LF, CR LF or a lone CR
    assert all(problem.line is not None and 1 <= problem.line <= lines for problem in log.problems)


EVENT = st.fixed_dictionaries(
    {"event": st.just("kb_search"), "query": st.text(min_size=1, max_size=30).filter(str.strip),
     "results": st.integers(0, 10**9)},
)  # fmt: skip
GARBAGE = st.binary(max_size=80).map(lambda raw: b"x" + re.sub(rb"[\r\n]", b"", raw))


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.one_of(EVENT, GARBAGE), max_size=20))
def test_property_bad_lines_cost_only_themselves(tmp_path_factory, lines: list) -> None:
    """Good events among garbage lines are all read; each garbage line is one problem at its
    line number."""
    path = tmp_path_factory.mktemp("mixed") / "e.jsonl"
    encoded = [json.dumps(line).encode() if isinstance(line, dict) else line for line in lines]
    path.write_bytes(b"".join(line + b"\n" for line in encoded))
    log = read_events([path])
    assert [event.query for event in log.events] == [
        line["query"] for line in lines if isinstance(line, dict)
    ]
    assert [problem.line for problem in log.problems] == [
        number for number, line in enumerate(lines, start=1) if not isinstance(line, dict)
    ]


def test_pipes_and_devices_are_not_read(tmp_path: Path) -> None:
    """A FIFO or a device (an endless line) is one problem, never opened; other files read."""
    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)
    good = write(tmp_path, "good.jsonl", '{"event": "kb_contact", "page": "/a/"}\n')
    log = read_events([fifo, Path("/dev/zero"), good])
    assert len(log.events) == 1
    assert [str(problem) for problem in log.problems] == [
        f"{fifo}: not a regular file",
        "/dev/zero: not a regular file",
    ]


ASSETS = Path(__file__).parents[2] / "kbgen" / "mkdocs" / "theme" / "assets" / "kbgen"
_JS_RULE = re.compile(r"var SEPARATOR = ((?:\"[^\"]*\"\s*\+?\s*)+);\s*var DIGITS = ([^\n]*);")


def _js_digit_rule(name: str) -> tuple[str, str]:
    """(separator class as a regex source, the DIGITS construction) written in a site script."""
    found = _JS_RULE.search((ASSETS / name).read_text("utf-8"))
    assert found, name
    separator = "".join(json.loads(part) for part in re.findall(r"\"[^\"]*\"", found[1]))
    return separator, found[2]


@pytest.mark.parametrize("script", ["support.js", "search-engine.js"])
def test_site_scripts_redact_digits_by_the_same_rule(script: str) -> None:
    """support.js (the help centre) and search-engine.js (the widget on a product page) build
    the same digit rule as kbgen insights: the same separators, code point for code point,
    and any number with its marks and format characters."""
    separator, digits = _js_digit_rule(script)
    number = r"\\p{N}[\\p{M}\\p{Cf}]*"
    expected = f'new RegExp("{number}(?:" + SEPARATOR + "*{number}){{5,}}", "gu")'
    assert digits == expected
    js_class, python_class = re.compile(separator), queries._SEPARATOR
    differing = [
        hex(code)
        for code in range(0x110000)
        if bool(js_class.fullmatch(chr(code))) != bool(python_class.fullmatch(chr(code)))
    ]
    assert differing == []
    assert not any(
        shape_of(char) == "m" for char in map(chr, range(0x110000)) if js_class.fullmatch(char)
    )


@given(
    digits=st.lists(DIGITS, min_size=6, max_size=12),
    between=st.lists(
        st.sampled_from(["\u200b", "\u00ad", "\u2060", "\u200d", "  ", "_", "/", ", ", "\ufeff"]),
        min_size=11,
        max_size=11,
    ),
)
def test_property_invisible_or_repeated_separators_do_not_split_a_run(
    digits: list[str], between: list[str]
) -> None:
    """Invisible format characters and runs of separators between digits hide no number."""
    number = digits[0] + "".join(sep + digit for sep, digit in zip(between, digits[1:]))
    assert redact(f"card {number} please") == "card [number] please"
