"""Hostile event exports (tests/hostile/events/) through ``kbgen insights`` and ``kbgen stale
--signals``, every format: no traceback, a bad line costs only that line (``file:line``), and
no control character or spreadsheet formula reaches the report or the terminal."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kbgen.cli import main
from kbgen.display_text import UNSAFE
from kbgen.insights.event_lines import LineError, numbered_lines
from kbgen.insights.events import read_events
from kbgen.insights.pages import SITE_PAGES, PageIndex
from kbgen.insights.render import RENDERERS
from kbgen.insights.report import build_insights
from tests.conftest import article

CORPUS = Path(__file__).parents[1] / "hostile" / "events"
HOSTILE = sorted(CORPUS.iterdir())
FORMULA = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def generated(folder: Path) -> list[Path]:
    """The inputs too big (or too odd) to commit: a line over 64 KiB, a CSV cell over
    128 KiB, a file whose name holds escape sequences (it is printed in every warning)."""
    long_line = folder / "long_line.jsonl"
    long_line.write_text(
        '{"event": "kb_search", "query": "ok", "results": 0}\n'
        + '{"event": "kb_search", "query": "' + "x" * 200_000 + '", "results": 0}\n'
        + "[" * 300_000 + "\n"
        + '{"event": "kb_search", "query": "after", "results": 0}\n',
        encoding="utf-8",
    )  # fmt: skip
    big_cell = folder / "big_cell.csv"
    cell = "\n".join(["a" * 60_000] * 3)  # three lines under the line bound, one 180 KB cell
    big_cell.write_text(
        f'event,query,results\nkb_search,ok,0\nkb_search,"{cell}",0\nkb_search,after,0\n',
        encoding="utf-8",
    )
    escape_named = folder / "\x1b]52;c;ZWNobw==\x07\x1b[2Jevents.jsonl"  # its name is printed
    escape_named.write_text('not json\n{"event": "kb_search", "query": "ok"}\n', encoding="utf-8")
    return [long_line, big_cell, escape_named]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-article site (billing/refunds.md) and the generated hostile files beside it."""
    root = tmp_path_factory.mktemp("hostile-events")
    (root / "site_config.yml").write_text("site_name: Acme\n", encoding="utf-8")
    page = root / "content" / "billing" / "refunds.md"
    page.parent.mkdir(parents=True)
    page.write_text(article("Issue a refund"), encoding="utf-8")
    generated(root)
    return root / "site_config.yml"


def inputs(site: Path) -> list[Path]:
    """Every hostile file: the committed corpus and the generated ones."""
    return [*HOSTILE, *generated_inputs(site.parent)]


def generated_inputs(folder: Path) -> list[Path]:
    """The generated files of ``generated``, already written below ``folder``."""
    return sorted(path for path in folder.iterdir() if path.suffix in (".jsonl", ".csv"))


def run(site: Path, *args: str) -> Result:
    """Run kbgen (exceptions are not caught: a traceback fails the test)."""
    return CliRunner().invoke(main, [*args, "--config", str(site)], catch_exceptions=False)


def assert_clean(text: str) -> None:
    """No line of ``text`` holds a control character (the renderer's own newlines aside)."""
    for line in text.split("\n"):
        assert not UNSAFE.search(line), repr(line)


def assert_no_formula(text: str) -> None:
    """No CSV cell starts (after spaces) with what a spreadsheet runs as a formula."""
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert cell.startswith("'") or not cell.lstrip().startswith(FORMULA), row


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv"])
def test_insights_reports_every_hostile_file_cleanly(site: Path, fmt: str) -> None:
    """Each hostile export gives a report (exit 0) without control characters or formulas."""
    for path in inputs(site):
        result = run(site, "insights", str(path), "--format", fmt)
        assert result.exit_code == 0, (path.name, result.output)
        assert_clean(result.stdout)
        assert_clean(result.stderr)
        if fmt == "json":
            json.loads(result.stdout)
        if fmt == "csv":
            assert_no_formula(result.stdout)


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv", "github"])
def test_stale_signals_reports_every_hostile_file_cleanly(site: Path, fmt: str) -> None:
    """``kbgen stale --signals`` takes each hostile export; no control character comes out."""
    for path in inputs(site):
        result = run(
            site, "stale", "--signals", str(path), "--format", fmt, "--as-of", "2026-11-25"
        )
        assert result.exit_code == 0, (path.name, result.output)
        assert_clean(result.stdout)
        assert_clean(result.stderr)
        if fmt == "csv":
            assert_no_formula(result.stdout)


def test_every_bad_line_is_one_warning_with_its_line(site: Path) -> None:
    """Each hostile file's good lines count; each bad line is one ``file:line:`` warning."""
    expected_good = {
        "deep_nesting.jsonl": 3,  # the query of 100 brackets is a string, not nesting
        "huge_numbers.jsonl": 3,  # ok, ok and -0
        "edge_timestamps.jsonl": 4,  # ok, okq, an offset of +23:59:59.999999, nanoseconds
        "lone_surrogates.jsonl": 3,  # ok, okq, a valid pair (a surrogate even in a key is refused)
        "invalid_utf8.jsonl": 2,
        "bom_and_crlf.jsonl": 3,
        "not_objects.jsonl": 2,
        "superscript_results.csv": 2,
        "invalid_utf8.csv": 2,  # a bad line inside a quoted row costs that row only
        "unclosed_quote.csv": 1,
        "long_line.jsonl": 2,
        "big_cell.csv": 2,
        "cr_only.jsonl": 3,  # lines end at a lone CR: one bad line costs only itself
        "cr_only.csv": 3,  # a quoted CR stays in its cell; the row of 4 cells is one warning
        "mixed_endings.jsonl": 4,  # CR LF, LF CR, CR CR LF and no final break
        "nul_bytes.jsonl": 1,
        "overlong_utf8.jsonl": 1,  # overlong "/" and an encoded surrogate are bad bytes
        "utf16_bom.jsonl": 0,  # UTF-16 is not UTF-8: each line is a warning, never a crash
        "duplicate_and_proto_keys.jsonl": 2,  # the last duplicate wins; __proto__ is a key
        "floats_and_arrays.jsonl": 1,  # 1e309, 1e2, -1e-400 and 5,001 values are refused
    }
    for path in inputs(site):
        if path.name not in expected_good:
            continue
        result = run(site, "insights", str(path), "--format", "json")
        summary = json.loads(result.stdout)["summary"]
        warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
        assert summary["events"] == expected_good[path.name], (path.name, result.stderr)
        assert summary["skipped_lines"] == len(warnings), path.name
        for warning in warnings:
            where = warning.removeprefix(f"warning: {path}:").split(": ", 1)[0]
            assert where.isdigit(), warning


TEXT = st.text(
    st.one_of(st.characters(codec=None), st.sampled_from(list("[]/:%?#@\\\x1b\u202e"))), max_size=30
)
PAGE = st.one_of(
    TEXT,
    st.tuples(st.sampled_from(["http://", "//", "https://[", "/help/", "?"]), TEXT).map("".join),
)
EVENT_LINES = st.one_of(
    st.fixed_dictionaries(
        {"event": st.just("kb_search"), "query": TEXT, "results": st.integers(0, 3)}
    ),
    st.fixed_dictionaries(
        {"event": st.just("kb_feedback"), "page": PAGE, "helpful": st.booleans(),
         "reason": st.one_of(st.none(), TEXT)}
    ),
    st.fixed_dictionaries(
        {"event": st.just("kb_contact"), "page": PAGE, "query": st.one_of(st.none(), TEXT)}
    ),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(events=st.lists(EVENT_LINES, max_size=8), fmt=st.sampled_from(sorted(RENDERERS)))
def test_property_any_events_give_a_clean_report(
    tmp_path_factory: pytest.TempPathFactory, events: list[dict], fmt: str
) -> None:
    """Whatever readers send (any page, query or reason text), reading, counting and every
    format run without an exception and print no control character."""
    path = tmp_path_factory.mktemp("events") / "e.jsonl"
    path.write_text("".join(json.dumps(event) + "\n" for event in events), encoding="utf-8")
    log = read_events([path])
    index = PageIndex(articles={}, site_pages=frozenset(SITE_PAGES), base_path="/help/")
    report = build_insights(log.events, index, skipped_lines=len(log.problems))
    assert_clean(RENDERERS[fmt](report))
    assert len(log.events) + len(log.problems) == len(events)


LINE_BREAKS = st.sampled_from([b"\n", b"\r\n", b"\r"])
LINE_BYTES = st.binary(max_size=12).map(lambda raw: raw.replace(b"\r", b"").replace(b"\n", b""))


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.tuples(LINE_BYTES, LINE_BREAKS), max_size=12),
    last=LINE_BYTES,
    chunk=st.integers(1, 9),
)
def test_property_lines_end_at_lf_crlf_or_cr(
    lines: list[tuple[bytes, bytes]], last: bytes, chunk: int
) -> None:
    """Whatever mix of LF, CR LF and lone CR ends the lines, and wherever a read splits the
    file (a CR LF across two reads included), each line comes back alone and in order."""
    data = b"".join(line + end for line, end in lines) + last
    ambiguous = any(  # a CR, then an empty line ending in LF, is one CR LF
        end == b"\r" and following == (b"", b"\n")
        for (_, end), following in itertools.pairwise(lines)
    )
    assume(not ambiguous)
    expected = [line for line, _ in lines] + ([last] if last else [])
    expected[:1] = [line.removeprefix(b"\xef\xbb\xbf") for line in expected[:1]]  # a BOM
    read = [
        text.text if isinstance(text, LineError) else text
        for _, text in numbered_lines(io.BytesIO(data), chunk_bytes=chunk)
    ]
    assert read == [line.decode("utf-8", errors="replace") for line in expected]
