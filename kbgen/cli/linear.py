"""``kbgen linear pull|check``: refresh the public roadmap snapshot, or test the connection."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kbgen.cli.options import config_option
from kbgen.config import load_config
from kbgen.display_text import display_lines, display_text
from kbgen.linear.command import run_check, run_pull
from kbgen.linear.pull import Progress

EXIT_CODES = """\b
Exit codes: 0 success; 1 Linear or the configuration failed, the pull outlasted
linear.pull_deadline_seconds, the snapshot is unreadable, or a pull would keep fewer than
half the items of the largest recent pull or remove most of the snapshot's without
--allow-empty (the snapshot is unchanged); 2 usage error."""


@click.group(
    "linear",
    epilog=f"""\b
Examples:
  LINEAR_API_KEY=lin_api_... kbgen linear check
  LINEAR_API_KEY=lin_api_... kbgen linear pull

{EXIT_CODES}""",
)
def command() -> None:
    """Pull the public roadmap and changelog from Linear (key in LINEAR_API_KEY)."""


@command.command(
    "pull",
    epilog=f"""\b
Examples:
  LINEAR_API_KEY=lin_api_... kbgen linear pull
  kbgen linear pull --config site_config.yml > roadmap-changes.txt
  kbgen linear pull --allow-empty   # accept a pull that empties the roadmap

{EXIT_CODES}""",
)
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Accept a pull that removes most or all public items, or every summary (refused "
    "otherwise); the record of recent pulls starts afresh.",
)
@config_option
def pull(allow_empty: bool, config_file: Path) -> None:
    """Fetch every public item and every linked item, rewrite the data files, print changes."""
    site = load_config(config_file)
    progress = _progress()
    try:
        output = run_pull(site, config_file, os.environ, progress, allow_empty)
    finally:
        if progress:
            click.echo(err=True)
    for warning in output.warnings:
        click.echo(display_text(f"warning: {warning}"), err=True)
    click.echo(display_lines("\n".join(output.lines)))


@command.command(
    "check",
    epilog=f"""\b
Examples:
  LINEAR_API_KEY=lin_api_... kbgen linear check
  KBGEN_LINEAR_API_URL=http://127.0.0.1:8080/graphql kbgen linear check

{EXIT_CODES}""",
)
@config_option
def check(config_file: Path) -> None:
    """Verify the key and the public label, show the budget, and list broken promises."""
    output = run_check(load_config(config_file), config_file, os.environ)
    click.echo(display_lines("\n".join(output.lines)))
    if not output.ok:
        raise click.exceptions.Exit(1)


def _progress() -> Progress | None:
    """Page-by-page progress on stderr, only when a person is watching a terminal."""
    if not sys.stderr.isatty():
        return None

    def report(what: str, pages: int, nodes: int) -> None:
        click.echo(f"\rFetching {what}: page {pages}, {nodes} items read ", nl=False, err=True)

    return report
