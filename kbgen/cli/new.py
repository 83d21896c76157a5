"""``kbgen new``: scaffold an article with today's review date."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click

from kbgen.cli.options import config_option
from kbgen.config import load_config
from kbgen.content.scaffold import new_article
from kbgen.display_text import display_lines


@click.command(
    "new",
    epilog="""\b
Examples:
  kbgen new "Reset your password" --category account-and-billing
  kbgen new "Connect Xero" --category integrations --owner @maria-chen

\b
Exit codes: 0 created; 1 refused (unsafe category, file exists, no owner).""",
)
@click.argument("title")
@click.option("--category", "-c", required=True, help="Category folder under the content folder.")
@click.option("--owner", "-o", help="Person or team (default: from the folder's _defaults.yml).")
@config_option
def command(title: str, category: str, owner: str | None, config_file: Path) -> None:
    """Create content/CATEGORY/<slug>.md from TITLE, ready to write."""
    site = load_config(config_file)
    today = datetime.now(timezone.utc).date()
    click.echo(display_lines(str(new_article(site.docs_dir, title, category, owner, today))))
