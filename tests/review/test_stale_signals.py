"""``kbgen stale --signals``: what readers said, added to the stale report per article."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kbgen.cli import main
from tests.conftest import article

RECENT = (date.today() - timedelta(days=3)).isoformat()
EVENTS = (
    '{"event": "kb_feedback", "page": "/billing/b-fine/", "helpful": false, "reason": "outdated"}\n'
    '{"event": "kb_feedback", "page": "/billing/b-fine/", "helpful": false, "reason": "outdated"}\n'
    '{"event": "kb_contact", "page": "/billing/b-fine/", "query": "refund"}\n'
    '{"event": "kb_feedback", "page": "/billing/c-fine/", "helpful": true}\n'
    "oops\n"
)


@pytest.fixture
def site(make_site, tmp_path: Path) -> Path:
    """Three ok billing articles (a, b, c) and one overdue, plus an events export."""
    config = make_site(
        {
            "billing/a-fine.md": article("A", owner="billing-team", last_reviewed=RECENT),
            "billing/b-fine.md": article("B", owner="billing-team", last_reviewed=RECENT),
            "billing/c-fine.md": article("C", owner="billing-team", last_reviewed=RECENT),
            "billing/d-old.md": article("D", owner="billing-team", last_reviewed="2020-01-01"),
        },
        config="site_name: Acme\nowners:\n  billing-team: {name: Billing, contact: '#billing'}\n",
    )
    (tmp_path / "events.jsonl").write_text(EVENTS, encoding="utf-8")
    return config


def stale(site: Path, *args: str) -> Result:
    """``kbgen stale --signals events.jsonl`` on the fixture site."""
    events = str(site.parent / "events.jsonl")
    return CliRunner().invoke(
        main, ["stale", "--config", str(site), "--signals", events, *args], catch_exceptions=False
    )


def test_json_entries_carry_reader_signals(site: Path) -> None:
    """Each article gains signals; the malformed line is a warning, not a failure."""
    result = stale(site, "--format", "json")
    assert result.exit_code == 0
    assert "events.jsonl:5: not a JSON object" in result.stderr
    signals = {a["path"]: a["signals"] for a in json.loads(result.stdout)["articles"]}
    assert signals["billing/b-fine.md"] == {
        "helpful": 0, "unhelpful": 2, "reasons": {"outdated": 2}, "contacts": 1,
    }  # fmt: skip
    assert signals["billing/c-fine.md"]["helpful"] == 1
    assert signals["billing/a-fine.md"] == {
        "helpful": 0,
        "unhelpful": 0,
        "reasons": {},
        "contacts": 0,
    }


def test_without_signals_the_json_is_unchanged(site: Path) -> None:
    """No --signals: entries have no signals key (the report stays as before)."""
    result = CliRunner().invoke(main, ["stale", "--config", str(site), "--format", "json"])
    assert all("signals" not in item for item in json.loads(result.stdout)["articles"])


def test_table_puts_what_readers_call_outdated_first(site: Path) -> None:
    """Among ok articles, the one readers called outdated is listed first, with what they said."""
    lines = stale(site).stdout.splitlines()
    assert lines[2] == "billing-team (contact #billing): 1 overdue, 0 due soon, 3 ok, 0 invalid"
    ok_rows = [line for line in lines if line.strip().startswith("ok")]
    assert ok_rows[0].split()[2] == "billing/b-fine.md"
    assert "(readers: 2 unhelpful (outdated 2), 0 helpful, 1 support contact)" in ok_rows[0]


def test_markdown_lists_ok_articles_readers_found_unhelpful(site: Path) -> None:
    """An ok article readers found unhelpful becomes a checklist item; others stay hidden."""
    markdown = stale(site, "--format", "markdown").stdout
    assert "- [ ] `billing/b-fine.md` B: ok, next review" in markdown
    assert "readers: 2 unhelpful (outdated 2), 0 helpful, 1 support contact" in markdown
    assert "`billing/c-fine.md`" not in markdown


def test_csv_gets_signal_columns(site: Path) -> None:
    """CSV rows gain helpful, unhelpful, reasons and contacts columns."""
    rows = {
        r["path"]: r for r in csv.DictReader(io.StringIO(stale(site, "--format", "csv").stdout))
    }
    row = rows["billing/b-fine.md"]
    assert (row["helpful"], row["unhelpful"], row["reasons"], row["contacts"]) == (
        "0", "2", "outdated=2", "1",
    )  # fmt: skip


def test_signals_map_to_paths_given_on_the_command_line(site: Path) -> None:
    """With PATHS below the content folder, signals still land on the right files."""
    folder = str(site.parent / "content" / "billing")
    result = stale(site, folder, "--format", "json")
    signals = {a["path"]: a["signals"] for a in json.loads(result.stdout)["articles"]}
    assert signals["b-fine.md"]["unhelpful"] == 2


def test_signals_need_a_site_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--signals without a site_config.yml is a usage error (pages cannot be mapped)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(article("A"), encoding="utf-8")
    (tmp_path / "e.jsonl").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["stale", "docs", "--signals", "e.jsonl"])
    assert result.exit_code == 2
    assert "--signals needs the site's site_config.yml" in result.stderr
