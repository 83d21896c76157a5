"""``kbgen move``: move an article without breaking its URL."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kbgen.cli.check import display_path
from kbgen.cli.options import config_option
from kbgen.config import load_config
from kbgen.content.move import MoveReport, move_article
from kbgen.display_text import display_lines


@click.command(
    "move",
    epilog="""\b
Examples:
  kbgen move content/billing/refunds.md content/payments/refunds.md
  kbgen move content/billing/refunds.md content/payments/   # into a folder, same name
  kbgen move content/faq.md content/help/questions.md --config site_config.yml

\b
The file is moved with `git mv` when it is tracked by git (a plain move otherwise);
its old URL is added to `redirect_from:` in its frontmatter, so the next build leaves a
redirect page there; links to it in other pages, and relative links in it, are rewritten.
Then commit, and `kbgen check` and `kbgen build` as usual.

\b
Exit codes: 0 moved; 1 refused (nothing was changed); 2 usage error.""",
)
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new")
@config_option
def command(old: Path, new: str, config_file: Path) -> None:
    """Move the article OLD to NEW (a file or a folder) and redirect its old URL."""
    site = load_config(config_file)
    moved = move_article(site, old, Path(new), into=new.endswith(("/", os.sep)))
    click.echo(display_lines(move_report(moved, site.docs_dir)))


def move_report(report: MoveReport, root: Path) -> str:
    """What was done, one line each: the move, the redirect, the rewritten links."""

    def shown(path: str) -> str:
        return display_path(str(root / path))

    how = "git mv" if report.with_git else "moved"
    lines = [f"{how}: {shown(report.old)} -> {shown(report.new)}"]
    if report.redirect_added:
        lines.append(
            f"redirect: {report.old_url} -> {report.new_url} "
            f"(redirect_from added to {shown(report.new)})"
        )
    for path, count in report.rewritten:
        lines.append(f"links rewritten: {shown(path)} ({count})")
    if not report.rewritten:
        lines.append("links rewritten: none (no page linked to it)")
    return "\n".join(lines)
