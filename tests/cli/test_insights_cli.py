"""``kbgen insights`` end to end on a tiny real site: gaps, articles, unknown pages, formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kbgen.cli import main
from tests.conftest import article

EVENTS = "\n".join(
    [
        '{"event": "kb_search", "query": "Refund  VAT", "results": 0, '
        '"ts": "2026-11-20T10:00:00Z"}',
        '{"event": "kb_search", "query": "refund vat", "results": 0, "ts": "2026-10-01T10:00:00Z"}',
        '{"event": "kb_search", "query": "export", "results": 0, "ts": "2026-11-22T09:00:00Z"}',
        '{"event": "kb_search", "query": "refund", "results": 4, "ts": "2026-11-22T09:01:00Z"}',
        '{"event": "kb_feedback", "page": "/help/billing/refunds/", "helpful": false, '
        '"reason": "outdated", "ts": "2026-11-23"}',
        '{"event": "kb_feedback", "page": "https://acme.example/help/billing/refunds/index.html",'
        ' "helpful": false, "reason": "unclear", "ts": "2026-11-23"}',
        '{"event": "kb_feedback", "page": "/help/billing/refunds", "helpful": true}',
        '{"event": "kb_contact", "page": "/help/billing/refunds/", "query": "refund vat", '
        '"ts": "2026-11-23"}',
        '{"event": "kb_feedback", "page": "/help/account/login/", "helpful": true, '
        '"ts": "2026-11-24"}',
        '{"event": "kb_contact", "page": "/help/billing/", "ts": "2026-11-24"}',
        '{"event": "kb_contact", "page": "/help/billing/old-refunds/", "ts": "2026-11-24"}',
        "this line is broken",
        "",
    ]
)


@pytest.fixture
def site(make_site, tmp_path: Path) -> Path:
    """Two articles under /help/ and an events export beside them."""
    config = make_site(
        {
            "billing/refunds.md": article("Issue a refund"),
            "account/login.md": article("Sign in"),
        },
        config="site_name: Acme\nsite_url: https://acme.example/help/\n",
    )
    (tmp_path / "events.jsonl").write_text(EVENTS, encoding="utf-8")
    return config


def insights(site: Path, *args: str) -> Result:
    """Run ``kbgen insights`` on the fixture's events."""
    events = str(site.parent / "events.jsonl")
    return CliRunner().invoke(
        main, ["insights", events, "--config", str(site), *args], catch_exceptions=False
    )


def test_json_report_counts_gaps_articles_and_unknown_pages(site: Path) -> None:
    """The pinned JSON shape, with figures counted by hand from EVENTS."""
    result = insights(site, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["content_gaps"] == [
        {"query": "refund vat", "searches": 2},
        {"query": "export", "searches": 1},
    ]
    assert report["articles"] == [
        {
            "path": "billing/refunds.md",
            "page": "/help/billing/refunds/",
            "title": "Issue a refund",
            "helpful": 1,
            "unhelpful": 2,
            "reasons": {"outdated": 1, "unclear": 1},
            "contacts": 1,
        },
        {
            "path": "account/login.md",
            "page": "/help/account/login/",
            "title": "Sign in",
            "helpful": 1,
            "unhelpful": 0,
            "reasons": {},
            "contacts": 0,
        },
    ]
    assert report["unknown_pages"] == [
        {"page": "/help/billing/old-refunds/", "helpful": 0, "unhelpful": 0, "reasons": {},
         "contacts": 1}
    ]  # fmt: skip
    summary = report["summary"]
    assert (summary["searches"], summary["zero_result_searches"]) == (4, 3)
    assert summary["zero_result_share"] == 0.75
    assert (summary["helpful"], summary["unhelpful"], summary["contacts"]) == (2, 2, 3)
    assert summary["contact_share"] == 0.75
    assert (summary["unknown_page_events"], summary["skipped_lines"]) == (1, 1)


def test_malformed_line_is_a_warning_and_the_report_still_comes_out(site: Path) -> None:
    """The broken line is named file:line on stderr; the exit code is 0."""
    result = insights(site)
    assert result.exit_code == 0
    assert f"warning: {site.parent / 'events.jsonl'}:12: not a JSON object" in result.stderr
    assert "refund vat" in result.stdout


def test_since_keeps_later_dated_events_only(site: Path) -> None:
    """--since drops the October search and the undated feedback, and says how many undated."""
    report = json.loads(insights(site, "--since", "2026-11-01", "--format", "json").stdout)
    assert report["content_gaps"] == [
        {"query": "export", "searches": 1},
        {"query": "refund vat", "searches": 1},
    ]
    refunds = report["articles"][0]
    assert (refunds["helpful"], refunds["unhelpful"]) == (0, 2)
    assert report["summary"]["undated_left_out"] == 1
    assert report["since"] == "2026-11-01"


def test_table_lists_gaps_articles_and_summary(site: Path) -> None:
    """The terminal table: gaps most searched first, least resolved articles first."""
    out = insights(site).stdout
    lines = out.splitlines()
    assert lines[0] == "Reader insights from 11 events"
    gaps = lines.index("Content gaps: searches that found nothing")
    assert lines[gaps + 2].split() == ["2", "refund", "vat"]
    assert lines[gaps + 3].split() == ["1", "export"]
    articles = lines.index("Articles, least resolved first")
    assert lines[articles + 2].split()[:4] == ["1", "2", "1", "billing/refunds.md"]
    assert "(outdated 1, unclear 1)" in lines[articles + 2]
    assert "/help/billing/old-refunds/" in out
    assert lines[-1].startswith("Summary: 4 searches, 3 found nothing (75%)")


def test_markdown_and_csv(site: Path) -> None:
    """Markdown has the summary table and sections; CSV one row per gap, article, unknown page."""
    markdown = insights(site, "--format", "markdown").stdout
    assert "| 4 | 3 (75%) | 2 | 2 | 3 (75%) |" in markdown
    assert "| 2 | refund vat |" in markdown
    assert "| `billing/refunds.md` Issue a refund | 1 | 2 | outdated 1, unclear 1 | 1 |" in markdown
    rows = list(csv.DictReader(io.StringIO(insights(site, "--format", "csv").stdout)))
    assert [row["section"] for row in rows] == [
        "content_gap", "content_gap", "article", "article", "unknown_page",
    ]  # fmt: skip
    assert rows[2]["reasons"] == "outdated=1; unclear=1"


def test_output_file_and_csv_input(site: Path, tmp_path: Path) -> None:
    """--output writes the report; a CSV export is read like JSON Lines."""
    export = tmp_path / "export.csv"
    export.write_text("event,query,results\nkb_search,Lost  Password,0\n", encoding="utf-8")
    out = tmp_path / "insights.json"
    result = CliRunner().invoke(
        main,
        ["insights", str(export), "--config", str(site), "--format", "json", "--output", str(out)],
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text())["content_gaps"] == [
        {"query": "lost password", "searches": 1}
    ]


def test_help_has_an_example_and_usage_errors_exit_2(site: Path, tmp_path: Path) -> None:
    """--help shows examples; a missing events file or bad date is a usage error (exit 2)."""
    help_text = CliRunner().invoke(main, ["insights", "--help"]).stdout
    assert "kbgen insights events.jsonl --since 2026-11-01 --format markdown" in help_text
    assert CliRunner().invoke(main, ["insights", str(tmp_path / "nope.jsonl")]).exit_code == 2
    assert insights(site, "--since", "last week").exit_code == 2
    bad = tmp_path / "bad.yml"
    bad.write_text("site_name: X\nsupport:\n  url: ftp://x\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["insights", str(site.parent / "events.jsonl"), "--config", str(bad)]
    )
    assert result.exit_code == 2
    assert "bad.yml:3: 'support.url' must be an absolute" in result.stderr


def test_csv_never_hands_a_formula_to_a_spreadsheet(site: Path, tmp_path: Path) -> None:
    """A query a reader typed as a formula comes out as text (leading ')."""
    export = tmp_path / "export.jsonl"
    export.write_text('{"event": "kb_search", "query": "=HYPERLINK(1)", "results": 0}\n', "utf-8")
    result = CliRunner().invoke(
        main, ["insights", str(export), "--config", str(site), "--format", "csv"]
    )
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["query"] == "'=hyperlink(1)"
