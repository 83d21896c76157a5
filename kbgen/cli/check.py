"""``kbgen check``: validate the config and every article, printing every problem at once."""

from __future__ import annotations

import dataclasses
import os
from datetime import datetime, timezone
from pathlib import Path

import click

from kbgen.cli.options import config_option, config_was_given, load_optional_config
from kbgen.content.annotations import annotation, workspace_path
from kbgen.content.selection import policy_of, resolve_targets
from kbgen.content.shipped_assets import check_assets, shipped_assets
from kbgen.content.validation import check_articles
from kbgen.display_text import display_text
from kbgen.linear.data_check import linear_data_problems
from kbgen.mkdocs.build import plugin_problems
from kbgen.mkdocs.page_snippets import snippet_problems
from kbgen.mkdocs.page_templates import site_pages, template_problems
from kbgen.mkdocs.theme_layers import theme_dir
from kbgen.mkdocs.url_record import site_checks
from kbgen.pages.feedback import feedback_note
from kbgen.pages.llms import RELATIVE_URLS_NOTE
from kbgen.paths import overrides_problems


@click.command(
    "check",
    epilog="""\b
Examples:
  kbgen check                      # every article in the content folder
  kbgen check content/billing      # one folder
  kbgen check docs/ --config site_config.yml
  kbgen check --format github      # in GitHub Actions: problems shown on the diff

\b
Exit codes: 0 no problems; 1 problems found (each printed as path:line: message).""",
)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@config_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="text: path:line: message. github: ::error workflow commands (annotations).",
)
@click.pass_context
def command(ctx: click.Context, paths: tuple[Path, ...], config_file: Path, fmt: str) -> None:
    """Validate site_config.yml and article frontmatter; list every problem, then exit 1."""
    site = load_optional_config(config_file, config_was_given(ctx), bool(paths))
    targets = resolve_targets(paths, site)
    today = datetime.now(timezone.utc).date()
    problems = check_articles(targets, policy_of(site), today)
    notes: list[str] = []
    if site is not None:
        problems += check_assets(site.docs_dir, paths, shipped_assets(theme_dir()))
        if not paths:  # the whole site: would a once-published URL now 404? ERB skipped?
            found, notes = site_checks(site, today)
            problems += found
        problems += plugin_problems(site)
        pages = [file for target in targets for file in target.files] if paths else None
        pages = site_pages(site) if pages is None else pages
        problems += template_problems(site, pages) + snippet_problems(site, pages)
        problems += overrides_problems(site.sources)
        problems += linear_data_problems(site.linear, site.root)
    for problem in problems:
        if fmt == "github":
            path = workspace_path(problem.path)
            click.echo(annotation("error", problem.message, file=path, line=problem.line))
        else:
            shown = str(dataclasses.replace(problem, path=display_path(problem.path)))
            click.echo(display_text(shown))
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if site is not None and not site.site_url:
        click.echo(f"note: {RELATIVE_URLS_NOTE}", err=True)
    if site and (hidden := feedback_note(site.feedback.form_url, site.analytics.provider)):
        click.echo(f"note: {hidden}", err=True)
    checked = sum(len(target.files) for target in targets)
    summary = (
        f"{len(problems)} problem(s) in {checked} file(s)" if problems else f"{checked} file(s) OK"
    )
    click.echo(summary, err=True)
    ctx.exit(1 if problems else 0)


def display_path(path: str) -> str:
    """A path relative to the working directory when it is below it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative
