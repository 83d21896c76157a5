"""``kbgen review``: one line edited in place, every other byte kept, broken files refused."""

from __future__ import annotations

import os
import re
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.config import FieldNames, ReviewPolicy
from kbgen.content.review_edit import MarkReviewedError, mark_file_reviewed, mark_reviewed
from tests.conftest import BAD_FRONTMATTER, FIXTURES

DAY = date(2026, 11, 25)
POLICY = ReviewPolicy()
MSDOCS_POLICY = ReviewPolicy(
    fields=FieldNames(owner=("ms.author",), last_reviewed=("ms.date",)), date_formats=("%m/%d/%Y",)
)


def changed_lines(old: bytes, new: bytes) -> list[tuple[bytes, bytes]]:
    """Pairs of (old line, new line) that differ; the files must have as many lines."""
    old_lines, new_lines = old.split(b"\n"), new.split(b"\n")
    assert len(old_lines) == len(new_lines)
    return [(a, b) for a, b in zip(old_lines, new_lines) if a != b]


def copy_fixture(tmp_path: Path, path: Path) -> Path:
    """A copy of a fixture file to edit."""
    target = tmp_path / path.name
    shutil.copyfile(path, target)
    return target


@pytest.mark.parametrize(
    "path",
    sorted((FIXTURES / "corpora" / "govuk-dev-manual").rglob("*.html.md")),
    ids=lambda p: p.name,
)
def test_govuk_pages_change_one_line(tmp_path: Path, path: Path) -> None:
    """Each GOV.UK page: only last_reviewed_on changes, to the new ISO date."""
    target = copy_fixture(tmp_path, path)
    mark_file_reviewed(target, DAY, POLICY)
    [(old, new)] = changed_lines(path.read_bytes(), target.read_bytes())
    assert re.fullmatch(rb"last_reviewed_on: \d{4}-\d\d-\d\d", old)
    assert new == b"last_reviewed_on: 2026-11-25"


MSDOCS_PAGES = sorted(
    path
    for path in (FIXTURES / "corpora" / "msdocs-sharepoint").rglob("*.md")
    if path.read_bytes().startswith(b"---\n") and re.search(rb"\nms\.date:", path.read_bytes())
)


@pytest.mark.parametrize("path", MSDOCS_PAGES, ids=lambda p: p.name)
def test_msdocs_pages_keep_us_dates_and_spacing(tmp_path: Path, path: Path) -> None:
    """Each Microsoft Learn page: only the date changes, written MM/DD/YYYY, spacing kept."""
    target = copy_fixture(tmp_path, path)
    mark_file_reviewed(target, DAY, MSDOCS_POLICY)
    [(old, new)] = changed_lines(path.read_bytes(), target.read_bytes())
    assert new == re.sub(rb"\d{1,2}/\d{1,2}/\d{4}", b"11/25/2026", old)
    assert new != old


def test_missing_key_is_added_before_the_closing_line(tmp_path: Path) -> None:
    """No date key: one line with the first configured name goes just above '---'."""
    source = FIXTURES / "corpora" / "msdocs-sharepoint" / "migration" / "mm-eudb.md"
    target = copy_fixture(tmp_path, source)
    changes = mark_file_reviewed(target, DAY, MSDOCS_POLICY)
    old, new = source.read_bytes(), target.read_bytes()
    closing = old.index(b"\n---\n", 3) + 1
    assert new == old[:closing] + b"ms.date: 11/25/2026\n" + old[closing:]
    assert [(c.key, c.added) for c in changes] == [("ms.date", True)]


def test_crlf_bom_comments_and_quotes_survive() -> None:
    """CRLF endings, a BOM, comments and single quotes stay exactly as they were."""
    raw = (
        b"\xef\xbb\xbf---\r\n# reviewed by the docs team\r\ntitle: 'Reset'  # title\r\n"
        b"last_reviewed: '2026-01-05'   # keep me\r\nowner: ops\r\n---\r\nBody\r\n"
    )
    new, _ = mark_reviewed(raw, DAY, POLICY)
    assert new == raw.replace(b"'2026-01-05'", b"'2026-11-25'")


def test_double_quotes_and_added_crlf_line() -> None:
    """A double-quoted value stays double-quoted; an added line uses the file's CRLF."""
    raw = b'---\r\ntitle: x\r\nowner: "ops"\r\n---\r\n'
    new, _ = mark_reviewed(raw, DAY, POLICY, owner="@maria-chen")
    assert new == b'---\r\ntitle: x\r\nowner: "@maria-chen"\r\nlast_reviewed: 2026-11-25\r\n---\r\n'


def test_owner_is_quoted_when_yaml_needs_it() -> None:
    """A plain owner stays plain unless YAML would misread it ('#' starts a comment)."""
    raw = b"---\nowner: ops\nlast_reviewed: 2026-01-05\n---\n"
    plain, _ = mark_reviewed(raw, DAY, POLICY, owner="identity-team")
    hashed, _ = mark_reviewed(raw, DAY, POLICY, owner="#identity")
    assert b"\nowner: identity-team\n" in plain
    assert b'\nowner: "#identity"\n' in hashed


def test_empty_value_is_filled_in_place() -> None:
    """``last_reviewed:`` with no value gets the date on the same line, comment kept."""
    raw = b"---\nlast_reviewed:   # todo\nowner: ops\n---\n"
    new, _ = mark_reviewed(raw, DAY, POLICY)
    assert new == b"---\nlast_reviewed: 2026-11-25   # todo\nowner: ops\n---\n"


def test_the_key_kbgen_reads_is_the_one_edited() -> None:
    """With two configured keys present, the first one with a value is updated."""
    raw = b"---\nlast_reviewed_on: 2020-01-01\nms.date: 01/01/2020\n---\n"
    new, changes = mark_reviewed(raw, DAY, POLICY)
    assert new == b"---\nlast_reviewed_on: 2026-11-25\nms.date: 01/01/2020\n---\n"
    assert changes[0].key == "last_reviewed_on"


def test_already_reviewed_changes_nothing(tmp_path: Path) -> None:
    """A second run the same day leaves the file (and its mtime) alone."""
    target = tmp_path / "a.md"
    target.write_bytes(b"---\nowner: ops\nlast_reviewed: 2026-11-25\n---\n")
    os.utime(target, (1_000_000_000, 1_000_000_000))
    assert mark_file_reviewed(target, DAY, POLICY) == []
    assert target.stat().st_mtime == 1_000_000_000


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"---\ntitle: x\n", "no closing '---'"),
        (b"---\nlast_reviewed: |\n  2026-01-01\n---\n", "spans several lines"),
        (b"---\nlast_reviewed: [2026-01-01]\n---\n", "not a single value"),
        (b"---\n{title: x}\n---\n", "flow"),
        (b"---\ntitle: x\ntitle: y\n---\n", "duplicate key"),
    ],
)
def test_refusals(raw: bytes, message: str) -> None:
    """What cannot be edited safely is refused with a reason."""
    with pytest.raises(MarkReviewedError, match=re.escape(message)):
        mark_reviewed(raw, DAY, POLICY)


BROKEN = sorted(path for path in BAD_FRONTMATTER.rglob("*.md") if path.name != "SOURCE.md")


def test_every_broken_file_is_refused_unchanged(tmp_path: Path) -> None:
    """All 76 historical broken files are refused, byte for byte untouched."""
    assert len(BROKEN) == 76
    for number, source in enumerate(BROKEN):
        target = tmp_path / f"{number}.md"
        shutil.copyfile(source, target)
        with pytest.raises(MarkReviewedError):
            mark_file_reviewed(target, DAY, POLICY, owner="ops")
        assert target.read_bytes() == source.read_bytes(), source
    assert len(list(tmp_path.iterdir())) == 76


def test_permissions_kept_and_no_temporary_file_left(tmp_path: Path) -> None:
    """The atomic write keeps the file's mode and cleans up after itself."""
    target = tmp_path / "a.md"
    target.write_bytes(b"---\nowner: ops\nlast_reviewed: 2020-01-01\n---\n")
    target.chmod(0o640)
    mark_file_reviewed(target, DAY, POLICY)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [path.name for path in tmp_path.iterdir()] == ["a.md"]


def test_review_command(tmp_path: Path, monkeypatch) -> None:
    """The CLI updates good files, refuses a broken one with file:line and exits 1."""
    monkeypatch.chdir(tmp_path)
    Path("good.md").write_bytes(
        b"---\ntitle: Good\nowner: ops\nlast_reviewed: 2020-01-01\n---\nText\n"
    )
    Path("bad.md").write_bytes(b"---\ntitle: [oops\n---\n")
    result = CliRunner().invoke(
        main, ["review", "good.md", "bad.md", "--date", "2026-11-20", "--owner", "docs-team"]
    )
    assert result.exit_code == 1
    assert result.stdout == "good.md: last_reviewed: 2026-11-20, owner: docs-team\n"
    assert result.stderr.startswith("bad.md:3: invalid YAML in frontmatter")
    assert "(file left unchanged)" in result.stderr
    assert Path("good.md").read_bytes() == (
        b"---\ntitle: Good\nowner: docs-team\nlast_reviewed: 2026-11-20\n---\nText\n"
    )
    assert Path("bad.md").read_bytes() == b"---\ntitle: [oops\n---\n"


def test_review_then_stale_is_ok(make_site, tmp_path: Path, monkeypatch) -> None:
    """A reviewed overdue article is ok in the next report; the config's field name is used."""
    make_site(
        {"a/b.md": "---\ntitle: B\nmaintainer: ops\n---\nText\n"},
        config="site_name: x\nreview:\n  fields:\n    owner: maintainer\n"
        "    last_reviewed: checked\n",
    )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["review", "content/a/b.md", "--date", "2026-11-20"]).exit_code == 0
    assert (
        Path("content/a/b.md").read_text()
        == "---\ntitle: B\nmaintainer: ops\nchecked: 2026-11-20\n---\nText\n"
    )
    report = runner.invoke(main, ["stale", "--as-of", "2026-11-25", "--format", "csv"]).stdout
    assert ",ok,0," in report


def test_review_help() -> None:
    """--help has examples and exit codes."""
    text = CliRunner().invoke(main, ["review", "--help"]).output
    assert "Examples:" in text and "Exit codes:" in text


# variant -> (frontmatter lines, expected frontmatter after review on DAY with owner "docs")
TAGGED_OR_ALIASED = {
    "timestamp-tag": (
        "owner: ops\nlast_reviewed: !!timestamp 2020-01-01\n",
        "owner: docs\nlast_reviewed: !!timestamp 2026-11-25\n",
    ),
    "str-tag-quoted": (
        'owner: ops\nlast_reviewed: !!str "2020-01-01"\n',
        'owner: docs\nlast_reviewed: !!str "2026-11-25"\n',
    ),
    "anchor-kept": (
        "owner: ops\nlast_reviewed: &d 2020-01-01\n",
        "owner: docs\nlast_reviewed: &d 2026-11-25\n",
    ),
    "date-through-alias": (
        "created: &d 2020-01-01\nowner: ops\nlast_reviewed: *d\n",
        "created: &d 2020-01-01\nowner: docs\nlast_reviewed: 2026-11-25\n",
    ),
    "owner-through-alias": (
        "team: &t ops\nowner: *t\nlast_reviewed: 2020-01-01\n",
        "team: &t ops\nowner: docs\nlast_reviewed: 2026-11-25\n",
    ),
}


@pytest.mark.parametrize("variant", TAGGED_OR_ALIASED)
def test_tags_anchors_and_aliases_with_owner(tmp_path: Path, monkeypatch, variant: str) -> None:
    """`kbgen review --owner` edits only the value: tags and anchors stay, aliases are replaced."""
    before, after = TAGGED_OR_ALIASED[variant]
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text(f"---\ntitle: A\n{before}---\nBody\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["review", "a.md", "--date", "2026-11-25", "--owner", "docs"])
    assert result.exit_code == 0, result.output
    assert Path("a.md").read_text(encoding="utf-8") == f"---\ntitle: A\n{after}---\nBody\n"
    assert CliRunner().invoke(main, ["check", "a.md"]).exit_code == 0


def test_a_value_other_keys_alias_is_refused(tmp_path: Path, monkeypatch) -> None:
    """Changing an anchored date would silently change the keys aliasing it: refused."""
    monkeypatch.chdir(tmp_path)
    raw = b"---\nowner: ops\nlast_reviewed: &d 2020-01-01\npublished: *d\n---\n"
    Path("a.md").write_bytes(raw)
    result = CliRunner().invoke(main, ["review", "a.md", "--owner", "docs"])
    assert result.exit_code == 1
    assert result.stderr.startswith("a.md:3: 'last_reviewed' is also used elsewhere")
    assert Path("a.md").read_bytes() == raw


@pytest.mark.parametrize(
    ("key_line", "message"),
    [
        (b"[a]: 1\n", "a key must be a plain value"),
        (b"{a: 1}: 1\n", "a key must be a plain value"),
        (b"1: x\n", "key 1 must be text"),
    ],
    ids=["list-key", "mapping-key", "number-key"],
)
def test_non_text_keys_are_refused_with_a_line(tmp_path: Path, monkeypatch, key_line, message):
    """A key that is not text is refused like check reports it: path:line, unchanged."""
    monkeypatch.chdir(tmp_path)
    raw = b"---\nowner: ops\nlast_reviewed: 2020-01-01\n" + key_line + b"---\n"
    Path("a.md").write_bytes(raw)
    result = CliRunner().invoke(main, ["review", "a.md", "--owner", "docs"])
    assert result.exit_code == 1
    assert result.stderr.startswith("a.md:4: ") and message in result.stderr
    assert Path("a.md").read_bytes() == raw


@pytest.mark.parametrize("target", ["/etc/passwd", "real.md"], ids=["outside", "inside"])
def test_review_never_edits_through_a_symlink(tmp_path: Path, monkeypatch, target: str) -> None:
    """A link is refused (the edit would replace it by a copy of what it points to)."""
    monkeypatch.chdir(tmp_path)
    Path("real.md").write_bytes(b"---\nowner: ops\nlast_reviewed: 2020-01-01\n---\n")
    os.symlink(target, "link.md")
    result = CliRunner().invoke(main, ["review", "link.md"])
    assert result.exit_code == 1
    assert result.stderr.startswith("link.md:1: is a symlink")
    assert Path("link.md").is_symlink() and os.readlink("link.md") == target
    assert Path("real.md").read_bytes() == b"---\nowner: ops\nlast_reviewed: 2020-01-01\n---\n"
