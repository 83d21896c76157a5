"""``kbgen new``: safe slugs, no overwriting, a valid article with today's date."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.content.scaffold import slugify


def run(*args: str):
    """Invoke the CLI and return click's result."""
    return CliRunner().invoke(main, list(args))


def test_creates_article_with_today(make_site, tmp_path: Path, monkeypatch) -> None:
    """The new file has the title, owner and today's review date; check wants it written."""
    make_site({"billing/_defaults.yml": "owner: billing-team\n"})
    monkeypatch.chdir(tmp_path)
    result = run("new", "Refund a card payment", "--category", "billing")
    assert result.exit_code == 0, result.output
    path = tmp_path / "content/billing/refund-a-card-payment.md"
    text = path.read_text(encoding="utf-8")
    today = datetime.now(timezone.utc).date().isoformat()
    assert f"last_reviewed: {today}" in text
    assert "title: Refund a card payment" in text
    untouched = run("check")
    assert untouched.exit_code == 1
    assert "billing/refund-a-card-payment.md:3: description is empty" in untouched.stdout
    assert "still has the placeholder text from `kbgen new`" in untouched.stdout
    written = text.replace("description: ''", "description: Refunds to the card used.")
    written = written.split("\n# ")[0] + "\n# Refund a card payment\n\nOpen the payment.\n"
    path.write_text(written, encoding="utf-8")
    assert run("check").exit_code == 0


def test_refuses_to_overwrite(make_site, tmp_path: Path, monkeypatch) -> None:
    """An existing article is never overwritten."""
    make_site({"help/faq.md": "keep me"})
    monkeypatch.chdir(tmp_path)
    result = run("new", "FAQ", "--category", "help", "--owner", "x")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert (tmp_path / "content/help/faq.md").read_text() == "keep me"


def test_rejects_path_traversal(make_site, tmp_path: Path, monkeypatch) -> None:
    """Categories that would escape the content folder are refused."""
    make_site({})
    monkeypatch.chdir(tmp_path)
    for category in ("../outside", "/etc", "a/b", ".hidden"):
        result = run("new", "Title", "--category", category, "--owner", "x")
        assert result.exit_code == 1, category
    assert not (tmp_path / "outside").exists()


def test_requires_an_owner(make_site, tmp_path: Path, monkeypatch) -> None:
    """Without --owner or a folder default, nothing is written."""
    make_site({})
    monkeypatch.chdir(tmp_path)
    result = run("new", "Title", "--category", "help")
    assert result.exit_code == 1
    assert "pass --owner" in result.output


def test_slugify() -> None:
    """Slugs are lower-case ASCII words joined by hyphens, with no separators."""
    assert slugify("Reset your password!") == "reset-your-password"
    assert slugify("Café ../../etc/passwd") == "cafe-etc-passwd"
    assert slugify("***") == ""


def test_every_command_has_help_with_examples() -> None:
    """--help works for every command and shows examples."""
    for name, command in main.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output, name
        for sub in getattr(command, "commands", {}):
            assert "Example" in run(name, sub, "--help").output, f"{name} {sub}"


@pytest.mark.parametrize(
    "category",
    ["cat\n", "cat\r", "cat\t", "cat ", "Cat", "caf\u00e9", "-cat", "", "cat/..", "a\x00"],
)
def test_rejects_unsafe_category_names(make_site, tmp_path: Path, monkeypatch, category) -> None:
    """A category must be a safe slug: no newline, space, capital, separator or control byte."""
    make_site({})
    monkeypatch.chdir(tmp_path)
    result = run("new", "Title", "--category", category, "--owner", "x")
    assert result.exit_code == 1
    assert "must be a folder name" in result.output
    assert not (tmp_path / "content").exists() or list((tmp_path / "content").iterdir()) == []


@pytest.mark.parametrize("title", ["Index", "index", "README", "ReadMe!", "  index  "])
def test_refuses_titles_that_would_replace_the_category_page(
    make_site, tmp_path: Path, monkeypatch, title: str
) -> None:
    """A title that slugs to index or readme would become the category page: refused."""
    make_site({"help/ok.md": "keep"})
    monkeypatch.chdir(tmp_path)
    result = run("new", title, "--category", "help", "--owner", "x")
    assert result.exit_code == 1
    assert "the category's own page" in result.output
    assert sorted(path.name for path in (tmp_path / "content" / "help").iterdir()) == ["ok.md"]
