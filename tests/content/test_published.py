"""What is not checked is not published: ``_`` and ``.`` names stay out of the site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.content.published import is_unpublished, published_files
from kbgen.mkdocs.build import build_site
from tests.mkdocs.test_build_safety import copy_project
from tests.mkdocs.test_search_index import fragments

SECRET = "Quarterly-layoffs-plan"
DRAFT = f"---\ntitle: {SECRET}\nowner: hr\nlast_reviewed: 2026-01-01\n---\n\n{SECRET}.\n"
UNPUBLISHED = [
    "_drafts/secret.md",
    "_drafts/deep/more.md",
    "help/_secret.md",
    "help/_notes/secret.md",
    "_private/secret.txt",
    ".hidden/secret.md",
]


@pytest.mark.parametrize(
    ("name", "hidden"), [("_drafts", True), (".git", True), ("help", False), ("a_b.md", False)]
)
def test_names_starting_with_underscore_or_dot_are_unpublished(name: str, hidden: bool) -> None:
    """The rule is on the name of each file or folder on the path."""
    assert is_unpublished(name) is hidden


def test_published_files_skip_unpublished_names(tmp_path: Path) -> None:
    """Walking a folder skips ``_`` and ``.`` files and whole folders."""
    for rel_path in [*UNPUBLISHED, "help/a.md", "img/logo.png"]:
        (tmp_path / rel_path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel_path).write_text("x", encoding="utf-8")
    assert list(published_files(tmp_path)) == ["help/a.md", "img/logo.png"]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The tiny project plus drafts and private files in every unpublished place, built."""
    config = copy_project(tmp_path / "proj")
    for rel_path in UNPUBLISHED:
        path = config.parent / "content" / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DRAFT, encoding="utf-8")
    return build_site(config)


def test_drafts_are_absent_from_the_site(site: Path) -> None:
    """No page, copy or mention of an unpublished file is in the built site."""
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".md"):
            assert SECRET not in path.read_text(encoding="utf-8"), path
    assert not (site / "_drafts").exists() and not (site / "_private").exists()
    assert not list(site.rglob("*secret*"))


def test_drafts_are_absent_from_search_and_articles_json(site: Path) -> None:
    """The Pagefind bundle and api/articles.json hold only the two published articles."""
    records = fragments(site)
    assert records and not [record for record in records if SECRET in json.dumps(record)]
    articles = json.loads((site / "api/articles.json").read_text(encoding="utf-8"))
    paths = sorted(item["path"] for item in articles["articles"])
    assert paths == ["help/export-invoices.md", "help/reset-password.md"]


def test_check_skips_exactly_what_the_build_skips(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check`` reads the two articles and none of the drafts (which are broken here)."""
    config = copy_project(tmp_path / "proj")
    for rel_path in UNPUBLISHED:
        path = config.parent / "content" / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    monkeypatch.chdir(config.parent)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "2 file(s) OK" in result.output
