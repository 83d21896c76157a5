"""``kbgen review``: record that articles were reviewed, editing one line of each."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import click

from kbgen.cli.check import display_path
from kbgen.cli.options import config_option, config_was_given, load_optional_config
from kbgen.config import SiteConfig
from kbgen.content.review_edit import MarkReviewedError, mark_file_reviewed
from kbgen.content.selection import policy_of, selection_of
from kbgen.display_text import display_text


@click.command(
    "review",
    epilog="""\b
Examples:
  kbgen review content/account/reset-password.md
  kbgen review content/billing/*.md --date 2026-11-20
  kbgen review content/billing              # every article in the folder
  kbgen review docs/setup.md --owner @maria-chen --config site_config.yml

\b
Only the review-date line (the first configured date key present, else a new
line with the first configured name) and, with --owner, the owner line change;
every other byte of the file stays as it was. A file without frontmatter gets
a frontmatter block holding just those lines. --date may not be in the future.

\b
Exit codes: 0 every file updated; 1 a file was refused (unparseable
frontmatter) and left unchanged; 2 usage error (a future --date).""",
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="Review date (default: today, UTC)."
)
@click.option("--owner", help="Also set the owner to this person or team.")
@config_option
@click.pass_context
def command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    day: datetime | None,
    owner: str | None,
    config_file: Path,
) -> None:
    """Set the review date (today by default) of each article PATH (a file, or every
    article in a folder), in place."""
    site = load_optional_config(config_file, config_was_given(ctx), have_paths=True)
    today = datetime.now(timezone.utc).date()
    when = day.date() if day else today
    if when > today:
        message = f"{when} is in the future (today is {today}, UTC); kbgen check would reject it"
        raise click.BadParameter(message, ctx, param_hint="--date")
    refused = 0
    for path in files_of(paths, site):
        try:
            changes = mark_file_reviewed(path, when, policy_of(site), owner, home_of(path, site))
        except MarkReviewedError as error:
            refused_line = f"{path}:{error.line or 1}: {error.message} (file left unchanged)"
            click.echo(display_text(refused_line), err=True)
            refused += 1
            continue
        done = ", ".join(f"{'added ' if c.added else ''}{c.key}: {c.value}" for c in changes)
        click.echo(display_text(f"{path}: {done or 'already up to date'}"))
    ctx.exit(1 if refused else 0)


def files_of(paths: tuple[Path, ...], site: SiteConfig | None) -> list[Path]:
    """Each file given, and every article file (``content.patterns``) below each folder."""
    files = []
    for path in paths:
        if path.is_dir():
            found = selection_of(Path(os.path.abspath(path)), site.content if site else None)
            files += [Path(display_path(str(file))) for file in found.files]
        else:
            files.append(path)
    return files


def home_of(path: Path, site: SiteConfig | None) -> Path:
    """The folder ``path`` must stay inside (README, "Edits stay in their folder"): the
    content folder, else (no config) the working folder. A path written outside it
    (``content/../../x.md``, an absolute path elsewhere) is refused, not edited."""
    return site.docs_dir if site is not None else Path.cwd()
