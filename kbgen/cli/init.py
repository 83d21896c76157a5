"""``kbgen init``: start a knowledge base in an empty or existing folder."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from pathlib import Path

import click

from kbgen.content.adoption import Adoption, adopt_docs
from kbgen.content.docs_scan import DocsScan, scan_docs
from kbgen.content.git_history import in_git
from kbgen.content.requirement import installed_requirement
from kbgen.content.site_init import (
    InitResult,
    check_writable,
    starter_files,
    write_new_files,
)
from kbgen.display_text import display_text
from kbgen.paths import linked_out_problem


@click.command(
    "init",
    epilog="""\b
Examples:
  kbgen init                         # a new help centre in this folder
  kbgen init my-help-centre --site-name "Acme Help"
  kbgen init --docs-dir docs         # adopt existing docs (Tech Docs, Microsoft Learn...)
  kbgen init --docs-dir docs --owner @docs-team   # plain Markdown, no frontmatter needed

\b
Writes site_config.yml, requirements.txt (kbgen as installed here: a release,
or the git URL and commit pip recorded; a warning when other machines cannot
install it), .gitignore, content/ with a starter
article, and GitHub workflows (.github/workflows/ci.yml, nightly.yml,
stale-report.yml) plus .github/dependabot.yml. Never overwrites a file.

\b
With --owner, the docs folder is adopted as it is: DIR/_defaults.yml names the
owner of every page; a page without a review date is judged by its last git
commit (review.dates_from_git: true) or, outside git or never committed, gets
today's date (a frontmatter block where it has none). Nothing else changes.

\b
Exit codes: 0 done (also when every file already existed); 1 the folder
cannot be written; 2 usage error (such as an unknown --docs-dir).""",
)
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--site-name", default="Help centre", show_default=True, help="The site title.")
@click.option(
    "--docs-dir",
    metavar="DIR",
    help="An existing docs folder (relative to DIRECTORY) to use instead of a new content/.",
)
@click.option(
    "--owner",
    metavar="NAME",
    help="With --docs-dir: the owner of its pages (DIR/_defaults.yml); dates undated pages.",
)
@click.pass_context
def command(
    ctx: click.Context, directory: Path, site_name: str, docs_dir: str | None, owner: str | None
) -> None:
    """Create the files of a new knowledge base in DIRECTORY (default: here)."""
    if owner is not None and not docs_dir:
        raise click.UsageError("--owner names the owner of an existing --docs-dir", ctx)
    today = datetime.now(timezone.utc).date()
    scan = scan_existing(ctx, directory, docs_dir, today) if docs_dir else None
    requirement = installed_requirement()
    check_writable(directory)
    adoption = None
    if docs_dir and scan is not None:
        folder = (directory / docs_dir).resolve()
        if owner is not None:
            adoption = adopt_docs(folder, scan.family, owner, today)
        scan = scan_docs(folder, today, dates_from_git=in_git(folder))
    files = starter_files(site_name, today, docs_dir or "content", scan, requirement.line)
    result = write_new_files(directory, files)
    if adoption is not None:
        report_adoption(adoption)
    if requirement.warning and "requirements.txt" in result.created:
        click.echo(f"warning: {requirement.warning}", err=True)
    report(directory, result, scan, docs_dir)


def scan_existing(ctx: click.Context, directory: Path, docs_dir: str, today: date) -> DocsScan:
    """Scan DIRECTORY/DOCS_DIR; a folder that does not exist is a usage error."""
    folder = directory / docs_dir
    if not folder.is_dir():
        raise click.BadParameter(f"folder {folder} does not exist", ctx, param_hint="--docs-dir")
    # --owner writes _defaults.yml and review dates into it: never through a link leading
    # out of DIRECTORY or into a hidden folder (the path policy the config applies later)
    if problem := linked_out_problem(Path(os.path.abspath(folder)), directory.resolve()):
        raise click.BadParameter(f"folder {folder}: {problem}", ctx, param_hint="--docs-dir")
    return scan_docs(folder.resolve(), today)


def report(
    directory: Path, result: InitResult, scan: DocsScan | None, docs_dir: str | None
) -> None:
    """Say what was written and skipped, what the scan found, and the next three commands."""
    for path in result.created:
        click.echo(f"created  {path}")
    for path in result.skipped:
        click.echo(f"skipped  {path} (already exists, left unchanged)")
    if not result.created:
        click.echo("Nothing to do: every file kbgen init writes already exists.")
    if scan is not None:
        click.echo(scan_summary(scan, docs_dir or ""))
    here = os.path.relpath(directory)
    click.echo("\nNext:" if here == "." else f"\nNext, in {here}/ (cd {here}):")
    click.echo("  kbgen check            # validate site_config.yml and the articles")
    click.echo("  kbgen build --strict   # build the site into site/")
    click.echo("  kbgen serve            # preview it at http://127.0.0.1:8000/")


def report_adoption(adoption: Adoption) -> None:
    """What adopting the docs folder wrote: the owner's defaults, the dates given."""
    if adoption.defaults_written:
        click.echo(f"created  {os.path.relpath(adoption.defaults)} (the owner of every page)")
    else:
        click.echo(
            f"skipped  {os.path.relpath(adoption.defaults)} (already exists, left unchanged)"
        )
    if adoption.dates_from_git:
        click.echo("review dates: a page without one is judged by its last git commit")
    for path in adoption.dated_today:
        click.echo(display_text(f"dated    {path} (reviewed today: no review date, no git commit)"))
    for problem in adoption.refused:
        click.echo(display_text(f"warning: {problem} (file left unchanged)"), err=True)


def scan_summary(scan: DocsScan, docs_dir: str) -> str:
    """What the frontmatter scan found, in two lines."""
    erb = (
        f" ({scan.erb_pages} ERB page(s): checked and reported, not built)"
        if scan.erb_pages
        else ""
    )
    git = " (review.dates_from_git: true)" if scan.dates_from_git else ""
    return (
        f"\nScanned {scan.pages} page(s) in {docs_dir}/{erb}: {scan.family.name} fields "
        f"written to review.fields{git}.\n{scan.judged} of {scan.pages} can be judged; "
        f"{scan.missing_owner} lack an owner, {scan.missing_date} lack a review date."
    )
