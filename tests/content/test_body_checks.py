"""What `kbgen check` finds in article bodies: broken links between articles, with the line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.content.body_checks import body_problems
from tests.conftest import article

KNOWN = frozenset({"billing/refunds.md", "billing/index.md", "img/logo.png", "faq/a b.md"})


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("See [refunds](refunds.md).", None),
        ("See [refunds](refunds.md#by-card).", None),
        ("See [refunds](./refunds.md 'Refunds').", None),
        ("![logo](../img/logo.png)", None),
        ("[space](../faq/a%20b.md)", None),
        ("[category](../billing/)", None),
        ("[web](https://example.com/x.md)", None),
        ("[mail](mailto:help@example.com)", None),
        ("[anchor](#steps)", None),
        ("See [gone](refundz.md).", "link to refundz.md: no such file in the content folder"),
        ("![missing](missing.png)", "link to missing.png: no such file in the content folder"),
        ("[up](../../outside.md)", "link to ../../outside.md points outside the content folder"),
        ("[ref]: gone.md", "link to gone.md: no such file in the content folder"),
        ("Code `[x](gone.md)` is not a link.", None),
    ],
)
def test_links_are_checked_against_the_content_folder(line: str, message: str | None) -> None:
    """Relative links must name a file in the content folder; others are left alone."""
    text = f"---\ntitle: T\n---\n\n{line}\n"
    problems = body_problems("billing/t.md", text, KNOWN)
    assert [(p.line, p.message) for p in problems] == ([(5, message)] if message else [])


def test_links_in_fenced_code_are_not_links() -> None:
    """A link written inside a fence is an example, not a link."""
    text = "---\ntitle: T\n---\n```md\n[gone](gone.md)\n```\n~~~\n[x](y.md)\n~~~\n"
    assert body_problems("t.md", text, KNOWN) == []


def test_check_reports_a_broken_link_like_build_strict(make_site, monkeypatch) -> None:
    """`kbgen check` fails on a link to an article that does not exist, naming the line."""
    body = "Read [the other one](other.md) and [this](there.md).\n"
    config = make_site({"help/a.md": article("A", body=body), "help/there.md": article("There")})
    monkeypatch.chdir(config.parent)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "content/help/a.md:9: link to other.md: no such file" in result.stdout
    assert "there.md" not in result.stdout


def test_a_link_to_an_unpublished_file_is_broken(make_site, monkeypatch) -> None:
    """`_drafts/` and `_partial.md` are not published, so a link to one breaks on the site."""
    body = "See [the draft](../_drafts/new.md), [a partial](_snippet.md) and [ok](there.md).\n"
    config = make_site(
        {
            "help/a.md": article("A", body=body),
            "help/there.md": article("There"),
            "help/_snippet.md": "Shared text.\n",
            "_drafts/new.md": article("New"),
        }
    )
    monkeypatch.chdir(config.parent)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    unpublished = "the build does not publish names starting with '.' or '_'"
    assert f"content/help/a.md:9: link to ../_drafts/new.md: {unpublished}" in result.stdout
    assert f"content/help/a.md:9: link to _snippet.md: {unpublished}" in result.stdout
    assert "there.md" not in result.stdout
