"""``kbgen linear pull|check``: refresh the public roadmap snapshot, or test the connection."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from kbgen.cli.options import config_option
from kbgen.config import SiteConfig, load_config
from kbgen.config.linear import LinearSettings
from kbgen.content.link_index import site_linked_identifiers
from kbgen.errors import KbgenError
from kbgen.linear.connection import check_linear, describe_check
from kbgen.linear.errors import KEY_VARIABLE
from kbgen.linear.key import check_api_key
from kbgen.linear.refresh import refresh_linear_data
from kbgen.linear.snapshot import describe_diff
from kbgen.roadmap.load import linear_settings, make_client
from kbgen.roadmap.promises import broken_promises, describe_promises

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
    site, settings, api_key = _prepare(config_file)
    root, path, progress = site.root, settings.snapshot_path(site.root), _progress()
    linked = site_linked_identifiers(site)
    try:
        with make_client(settings, api_key) as client:
            refreshed = refresh_linear_data(
                client, settings, root, linked, progress=progress, allow_empty=allow_empty
            )
    except KbgenError as error:
        raise click.ClickException(f"{error} (snapshot unchanged)") from None
    finally:
        if progress:
            click.echo(err=True)
    result = refreshed.pull
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for missing in refreshed.links.missing:
        click.echo(f"warning: linked item {missing} was not found in Linear", err=True)
    click.echo(
        f"Wrote {path}: {len(result.snapshot.items)} public items, {result.requests} request(s)"
    )
    click.echo(
        f"Wrote {settings.links_path(root)}: {len(refreshed.links.items)} linked item(s); "
        f"{refreshed.moves} roadmap move(s) added to {settings.history_path(root)}"
    )
    click.echo("\n".join(describe_diff(result.diff)))


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
    site, settings, api_key = _prepare(config_file)
    with make_client(settings, api_key) as client:
        report = check_linear(client, settings)
    promises = broken_promises(site, settings)
    click.echo("\n".join(describe_check(report, settings.api_url, time.time())))
    click.echo("\n".join(describe_promises(promises)))
    if not report.ok:
        raise click.exceptions.Exit(1)


def _prepare(config_file: Path) -> tuple[SiteConfig, LinearSettings, str]:
    """Settings, key and config folder; one-line errors for what is missing."""
    config = load_config(config_file)
    settings = linear_settings(config, os.environ)
    if settings is None:
        raise click.ClickException(f"{config_file}: no 'linear:' section; add one to use Linear")
    api_key = os.environ.get(KEY_VARIABLE, "").strip()
    if not api_key:
        raise click.ClickException(
            f"{KEY_VARIABLE} is not set: export a Linear personal API key "
            "(Linear: Settings > Security & access > Personal API keys)"
        )
    return config, settings, check_api_key(api_key)


def _progress() -> Callable[[str, int, int], None] | None:
    """Page-by-page progress on stderr, only when a person is watching a terminal."""
    if not sys.stderr.isatty():
        return None

    def report(what: str, pages: int, nodes: int) -> None:
        click.echo(f"\rFetching {what}: page {pages}, {nodes} items read ", nl=False, err=True)

    return report
