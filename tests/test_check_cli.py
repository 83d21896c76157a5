"""``kbgen check`` on real broken files: every problem, file:line, no traceback."""

from __future__ import annotations

import os
import re
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main
from tests.conftest import BAD_FRONTMATTER, article, bad_frontmatter_manifest

LINE = re.compile(r"^(?P<path>.+\.md):(?P<line>\d+): (?P<message>.+)$")


def run(*args: str) -> tuple[int, list[str]]:
    """Run the CLI; return the exit code and stdout lines."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout.splitlines()


def test_every_broken_file_is_reported_with_a_line() -> None:
    """All 76 historical broken files get at least one path:line: message, exit code 1."""
    code, lines = run("check", str(BAD_FRONTMATTER))
    expected = bad_frontmatter_manifest()
    assert len(expected) == 76
    reported: dict[str, list[str]] = {}
    for line in lines:
        match = LINE.match(line)
        assert match, f"not a path:line: message line: {line!r}"
        relative = Path(match["path"]).resolve().relative_to(BAD_FRONTMATTER.resolve()).as_posix()
        reported.setdefault(relative, []).append(match["message"])
    assert code == 1
    assert reported.pop("SOURCE.md") == ["no frontmatter (the file must start with a '---' line)"]
    assert set(reported) == set(expected)


def test_messages_match_the_kind_of_problem() -> None:
    """The message says what the manifest says is wrong with each file."""
    _, lines = run("check", str(BAD_FRONTMATTER))
    words = {
        "YAML syntax error": "invalid YAML",
        "no closing `---`": "no closing '---'",
        "duplicate key(s)": "duplicate key",
        "not UTF-8": "not UTF-8",
        "PyYAML raises ValueError": "impossible date",
    }
    text = "\n".join(lines)
    for path, problem in bad_frontmatter_manifest().items():
        assert f"{path}:" in text
        own = [line for line in lines if f"/{path}:" in line]
        assert any(words[problem] in line for line in own), (path, own)


def test_impossible_date_line_number() -> None:
    """2018-04-31 is reported on the file line that holds it."""
    path = "govuk-developer-docs/a456ee929d61/source/manual/add-a-new-document-type.html.md"
    file_lines = (BAD_FRONTMATTER / path).read_text(encoding="utf-8").splitlines()
    expected_line = next(n for n, text in enumerate(file_lines, 1) if "2018-04-31" in text)
    _, lines = run("check", str(BAD_FRONTMATTER / path))
    shown = os.path.relpath(BAD_FRONTMATTER / path)
    assert lines == [
        f"{shown}:{expected_line}: invalid YAML in frontmatter: "
        "impossible date '2018-04-31' (day is out of range for month)"
    ]


def test_all_problems_of_a_site_at_once(make_site, tmp_path: Path, monkeypatch) -> None:
    """Missing owner, missing date, future date and bad interval are all listed together."""
    make_site(
        {
            "help/a.md": article("A", owner=None),
            "help/b.md": article("B", last_reviewed=None),
            "help/c.md": article("C", last_reviewed="2999-01-01"),
            "help/d.md": article("D", extra="review_every: fortnightly"),
            "help/ok.md": article("OK", last_reviewed="2026-01-01"),
        }
    )
    monkeypatch.chdir(tmp_path)
    code, lines = run("check")
    assert code == 1
    assert lines == [
        "content/help/a.md:1: missing owner (set owner or owner_slack or ms.author or author)",
        "content/help/b.md:1: missing review date "
        "(set last_reviewed or last_reviewed_on or ms.date)",
        "content/help/c.md:4: review date 2999-01-01 is in the future",
        "content/help/d.md:5: unknown review interval 'fortnightly' "
        "(use e.g. '90 days', '6 weeks', '3 months', '1 year', '6m', 'quarterly')",
    ]


def test_clean_site_exits_zero_even_when_overdue(make_site, tmp_path: Path, monkeypatch) -> None:
    """An overdue review is not a check failure."""
    make_site({"help/a.md": article("A", last_reviewed="2019-01-01")})
    monkeypatch.chdir(tmp_path)
    assert run("check") == (0, [])


def test_bad_config_is_one_line_error(tmp_path: Path, monkeypatch) -> None:
    """A config error exits 1 with a message naming the key, no traceback."""
    (tmp_path / "site_config.yml").write_text("site_name: x\nreview:\n  every: 3\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "unknown key 'review.every'" in result.output
    assert "Traceback" not in result.output
