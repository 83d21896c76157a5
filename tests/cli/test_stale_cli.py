"""``kbgen stale`` end to end: paths, statuses at the boundaries, field mapping, exit codes.

Expected figures come from hand-checked constants or from a tiny regex reading of the
fixture files written here, never from kbgen's own code.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kbgen.cli import main
from kbgen.content.folder_defaults import FolderDefaults
from tests.conftest import BAD_FRONTMATTER, FIXTURES, article, bad_frontmatter_manifest

GOVUK = FIXTURES / "corpora" / "govuk-dev-manual"
MSDOCS = FIXTURES / "corpora" / "msdocs-sharepoint"
REPO = Path(__file__).resolve().parents[2]


def stale(*args: str) -> Result:
    """Run ``kbgen stale`` in-process."""
    return CliRunner().invoke(main, ["stale", *args], catch_exceptions=False)


def stale_json(*args: str) -> dict:
    """Run ``kbgen stale --format json`` and parse what it printed."""
    result = stale(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_path(report: dict) -> dict[str, dict]:
    """The report's articles keyed by path."""
    return {item["path"]: item for item in report["articles"]}


# --- an independent reading of the fixtures: regexes and month arithmetic by hand -------

DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def plus_months(day: date, months: int) -> date:
    """Calendar months, clamped to the month end, written out by hand."""
    year, month = day.year + (day.month - 1 + months) // 12, (day.month - 1 + months) % 12 + 1
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    last = 29 if month == 2 and leap else DAYS_IN_MONTH[month - 1]
    return date(year, month, min(day.day, last))


def judge(due: date, as_of: date, window: int) -> tuple[str, int]:
    """Status and days overdue, by the issue's rules."""
    left = (due - as_of).days
    if left < 0:
        return "overdue", -left
    return ("due-soon" if left <= window else "ok"), 0


def frontmatter_of(path: Path) -> str | None:
    """The text between the opening and closing '---' lines, or None."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return None
    return text[4:].split("\n---\n", 1)[0]


def expected_govuk(root: Path, as_of: date, window: int = 14) -> dict[str, tuple]:
    """(owner, due, status, days overdue) of each GOV.UK page, read with regexes."""
    expected = {}
    pages = [*root.rglob("*.html.md"), *root.rglob("*.html.md.erb")]
    for path in sorted(pages):
        text = frontmatter_of(path)
        owner = re.search(r'^owner_slack: "?([^"\n]+?)"?$', text, re.M)[1]
        year, month, day = map(
            int, re.search(r"^last_reviewed_on: (\d{4})-(\d\d)-(\d\d)$", text, re.M).groups()
        )
        count, unit = re.search(r"^review_in: (\d+) (\w+)$", text, re.M).groups()
        start = date(year, month, day)
        if unit.startswith("day"):
            due = start + timedelta(days=int(count))
        else:
            due = plus_months(start, int(count) * (12 if unit.startswith("year") else 1))
        expected[path.relative_to(root).as_posix()] = (
            owner,
            due.isoformat(),
            *judge(due, as_of, window),
        )
    return expected


def expected_msdocs(root: Path, as_of: date, owner_key: str = "ms.author") -> dict[str, tuple]:
    """(owner, due, status, days overdue) of each Microsoft Learn page; 3 months by default."""
    expected = {}
    for path in sorted(root.rglob("*.md")):  # SOURCE.md at the top too: a page, published
        text = frontmatter_of(path)
        found = text and re.search(r"^ms\.date:\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$", text, re.M)
        owner = text and re.search(rf"^{re.escape(owner_key)}:\s*(\S+)\s*$", text, re.M)
        rel = path.relative_to(root).as_posix()
        if not found:
            expected[rel] = (owner[1] if owner else None, None, "invalid", 0)
            continue
        month, day, year = map(int, found.groups())
        due = plus_months(date(year, month, day), 3)
        expected[rel] = (owner[1], due.isoformat(), *judge(due, as_of, 14))
    return expected


def seen(report: dict) -> dict[str, tuple]:
    """The same four values as the report gives them."""
    return {
        item["path"]: (item["owner"], item["due"], item["status"], item["days_overdue"])
        for item in report["articles"]
    }


def write_config(folder: Path, text: str) -> Path:
    """Write a site_config.yml into ``folder``."""
    path = folder / "site_config.yml"
    path.write_text(text, encoding="utf-8")
    return path


# --- field mapping on the two real corpora ----------------------------------------------


def test_govuk_fields_mapped_in_site_config(tmp_path: Path) -> None:
    """owner_slack, last_reviewed_on, review_in mapped in site_config.yml: every due date right."""
    config = write_config(
        tmp_path,
        f"""site_name: GOV.UK manual
docs_dir: {GOVUK / "source"}
review:
  fields:
    owner: owner_slack
    last_reviewed: [last_reviewed_on]
    review_every: review_in
""",
    )
    report = stale_json("--config", str(config), "--as-of", "2020-11-04")
    expected = expected_govuk(GOVUK / "source", date(2020, 11, 4))
    assert len(expected) == 34
    assert seen(report) == expected
    assert report["summary"]["total"] == 34 and report["summary"]["invalid"] == 0


def test_govuk_hand_checked_pages(tmp_path: Path) -> None:
    """Three pages checked by hand: 1 month, 191 days and a person as owner."""
    report = by_path(stale_json(str(GOVUK / "source"), "--as-of", "2020-11-04"))
    covid = report["manual/covid-19-services.html.md"]
    assert (covid["last_reviewed"], covid["review_every"], covid["due"]) == (
        "2020-10-15",
        "1 month",
        "2020-11-15",
    )
    assert covid["status"] == "due-soon"
    dst = report["manual/change-in-hours-time-period-for-dst.html.md"]
    assert (dst["due"], dst["status"], dst["days_overdue"]) == ("2020-10-15", "overdue", 20)
    incident = report["manual/incident-reports.html.md"]
    assert (incident["owner"], incident["due"]) == ("@nila.patel", "2020-10-06")


def test_folder_without_site_config_uses_default_fields(tmp_path: Path, monkeypatch) -> None:
    """No site_config.yml: a docs folder given as PATH works with the default field names."""
    monkeypatch.chdir(tmp_path)
    report = stale_json(str(GOVUK / "source"), "--as-of", "2020-11-04")
    expected = {
        f"manual/{path.removeprefix('source/manual/')}": values
        for path, values in expected_govuk(GOVUK, date(2020, 11, 4)).items()
    }
    assert seen(report) == expected


def test_msdocs_us_dates_mapped_in_site_config(tmp_path: Path) -> None:
    """ms.author / ms.date (MM/DD/YYYY strings), default interval 3 months."""
    config = write_config(
        tmp_path,
        f"""site_name: SharePoint docs
docs_dir: {MSDOCS}
review:
  default_every: 3 months
  fields:
    owner: [ms.author]
    last_reviewed: [ms.date]
  date_formats: ["%m/%d/%Y"]
""",
    )
    report = stale_json("--config", str(config), "--as-of", "2024-10-24")
    expected = expected_msdocs(MSDOCS, date(2024, 10, 24))
    assert len(expected) == 31
    assert seen(report) == expected
    assert report["summary"]["invalid"] == 6
    assert report["summary"]["due_soon"] + report["summary"]["ok"] == 4


def test_msdocs_hand_checked_pages(tmp_path: Path) -> None:
    """Unpadded and space-padded US dates, a typo'd key and snippets without frontmatter."""
    report = by_path(stale_json(str(MSDOCS), "--as-of", "2024-10-24"))
    cba = report["migration/migration-with-cba.md"]
    assert (cba["owner"], cba["last_reviewed"], cba["due"], cba["status"]) == (
        "zhaosu",
        "2024-10-16",
        "2025-01-16",
        "ok",
    )
    sync = report["SharePoint/SharePointServer/search/configure-search.md"]
    assert (sync["last_reviewed"], sync["due"], sync["days_overdue"]) == (
        "2018-03-09",
        "2018-06-09",
        2329,
    )
    typo = report["migration/mm-box-step4-review-destinations.md"]
    assert typo["status"] == "invalid" and typo["last_reviewed"] is None
    assert "missing review date" in typo["problems"][0]
    snippet = report["SharePoint/SharePointServer/includes/appliesto-2013-2016-2019-SPO-md.md"]
    assert snippet["problems"] == ["line 1: no frontmatter (the file must start with a '---' line)"]
    assert report["SOURCE.md"]["status"] == "invalid"


def test_owner_field_flag_overrides_for_one_run() -> None:
    """--owner-field author reads the GitHub user name instead of ms.author."""
    report = stale_json(
        str(MSDOCS / "migration"), "--as-of", "2024-10-24", "--owner-field", "author"
    )
    expected = expected_msdocs(MSDOCS, date(2024, 10, 24), owner_key="author")
    expected = {
        path.removeprefix("migration/"): values
        for path, values in expected.items()
        if path.startswith("migration/")
    }
    assert {path: values[0] for path, values in seen(report).items()} == {
        path: values[0] for path, values in expected.items()
    }


def test_date_and_interval_field_flags(tmp_path: Path) -> None:
    """--date-field and --interval-field name keys no config mentions."""
    (tmp_path / "a.md").write_text(
        "---\ntitle: A\nowner: ops\nchecked: 2026-01-31\ncadence: 1m\n---\n"
    )
    plain = by_path(stale_json(str(tmp_path), "--as-of", "2026-02-20"))["a.md"]
    assert plain["status"] == "invalid"
    mapped = by_path(
        stale_json(
            str(tmp_path),
            "--as-of",
            "2026-02-20",
            "--date-field",
            "checked",
            "--interval-field",
            "cadence",
        )
    )["a.md"]
    assert (mapped["due"], mapped["review_every"], mapped["status"]) == (
        "2026-02-28",
        "1m",
        "due-soon",
    )


# --- real broken files ------------------------------------------------------------------


def test_every_broken_file_is_invalid_with_a_reason() -> None:
    """All 76 historical broken files: invalid, with the kind of problem named, no crash."""
    report = stale_json(
        str(BAD_FRONTMATTER / "govuk-developer-docs"),
        str(BAD_FRONTMATTER / "msdocs-sharepoint"),
        "--as-of",
        "2024-11-25",
    )
    kinds = {path.split("/", 1)[1]: kind for path, kind in bad_frontmatter_manifest().items()}
    assert len(kinds) == 76
    articles = by_path(report)
    assert set(articles) == set(kinds)
    assert report["summary"] == {
        "total": 76, "overdue": 0, "changed": 0, "due_soon": 0, "ok": 0, "invalid": 76
    }  # fmt: skip
    words = {
        "YAML syntax error": "invalid YAML",
        "no closing `---`": "no closing '---'",
        "duplicate key(s)": "duplicate key",
        "PyYAML raises ValueError": "impossible date",
        "not UTF-8": "not UTF-8",
    }
    body_only = "66f55ca4c7cf/migration/sharepoint-online-and-onedrive-migration-speed.md"
    for path, kind in kinds.items():
        problems = articles[path]["problems"]
        assert problems and all(re.match(r"line \d+: ", problem) for problem in problems)
        # The report stops reading at the closing '---': a bad byte in the body of this
        # file is kbgen check's business; the report names what it lacks instead.
        word = "missing review date" if path == body_only else words[kind]
        assert any(word in problem for problem in problems), (path, problems)


# --- statuses at the boundaries ---------------------------------------------------------


@pytest.fixture
def boundary_site(make_site) -> Path:
    """Articles whose due dates fall on and around 2026-11-25 (window 14 days)."""
    return make_site(
        {
            "t/due-today.md": article("Due today", last_reviewed="2026-08-25"),
            "t/due-yesterday.md": article("Yesterday", last_reviewed="2026-08-24"),
            "t/window-end.md": article("Window end", last_reviewed="2026-09-09"),
            "t/after-window.md": article("After", last_reviewed="2026-09-10"),
            "t/month-end.md": article("Month end", last_reviewed="2026-08-31"),
            "t/leap.md": article("Leap", last_reviewed="2024-02-29", extra="review_every: 1 year"),
            "t/jan31.md": article(
                "Jan 31", last_reviewed="2024-01-31", extra="review_every: monthly"
            ),
            "t/broken.md": article("Broken", owner=None),
        }
    )


def test_boundary_statuses(boundary_site: Path) -> None:
    """Due on as-of is due-soon, a day before overdue; the window end is inclusive; months clamp."""
    report = by_path(stale_json("--config", str(boundary_site), "--as-of", "2026-11-25"))
    got = {
        path: (item["due"], item["status"], item["days_overdue"]) for path, item in report.items()
    }
    assert got == {
        "t/due-today.md": ("2026-11-25", "due-soon", 0),
        "t/due-yesterday.md": ("2026-11-24", "overdue", 1),
        "t/window-end.md": ("2026-12-09", "due-soon", 0),
        "t/after-window.md": ("2026-12-10", "ok", 0),
        "t/month-end.md": ("2026-11-30", "due-soon", 0),
        "t/leap.md": ("2025-02-28", "overdue", 635),
        "t/jan31.md": ("2024-02-29", "overdue", 1000),
        "t/broken.md": ("2027-02-01", "invalid", 0),
    }


def test_due_within_sets_the_window(boundary_site: Path) -> None:
    """--due-within 0: only what is due on as-of itself is due soon."""
    report = by_path(
        stale_json("--config", str(boundary_site), "--as-of", "2026-11-25", "--due-within", "0")
    )
    assert report["t/due-today.md"]["status"] == "due-soon"
    assert report["t/window-end.md"]["status"] == "ok"
    assert stale_json("--config", str(boundary_site), "--due-within", "0")["due_within_days"] == 0


def test_due_soon_days_from_site_config(make_site) -> None:
    """review.due_soon_days is the default window, echoed in the report."""
    config = make_site(
        {"t/a.md": article("A", last_reviewed="2026-09-12")},
        config="site_name: x\nreview:\n  due_soon_days: 30\n",
    )
    report = stale_json("--config", str(config), "--as-of", "2026-11-25")
    assert report["due_within_days"] == 30 and report["articles"][0]["status"] == "due-soon"


# --- paths, filters, output -------------------------------------------------------------


def test_default_paths_skip_site_pages(make_site, tmp_path: Path, monkeypatch) -> None:
    """The home page and category index pages are not articles; a root page is a page."""
    make_site(
        {
            "index.md": "# Home\n",
            "contact.md": article("Contact"),
            "account/index.md": "# Account\n",
            "account/reset.md": article("Reset"),
        }
    )
    monkeypatch.chdir(tmp_path)
    assert sorted(by_path(stale_json())) == ["account/reset.md", "contact.md"]


def test_real_folders_match_path_resolve(tmp_path: Path, monkeypatch) -> None:
    """The cached folder resolution behind report paths equals Path.resolve(), links included."""
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "sub-link").symlink_to(tmp_path / "real" / "sub")
    monkeypatch.chdir(tmp_path)
    defaults = FolderDefaults(tmp_path)
    for folder in ["linked/sub", "real/sub-link", "real/sub/..", "real/sub", "nope", ""]:
        assert defaults.real_folder(folder) == str(Path(folder).resolve()), folder
        assert defaults.real_folder(tmp_path / folder) == str((tmp_path / folder).resolve())


def test_symlinked_article_outside_the_folder(tmp_path: Path) -> None:
    """A symlink to a file outside the folder is reported under the link's own name."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "elsewhere.md").write_text(article("Elsewhere"))
    (tmp_path / "docs" / "link.md").symlink_to(tmp_path / "elsewhere.md")
    (tmp_path / "docs" / "own.md").write_text(article("Own"))
    assert sorted(by_path(stale_json(str(tmp_path / "docs")))) == ["link.md", "own.md"]


def test_single_file_path(make_site, tmp_path: Path, monkeypatch) -> None:
    """A file given as PATH is reported by its name (relative to its own folder)."""
    make_site({"a/b.md": article("B"), "a/c.md": article("C")})
    monkeypatch.chdir(tmp_path)
    assert list(by_path(stale_json("content/a/c.md"))) == ["c.md"]


def test_as_of_defaults_to_today_utc(make_site, tmp_path: Path, monkeypatch) -> None:
    """Without --as-of the report is for today's UTC date."""
    make_site({"a/b.md": article("B")})
    monkeypatch.chdir(tmp_path)
    assert stale_json()["as_of"] == datetime.now(timezone.utc).date().isoformat()


def test_owner_and_status_filters(make_site, tmp_path: Path, monkeypatch) -> None:
    """--owner and --status may be repeated and combine."""
    make_site(
        {
            "a/1.md": article("1", owner="ops", last_reviewed="2020-01-01"),
            "a/2.md": article("2", owner="Docs", last_reviewed="2020-01-01"),
            "a/3.md": article("3", owner="docs", last_reviewed="2026-11-20"),
            "a/4.md": article("4", owner="sales", last_reviewed="2020-01-01"),
        }
    )
    monkeypatch.chdir(tmp_path)
    report = stale_json(
        "--as-of", "2026-11-25", "--owner", "docs", "--owner", "OPS", "--status", "overdue"
    )
    assert list(by_path(report)) == ["a/1.md", "a/2.md"]


def test_output_file_and_quiet_stderr(make_site, tmp_path: Path, monkeypatch) -> None:
    """--output writes the report there; stdout stays empty, stderr says what was written."""
    make_site({"a/b.md": article("B")})
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    result = stale("--format", "csv", "--output", "out/report.csv")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Wrote the csv report (1 article) to out/report.csv\n"
    assert (tmp_path / "out" / "report.csv").read_text().startswith("path,title,owner,")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["report.csv"]


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_every_format_renders(boundary_site: Path, fmt: str) -> None:
    """Each format prints something that names the articles."""
    result = stale("--config", str(boundary_site), "--as-of", "2026-11-25", "--format", fmt)
    assert result.exit_code == 0 and "t/due-yesterday.md" in result.stdout


def test_bad_folder_defaults_is_a_warning(make_site, tmp_path: Path, monkeypatch) -> None:
    """A broken _defaults.yml is reported on stderr; the report still runs."""
    make_site({"a/b.md": article("B"), "a/_defaults.yml": "owner: [x\n"})
    monkeypatch.chdir(tmp_path)
    result = stale("--format", "json")
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: a/_defaults.yml:")


# --- exit codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [("never", 0), ("overdue", 1), ("due-soon", 1), ("invalid", 1)],
)
def test_fail_on_exit_codes(boundary_site: Path, fail_on: str, code: int) -> None:
    """--fail-on exits 1 when its condition is met (the site has all four statuses)."""
    result = stale("--config", str(boundary_site), "--as-of", "2026-11-25", "--fail-on", fail_on)
    assert result.exit_code == code


def test_fail_on_not_met(make_site) -> None:
    """An all-ok site passes every gate."""
    config = make_site({"a/b.md": article("B", last_reviewed="2026-11-20")})
    for fail_on in ("overdue", "due-soon", "invalid"):
        result = stale("--config", str(config), "--as-of", "2026-11-25", "--fail-on", fail_on)
        assert result.exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["--status", "stale"],
        ["--format", "html"],
        ["--as-of", "2026-13-01"],
        ["--due-within", "-1"],
        ["--fail-on", "always"],
        ["no/such/folder"],
        ["--config", "missing.yml"],
    ],
)
def test_usage_errors_exit_2(make_site, tmp_path: Path, monkeypatch, args: list[str]) -> None:
    """Bad options, missing paths and a missing --config are usage errors."""
    make_site({"a/b.md": article("B")})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["stale", *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_invalid_config_exits_2(tmp_path: Path, monkeypatch) -> None:
    """An invalid site_config.yml is one clear line and exit 2 (not the gate's 1)."""
    write_config(tmp_path, "site_name: x\nreview:\n  every: 3\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["stale"])
    assert result.exit_code == 2
    assert "unknown key 'review.every'" in result.stderr


def test_no_config_and_no_paths_exits_2(tmp_path: Path, monkeypatch) -> None:
    """Without site_config.yml there is nothing to default to."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["stale"])
    assert result.exit_code == 2 and "config file not found" in result.stderr


def test_help_has_examples_and_exit_codes() -> None:
    """--help shows examples and documents the exit codes."""
    text = CliRunner().invoke(main, ["stale", "--help"]).output
    assert "Examples:" in text and "Exit codes:" in text and "--fail-on" in text


# --- progress on a terminal -------------------------------------------------------------


def test_progress_only_on_a_terminal(tmp_path: Path) -> None:
    """With stderr on a terminal a long run shows progress; the report itself is unchanged."""
    for number in range(2100):
        (tmp_path / f"a{number}.md").write_text(article(f"A {number}"))
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "kbgen", "stale", str(tmp_path), "--format", "json"]
    process = subprocess.run(command, stdout=subprocess.PIPE, stderr=follower, env=env, timeout=120)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.returncode == 0
    assert json.loads(process.stdout)["summary"]["total"] == 2100
    assert b"Reading frontmatter: 2,100/2,100 files" in shown


@pytest.mark.parametrize("command", ["check", "stale"])
def test_a_future_review_date_is_a_problem_in_check_and_stale(
    make_site, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """check and stale judge an article the same way: a review date in the future is invalid."""
    config = make_site({"t/typo.md": article("Typo", last_reviewed="2030-01-01")})
    monkeypatch.chdir(config.parent)
    args = (
        [command] if command == "check" else [command, "--format", "json", "--fail-on", "invalid"]
    )
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "review date 2030-01-01 is in the future" in result.stdout


def test_output_and_gate_are_explained(boundary_site: Path, tmp_path: Path) -> None:
    """--output says what it wrote; a tripped gate says why, on stderr."""
    out = tmp_path / "s.json"
    result = CliRunner().invoke(
        main,
        [
            "stale",
            "--config",
            str(boundary_site),
            "--as-of",
            "2026-11-25",
            "--format",
            "json",
            "--output",
            str(out),
            "--fail-on",
            "overdue",
        ],
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"Wrote the json report (8 articles) to {out}" in result.stderr
    assert "Gate failed, --fail-on overdue: 3 overdue" in result.stderr
    assert json.loads(out.read_text())["summary"]["overdue"] == 3


def test_stale_csv_of_hostile_titles_holds_no_formula(
    make_site, tmp_path: Path, monkeypatch
) -> None:
    """`kbgen stale --format csv` on real articles titled like formulas: every cell inert."""
    make_site(
        {
            "help/a.md": article("'=HYPERLINK(\"http://x\")'", owner='"@cmd"'),
            "help/b.md": article('"+SUM(1)"', owner='"-team"'),
        }
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["stale", "--format", "csv"])
    assert result.exit_code == 0, result.output
    cells = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert '\'=HYPERLINK("http://x")' in cells and "'@cmd" in cells
