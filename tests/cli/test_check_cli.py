"""``kbgen check`` on real broken files: every problem, file:line, no traceback."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
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


GOOD_HEAD = b"---\ntitle: T\nowner: a\nlast_reviewed: 2026-01-01\n"
# variant -> (file bytes, expected line, expected message part)
INVALID = {
    "latin-1": (GOOD_HEAD + b"---\n\nCaf\xe9 au lait.\n", 7, "file is not UTF-8 (byte 0xe9"),
    "latin-1-frontmatter": (
        b"---\ntitle: Caf\xe9\nowner: a\nlast_reviewed: 2026-01-01\n---\n",
        2,
        "file is not UTF-8",
    ),
    "utf-16": ("---\ntitle: T\n---\n".encode("utf-16"), 1, "it is UTF-16"),
    "99999-years": (GOOD_HEAD + b"review_every: 99999 years\n---\n", 5, "after 9999-12-31"),
    "huge-days": (GOOD_HEAD + b"review_every: 9999999999999 days\n---\n", 5, "after 9999-12-31"),
    "year-9999": (
        b"---\ntitle: T\nowner: a\nlast_reviewed: 9999-12-31\n---\n",
        4,
        "after 9999-12-31",
    ),
    "list-key": (GOOD_HEAD + b"[a]: 1\n---\n", 5, "a key must be a plain value"),
    "mapping-key": (GOOD_HEAD + b"{a: 1}: 1\n---\n", 5, "a key must be a plain value"),
    "number-key": (GOOD_HEAD + b"1: x\n---\n", 5, "key 1 must be text"),
    "nested-key": (GOOD_HEAD + b"extra:\n  [b]: 1\n---\n", 6, "a key must be a plain value"),
    "nested-tags": (GOOD_HEAD + b"tags: [[a]]\n---\n", 5, "tags must be text, got ['a']"),
    "mapping-tags": (GOOD_HEAD + b"tags: {a: 1}\n---\n", 5, "tags must be text"),
}


# stale reads only the frontmatter (it never renders), so a bad body does not concern it.
BODY_ONLY = {"latin-1"}


@pytest.fixture
def invalid_site(make_site, tmp_path: Path, monkeypatch, request) -> tuple[str, int, str, str]:
    """A site with one good and one invalid article: expected path, line, message, variant."""
    raw, line, message = INVALID[request.param]
    make_site({"help/ok.md": article("Fine")})
    (tmp_path / "content" / "help" / "bad.md").write_bytes(raw)
    monkeypatch.chdir(tmp_path)
    return "help/bad.md", line, message, request.param


@pytest.mark.parametrize("invalid_site", INVALID, indirect=True)
def test_check_and_strict_build_agree(invalid_site, tmp_path: Path) -> None:
    """check and build --strict both fail with the same `path:line: message`, no traceback."""
    path, line, message, _ = invalid_site
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    reported = [text for text in result.stdout.splitlines() if message in text]
    assert reported and reported[0].startswith(f"content/{path}:{line}: ")
    build = CliRunner().invoke(main, ["build", "--strict"])
    assert build.exit_code == 1
    assert f"{path}:{line}: " in build.output and message in build.output
    assert build.exception is None or isinstance(build.exception, SystemExit)


@pytest.mark.parametrize("invalid_site", INVALID, indirect=True)
def test_plain_build_and_stale_do_not_crash(invalid_site, tmp_path: Path) -> None:
    """A plain build warns and builds the rest; stale judges the article invalid."""
    path, line, message, variant = invalid_site
    build = CliRunner().invoke(main, ["build"])
    assert build.exit_code == 0, build.output
    assert f"WARNING  {path}:{line}: " in build.output
    assert (tmp_path / "site" / "help" / "ok" / "index.html").is_file()
    stale = CliRunner().invoke(main, ["stale", "--format", "csv", "--as-of", "2026-06-01"])
    assert stale.exit_code == 0, stale.output
    row = next(text for text in stale.stdout.splitlines() if text.startswith(path))
    if variant not in BODY_ONLY:
        assert ",invalid," in row and message.split(" (")[0] in row


def test_a_bad_home_or_category_page_is_left_out(make_site, tmp_path, monkeypatch) -> None:
    """Pages check does not treat as articles are read by the same reader in the build."""
    make_site({"help/ok.md": article("Fine")})
    (tmp_path / "content" / "help" / "index.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    monkeypatch.chdir(tmp_path)
    build = CliRunner().invoke(main, ["build"])
    assert build.exit_code == 0, build.output
    assert "WARNING  help/index.md:2: file is not UTF-8" in build.output
    assert "Caf" not in (tmp_path / "site" / "help" / "index.html").read_text(encoding="utf-8")


def test_search_terms_and_lang_are_validated(make_site, tmp_path: Path, monkeypatch) -> None:
    """search_terms must be a list of text and lang a language code, reported as path:line."""
    make_site(
        {
            "help/a.md": article("A", extra="search_terms: money back"),
            "help/b.md": article("B", extra="search_terms: [refund, 42]"),
            "help/c.md": article("C", extra="lang: not a language"),
            "help/ok.md": article("OK", extra="search_terms: [money back]\nlang: pt-BR"),
        }
    )
    monkeypatch.chdir(tmp_path)
    code, lines = run("check")
    assert code == 1
    assert lines == [
        "content/help/a.md:5: search_terms must be a list of text such as "
        "[money back, chargeback], got 'money back'",
        "content/help/b.md:5: search_terms must be a list of text such as "
        "[money back, chargeback], got ['refund', 42]",
        "content/help/c.md:5: lang must be a language code such as de or pt-BR, "
        "got 'not a language'",
    ]
