"""The one display sanitiser: no control character from outside reaches any report.

Properties over arbitrary text (surrogates, C0, C1, bidi controls and escape sequences
included) for every renderer of ``kbgen stale`` and ``kbgen insights``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sys
import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.content.annotations import annotation
from kbgen.display_text import UNSAFE, display_text, escape_json_controls
from kbgen.insights.render import RENDERERS as INSIGHTS_RENDERERS
from kbgen.insights.report import ArticleInsight, ContentGap, InsightsReport, Summary, UnknownPage
from kbgen.review.annotations import overdue_warning
from kbgen.review.render import RENDERERS as STALE_RENDERERS
from kbgen.review.render import csv_cell
from kbgen.review.report import ReportEntry, build_report
from kbgen.review.signals import ArticleSignals
from kbgen.review.status import ReviewStatus

# Every code point, lone surrogates too, with the dangerous ones drawn often.
HOSTILE_CHARS = st.one_of(
    st.characters(codec=None, categories=None),
    st.sampled_from(["\x1b", "\x9b", "\x07", "\x00", "\x7f", "\x85", "\u202e", "\u2066",
                     "\u2028", "\ud800", "\r", "\n", "\t", "[", "]", "=", "+", "-", "@",
                     "\u200b", "\ufeff", "\U000e0041", "\u200d"]),
)  # fmt: skip
TEXT = st.text(HOSTILE_CHARS, max_size=40)
FORMULA = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FORMULA += ("\ufe66", "\ufe62", "\ufe63", "\ufe6b", "\u207a", "\u207b", "\u207c", "\u208a")


def assert_clean(output: str) -> None:
    """No line of a report holds a control character (its own line breaks aside)."""
    for line in output.split("\n"):
        assert not UNSAFE.search(line), repr(line)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J\x1b[31mred\x1b[0m", "\ufffd\ufffdred\ufffd"),
        ("\x1b]8;;https://evil.example\x07click\x1b]8;;\x07", "\ufffdclick\ufffd"),
        ("\x9b31mcsi", "\ufffdcsi"),
        ("a\nSummary: 0\r\nb", "a Summary: 0  b"),
        ("\u202egnp.exe", "\ufffdgnp.exe"),
        ("nul\x00del\x7fnel\x85sep\u2028", "nul\ufffddel\ufffdnel sep "),
        ("lone \ud800", "lone \ufffd"),
        ("zero\u200bwidth\ufeffbom\U000e0041tag", "zero\ufffdwidth\ufffdbom\ufffdtag"),
        (
            "soft\u00adhyphen\U0001bca0short\U0001d173beam\u3164filler",
            "soft\ufffdhyphen\ufffdshort\ufffdbeam\ufffdfiller",
        ),
        ("emoji \U0001f468\u200d\U0001f469 and \u0645\u06cc\u200c\u0634\u0648\u062f", None),
        ("plain text, café", "plain text, café"),
    ],
    ids=[
        "csi",
        "osc-hyperlink",
        "c1-csi",
        "newlines",
        "bidi",
        "c0-c1-del",
        "surrogate",
        "invisible",
        "every-format-character",
        "joiners-kept",
        "plain",
    ],
)
def test_display_text_removes_controls(text: str, shown: str | None) -> None:
    """Escape sequences go whole, line breaks become spaces, other controls U+FFFD (None:
    the text is safe as it is, zero-width joiners included)."""
    assert display_text(text) == (text if shown is None else shown)


@given(TEXT)
def test_property_display_text_is_safe_and_idempotent(text: str) -> None:
    """The result has no unsafe character and sanitising twice changes nothing."""
    shown = display_text(text)
    assert not UNSAFE.search(shown)
    assert display_text(shown) == shown
    shown.encode("utf-8")


@given(st.dictionaries(TEXT, TEXT, max_size=4))
def test_property_json_escape_keeps_the_data(data: dict[str, str]) -> None:
    """JSON with escaped controls parses back to exactly the same values."""
    encoded = escape_json_controls(json.dumps(data, ensure_ascii=False))
    assert not UNSAFE.search(encoded)
    assert json.loads(encoded) == data


@given(TEXT)
def test_property_csv_cells_never_start_a_formula(text: str) -> None:
    """A text cell either starts with ' or does not start (after spaces) with a trigger."""
    cell = csv_cell(text)
    assert isinstance(cell, str) and not UNSAFE.search(cell)
    assert cell.startswith("'") or not cell.lstrip().startswith(FORMULA)


REASONS = st.lists(st.tuples(TEXT, st.integers(1, 5)), max_size=3).map(tuple)
SIGNALS = st.builds(
    ArticleSignals, st.integers(0, 3), st.integers(0, 3), REASONS, st.integers(0, 3)
)


@st.composite
def insights_reports(draw: st.DrawFn) -> InsightsReport:
    """An insights report whose every text came from a hostile reader."""
    gaps = draw(st.lists(st.builds(ContentGap, TEXT, st.integers(1, 9)), max_size=3))
    articles = draw(st.lists(st.builds(ArticleInsight, TEXT, TEXT, TEXT, SIGNALS), max_size=3))
    unknown = draw(st.lists(st.builds(UnknownPage, TEXT, SIGNALS), max_size=3))
    return InsightsReport(tuple(gaps), tuple(articles), tuple(unknown), Summary(events=1))


@settings(max_examples=150, deadline=None)
@given(insights_reports(), st.sampled_from(sorted(INSIGHTS_RENDERERS)))
def test_property_insights_renderers_emit_no_control_character(
    report: InsightsReport, fmt: str
) -> None:
    """Table, Markdown, JSON and CSV: no control character; JSON keeps the values exactly;
    no CSV cell starts a formula."""
    output = INSIGHTS_RENDERERS[fmt](report)
    assert_clean(output)
    if fmt == "json":
        parsed = json.loads(output)
        assert [gap["query"] for gap in parsed["content_gaps"]] == [
            gap.query for gap in report.content_gaps
        ]
    if fmt == "csv":
        for row in csv.reader(io.StringIO(output)):
            assert all(
                cell.startswith("'") or not cell.lstrip().startswith(FORMULA) for cell in row
            )


ENTRY = st.builds(
    ReportEntry,
    path=TEXT,
    title=TEXT,
    owner=st.one_of(st.none(), TEXT),
    last_reviewed=st.just(date(2026, 5, 1)),
    review_every=st.one_of(st.none(), TEXT),
    due=st.just(date(2026, 8, 1)),
    status=st.sampled_from(list(ReviewStatus)),
    days_overdue=st.integers(0, 200),
    problems=st.lists(TEXT, max_size=2).map(tuple),
    signals=st.one_of(st.none(), SIGNALS),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(ENTRY, max_size=4),
    st.lists(TEXT, max_size=2),
    st.sampled_from(sorted(STALE_RENDERERS)),
)
def test_property_stale_renderers_emit_no_control_character(
    entries: list[ReportEntry], promises: list[str], fmt: str
) -> None:
    """Every stale format, whatever the titles, owners, problems and reader reasons hold."""
    report = dataclasses.replace(
        build_report(entries, date(2026, 11, 25), 14), promises=tuple(promises)
    )
    output = STALE_RENDERERS[fmt](report)
    assert_clean(output)
    if fmt == "json":
        assert len(json.loads(output)["articles"]) == len(entries)
    if fmt == "csv":
        for row in csv.reader(io.StringIO(output)):
            assert all(
                cell.startswith("'") or not cell.lstrip().startswith(FORMULA) for cell in row
            )


@given(entry=ENTRY, message=TEXT, title=TEXT)
def test_property_github_annotations_are_one_clean_line(
    entry: ReportEntry, message: str, title: str
) -> None:
    """A workflow command is one line with no control character, whatever it carries."""
    from pathlib import Path

    for command in (
        annotation("error", message, file=title, line=3, title=title),
        overdue_warning(entry, Path("content") / "a.md"),
    ):
        assert "\n" not in command and not UNSAFE.search(command)


@pytest.mark.parametrize("name", ["a\x1b[2Jb.md", "c\u202egnp.md", "d\x9b31m.md", "e\x07\x7f.md"])
def test_check_and_stale_print_hostile_file_names_cleanly(make_site, name: str) -> None:
    """A file name holding escape sequences or bidi controls is shown without them."""
    from click.testing import CliRunner

    from kbgen.cli import main

    config = make_site({f"help/{name}": "---\ntitle: [unclosed\n---\n"})
    for command in (["check"], ["stale", "--format", "table"], ["stale", "--format", "markdown"]):
        result = CliRunner().invoke(main, [*command, "--config", str(config)])
        assert "Traceback" not in result.output
        assert_clean(result.stdout)
        assert_clean(result.stderr)


def test_every_format_character_but_the_joiners_is_unsafe() -> None:
    """Each Unicode format character (category Cf) is shown as U+FFFD, but the zero-width
    joiner and non-joiner (emoji sequences and Persian words need them)."""
    kept = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cf" and not UNSAFE.match(chr(code))
    ]
    assert kept == ["0x200c", "0x200d"]


@pytest.mark.parametrize("trigger", ["\ufe66", "\ufe62", "\ufe63", "\ufe6b", "\u207a", "\u207c"])
def test_csv_cell_folds_formula_triggers(trigger: str) -> None:
    """A cell starting with a small or superscript form of = + - @ is text too."""
    assert csv_cell(f" {trigger}SUM(1)").startswith("'")
