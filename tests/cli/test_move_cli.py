"""``kbgen move`` refuses what it cannot do safely, changing nothing, in one line; outside
git it is a plain move that still redirects and rewrites links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from tests.conftest import article

FILES = {
    "billing/refunds.md": article("Refunds", body="See [plans](plans.md).\n"),
    "billing/plans.md": article("Plans", body="[Refunds](refunds.md) `[code](refunds.md)`\n"),
    "billing/broken.md": "---\ntitle: [unclosed\n---\nText.\n",
    "billing/logo.png": "not really a picture\n",
}


def move(project: Path, *arguments: str) -> tuple[int, str]:
    """Run ``kbgen move`` in the project; exit code and everything printed."""
    cwd = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, ["move", *arguments], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    return result.exit_code, result.output


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file below the project, by relative path."""
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small site, not in git."""
    (tmp_path / "site_config.yml").write_text("site_name: Help\n")
    for name, text in FILES.items():
        (tmp_path / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "content" / name).write_text(text)
    (tmp_path / "outside.md").write_text(article("Outside"))
    return tmp_path


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("content/billing/refunds.md", "content/billing/plans.md", "already exists"),
        ("content/billing/refunds.md", "elsewhere/refunds.md", "inside the content folder"),
        ("outside.md", "content/billing/outside.md", "inside the content folder"),
        ("content/billing/logo.png", "content/billing/logo2.png", "a page is a .md file"),
        ("content/billing/refunds.md", "content/_drafts/refunds.md", "never published"),
        ("content/billing/refunds.md", "content/billing/refunds.txt", "a page is a .md file"),
        ("content/billing/broken.md", "content/billing/fixed.md", "cannot add redirect_from"),
    ],
)
def test_a_refused_move_changes_nothing(project: Path, old: str, new: str, words: str) -> None:
    """Exit 1, one line naming the reason, every file as it was."""
    before = snapshot(project)
    code, output = move(project, old, new)
    assert code == 1
    assert words in output and "Traceback" not in output
    assert snapshot(project) == before


def test_outside_git_a_plain_move_still_redirects(project: Path) -> None:
    """No git: a plain rename, redirect_from added, links rewritten (not inside code)."""
    code, output = move(project, "content/billing/refunds.md", "content/payments/refunds.md")
    assert code == 0, output
    assert output.startswith("moved: content/billing/refunds.md -> content/payments/refunds.md")
    moved = (project / "content/payments/refunds.md").read_text()
    assert "redirect_from:\n  - /billing/refunds/\n---" in moved
    assert "[plans](../billing/plans.md)" in moved
    plans = (project / "content/billing/plans.md").read_text()
    assert "[Refunds](../payments/refunds.md) `[code](refunds.md)`" in plans
    assert not (project / "content/billing/refunds.md").exists()
