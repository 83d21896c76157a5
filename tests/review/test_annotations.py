"""GitHub annotations: workflow-command escaping, `check` and `stale` with `--format github`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kbgen.cli import main
from kbgen.content.annotations import annotation, escape_data, escape_property
from tests.conftest import FIXTURES, article

GOVUK_SOURCE = FIXTURES / "corpora" / "govuk-dev-manual" / "source"


def run(*args: str) -> Result:
    """Invoke the CLI in-process."""
    return CliRunner().invoke(main, list(args))


def test_message_escapes_percent_cr_and_lf() -> None:
    """The message escapes %, CR and LF (percent first, so nothing is escaped twice)."""
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_data("a: b, c") == "a: b, c"


def test_property_also_escapes_colon_and_comma() -> None:
    """Property values escape : and , as well."""
    assert escape_property("C:\\a,b%\n") == "C%3A\\a%2Cb%25%0A"


def test_annotation_line() -> None:
    """file, line and title become properties in that order; no properties, no space."""
    line = annotation("error", "bad: date", file="a,b.md", line=3, title="x:y")
    assert line == "::error file=a%2Cb.md,line=3,title=x%3Ay::bad: date"
    assert annotation("notice", "hi") == "::notice::hi"
    with pytest.raises(ValueError, match="unknown annotation level"):
        annotation("fatal", "x")


def test_check_format_github_prints_error_annotations(
    make_site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each problem is `::error file=<path from the workspace>,line=N::message`; exit 1."""
    make_site(
        {
            "help/ok.md": article("Fine"),
            "help/no-owner.md": "---\ntitle: No owner\nlast_reviewed: 2026-01-05\n---\n\nText.\n",
            "help/bad-date.md": "---\ntitle: Bad\nowner: team\nlast_reviewed: 2026-02-31\n---\n",
        }
    )
    monkeypatch.chdir(tmp_path)
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    lines = sorted(result.stdout.splitlines())
    assert len(lines) == 2
    assert lines[0].startswith("::error file=content/help/bad-date.md,line=4::")
    assert "2026-02-31" in lines[0]
    assert lines[1] == (
        "::error file=content/help/no-owner.md,line=1::missing owner "
        "(set owner or owner_slack or ms.author or author)"
    )


def test_check_format_text_is_unchanged(make_site, tmp_path: Path, monkeypatch) -> None:
    """Without --format the output stays `path:line: message`."""
    make_site({"help/no-owner.md": "---\ntitle: X\nlast_reviewed: 2026-01-05\n---\n"})
    monkeypatch.chdir(tmp_path)
    assert run("check").stdout.startswith("content/help/no-owner.md:1: missing owner")


def test_stale_format_github_warns_on_every_overdue_article(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without --changed-files: one ::warning per overdue article, nothing for the others."""
    monkeypatch.chdir(GOVUK_SOURCE.parent)
    result = run("stale", "source", "--format", "github", "--as-of", "2020-11-04")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    report = run(
        "stale", "source", "--format", "csv", "--as-of", "2020-11-04", "--status", "overdue"
    )
    overdue_paths = [row.split(",", 1)[0] for row in report.stdout.splitlines()[1:]]
    assert len(lines) == len(overdue_paths) == 9
    for line, path in zip(lines, overdue_paths, strict=True):
        assert line.startswith(f"::warning file=source/{path},title=Review overdue::")
    assert "Owner: #govuk-2ndline." in result.stdout


def test_stale_format_github_only_for_changed_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--changed-files (git diff --name-only output) limits warnings to the files it lists."""
    monkeypatch.chdir(GOVUK_SOURCE.parent)
    changed = tmp_path / "changed.txt"
    changed.write_text(
        "source/manual/cdn.html.md\n"  # reviewed recently: no warning
        "source/manual/change-in-hours-time-period-for-dst.html.md\n"  # overdue
        "source/manual/alerts/whitehall-scheduled-publishing.html.md.erb\n"  # due 2021: none
        "source/manual/github.html.md.erb\n\n"  # overdue, an ERB page
        "README.md\n",
        encoding="utf-8",
    )
    result = run(
        "stale", "source", "--format", "github", "--as-of", "2020-11-04",
        "--changed-files", str(changed),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    files = [line.split(",", 1)[0] for line in result.stdout.splitlines()]
    assert files == [
        "::warning file=source/manual/change-in-hours-time-period-for-dst.html.md",
        "::warning file=source/manual/github.html.md.erb",
    ]
    assert "review was due on 2020-10-15 (20 day(s) ago)" in result.stdout


def test_changed_files_needs_github_format(tmp_path: Path) -> None:
    """--changed-files with another format is a usage error (exit 2)."""
    changed = tmp_path / "changed.txt"
    changed.write_text("a.md\n", encoding="utf-8")
    result = run("stale", str(GOVUK_SOURCE), "--changed-files", str(changed))
    assert result.exit_code == 2
    assert "--changed-files needs --format github" in result.output
