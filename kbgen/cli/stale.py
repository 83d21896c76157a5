"""``kbgen stale``: which articles owners owe a review, as a table, Markdown, JSON or CSV."""

from __future__ import annotations

import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO

import click

from kbgen.cli.options import (
    bad_config_is_usage_error,
    config_option,
    config_was_given,
    load_optional_config,
    write_report,
)
from kbgen.config import SiteConfig
from kbgen.content.annotations import read_changed_files
from kbgen.content.selection import policy_of
from kbgen.display_text import display_text
from kbgen.insights.load import insights_for_site
from kbgen.insights.report import signals_by_path
from kbgen.review.render import FORMATS, render
from kbgen.review.report import FAIL_ON, gate_failure
from kbgen.review.scan import Progress
from kbgen.review.signals import ArticleSignals
from kbgen.review.site_report import (
    StaleRequest,
    assemble_stale_report,
    github_lines,
    with_fields,
)
from kbgen.review.status import ReviewStatus

PROGRESS_FROM = 2000  # files; smaller runs finish before a progress line would help


@click.command(
    "stale",
    epilog="""\b
Examples:
  kbgen stale                                   # table of every article, by owner
  kbgen stale --status overdue --owner identity-team
  kbgen stale --format markdown > report.md     # paste into a GitHub issue
  kbgen stale --format json --output stale.json --fail-on overdue
  kbgen stale docs/ --owner-field ms.author --date-field ms.date
  git diff --name-only "origin/$GITHUB_BASE_REF...HEAD" > changed.txt
  kbgen stale --format github --changed-files changed.txt   # warnings on the PR
  kbgen stale --signals events.jsonl            # add what readers said (kbgen insights)

\b
Statuses: overdue (due before --as-of), changed (a linked Linear item
shipped after the last review, per the last `kbgen linear pull`), due-soon
(due from --as-of to --due-within days later), ok, invalid (cannot be
judged; problems listed). An overdue article stays overdue and lists its
changes; --fail-on changed trips on any article with changes.

\b
Exit codes: 0 report written; 1 the --fail-on condition is met;
2 usage error (bad option, missing path, invalid site_config.yml).""",
)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@config_option
@click.option(
    "--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Judge on this day (default: today, UTC)."
)
@click.option(
    "--due-within",
    type=click.IntRange(min=0),
    metavar="DAYS",
    help="Due-soon window (default: review.due_soon_days, 14).",
)
@click.option("--owner", "owners", multiple=True, help="Only this owner (repeatable; any case).")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice([s.value for s in ReviewStatus]),
    help="Only this status (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*FORMATS, "github"]),
    default="table",
    show_default=True,
    help="github: a ::warning annotation per overdue article.",
)
@click.option(
    "--changed-files",
    type=click.File("r", encoding="utf-8", errors="surrogateescape"),
    help="With --format github: only files listed here (one path a line, `-` for stdin).",
)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here, not stdout."
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="never",
    show_default=True,
    help="Exit 1 if any article is overdue / changed / overdue or due soon / invalid.",
)
@click.option("--owner-field", metavar="KEY", help="Read the owner from KEY for this run.")
@click.option("--date-field", metavar="KEY", help="Read the review date from KEY for this run.")
@click.option("--interval-field", metavar="KEY", help="Read the interval from KEY for this run.")
@click.option(
    "--signals",
    "signal_files",
    multiple=True,
    metavar="EVENTS",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Add readers' helpful/unhelpful answers, reasons and support contacts from these "
    "exported events (JSON Lines or CSV, as kbgen insights reads them; repeatable).",
)
@click.pass_context
def command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    config_file: Path,
    as_of: datetime | None,
    due_within: int | None,
    owners: tuple[str, ...],
    statuses: tuple[str, ...],
    fmt: str,
    output: Path | None,
    fail_on: str,
    owner_field: str | None,
    date_field: str | None,
    interval_field: str | None,
    changed_files: IO[str] | None,
    signal_files: tuple[Path, ...],
) -> None:
    """Report each article's review status: overdue, changed, due soon, ok or invalid."""
    if changed_files is not None and fmt != "github":
        raise click.UsageError("--changed-files needs --format github", ctx)
    with bad_config_is_usage_error(ctx):
        site = load_optional_config(config_file, config_was_given(ctx), bool(paths))
    policy = with_fields(policy_of(site), owner_field, date_field, interval_field)
    day = as_of.date() if as_of else datetime.now(timezone.utc).date()
    window = policy.due_soon_days if due_within is None else due_within
    signals = reader_signals(ctx, signal_files, site, day) if signal_files else None
    request = StaleRequest(
        site, paths, policy, day, window, owners, tuple(ReviewStatus(s) for s in statuses)
    )
    assembled = assemble_stale_report(request, progress_printer(), signals)
    for note in assembled.notes:
        click.echo(display_text(note), err=True)
    report = assembled.report
    if fmt == "github":
        changed = read_changed_files(changed_files) if changed_files is not None else None
        text = github_lines(report, assembled.targets, changed)
    else:
        text = render(report, fmt)
    write_report(text, output, site.sources if site is not None else None)
    if output is not None:
        noun = "article" if report.summary.total == 1 else "articles"
        click.echo(f"Wrote the {fmt} report ({report.summary.total} {noun}) to {output}", err=True)
    failure = gate_failure(report, fail_on)
    if failure:
        click.echo(f"Gate failed, {failure}", err=True)
    ctx.exit(1 if failure else 0)


def reader_signals(
    ctx: click.Context, files: tuple[Path, ...], site: SiteConfig | None, day: date
) -> dict[str, ArticleSignals]:
    """What readers said (``--signals``), by content-relative path: pages map to articles
    through the site, so it needs one."""
    if site is None:
        raise click.UsageError("--signals needs the site's site_config.yml (pass --config)", ctx)
    insights, problems = insights_for_site(files, site, day)
    for problem in problems:
        click.echo(display_text(f"warning: {problem}"), err=True)
    return signals_by_path(insights)


def progress_printer() -> Progress | None:
    """A progress line on stderr, only when it is a terminal (never in CI logs or pipes)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= PROGRESS_FROM:
            click.echo(
                f"\rReading frontmatter: {done:,}/{total:,} files", err=True, nl=done == total
            )

    return show
