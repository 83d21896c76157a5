"""``kbgen stale``: which articles owners owe a review, as a table, Markdown, JSON or CSV."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
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
from kbgen.config import ReviewPolicy, SiteConfig
from kbgen.content.annotations import read_changed_files
from kbgen.content.articles import field_names_with
from kbgen.content.selection import Target, policy_of, resolve_targets
from kbgen.display_text import display_text
from kbgen.errors import KbgenError
from kbgen.insights.load import insights_for_site
from kbgen.insights.report import signals_by_path
from kbgen.linear_data.link_data import LinkData, describe_age, load_link_data
from kbgen.review.annotations import stale_annotations
from kbgen.review.render import FORMATS, render
from kbgen.review.report import (
    FAIL_ON,
    ReportEntry,
    StaleReport,
    build_report,
    gate_failure,
    with_signals,
)
from kbgen.review.scan import Progress, scan_targets
from kbgen.review.signals import ArticleSignals
from kbgen.review.status import ReviewStatus
from kbgen.roadmap.promises import LinkingFile, promises_of, scanned_linking_files

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
    links = recorded_links(site)
    targets = resolve_targets(paths, site)
    scan = scan_targets(targets, policy, day, window, progress_printer(), links=links)
    for warning in scan.warnings:
        click.echo(display_text(f"warning: {warning}"), err=True)
    entries = scan.entries
    if signal_files:
        entries = with_reader_signals(ctx, entries, signal_files, site, paths, day)
    report = build_report(entries, day, window, owners, [ReviewStatus(s) for s in statuses])
    linking = scanned_linking_files(scan.entries, targets)
    report = dataclasses.replace(report, promises=promise_lines(site, day, linking, links))
    if site is not None:
        report = dataclasses.replace(report, contacts=owner_contacts(site))
    text = github_text(report, targets, changed_files) if fmt == "github" else render(report, fmt)
    write_report(text, output, site.sources if site is not None else None)
    if output is not None:
        noun = "article" if report.summary.total == 1 else "articles"
        click.echo(f"Wrote the {fmt} report ({report.summary.total} {noun}) to {output}", err=True)
    failure = gate_failure(report, fail_on)
    if failure:
        click.echo(f"Gate failed, {failure}", err=True)
    ctx.exit(1 if failure else 0)


def github_text(report: StaleReport, targets: list[Target], changed_files: IO[str] | None) -> str:
    """The report as workflow commands, limited to the pull request's files when listed."""
    changed = read_changed_files(changed_files) if changed_files is not None else None
    lines = stale_annotations(report, [target.root for target in targets], changed)
    return "".join(f"{line}\n" for line in lines)


def recorded_links(site: SiteConfig | None) -> LinkData | None:
    """What the last Linear pull recorded about linked items, saying on stderr how old it is."""
    if site is None or site.linear is None:
        return None
    path = site.linear.links_path(site.root)
    try:
        links = load_link_data(path)
    except KbgenError as error:
        click.echo(f"warning: {error}; linked Linear items not judged", err=True)
        return None
    if links is None:
        return None
    click.echo(f"Linked Linear items as recorded by the last pull: {describe_age(links)}", err=True)
    return links


def promise_lines(
    site: SiteConfig | None, day: date, files: Sequence[LinkingFile], links: LinkData | None
) -> tuple[str, ...]:
    """Broken promises for the report's last section (none without a ``linear:`` section)."""
    if site is None or site.linear is None:
        return ()
    try:
        promises = promises_of(site, site.linear, day, files, links)
        return tuple(promise.text for promise in promises)
    except KbgenError as error:
        click.echo(f"warning: {error}; broken promises not listed", err=True)
        return ()


def with_reader_signals(
    ctx: click.Context,
    entries: list[ReportEntry],
    files: tuple[Path, ...],
    site: SiteConfig | None,
    paths: tuple[Path, ...],
    day: date,
) -> list[ReportEntry]:
    """Entries with what readers said (``--signals``): pages map to articles via the site."""
    if site is None:
        raise click.UsageError("--signals needs the site's site_config.yml (pass --config)", ctx)
    insights, problems = insights_for_site(files, site, day)
    for problem in problems:
        click.echo(display_text(f"warning: {problem}"), err=True)
    return with_signals(entries, relative_to_targets(signals_by_path(insights), site, paths))


def owner_contacts(site: SiteConfig) -> dict[str, str]:
    """Each owner's contact from ``owners:``, for the report's owner lines."""
    return {owner: info.contact for owner, info in site.owners.items() if info.contact}


def relative_to_targets(
    signals: dict[str, ArticleSignals], site: SiteConfig, paths: tuple[Path, ...]
) -> dict[str, ArticleSignals]:
    """Re-key signals (content-relative paths) to how entries name files below PATHS."""
    if not paths:
        return signals
    rekeyed = dict(signals)
    docs = site.docs_dir.resolve()
    for path in paths:
        folder = path.resolve() if path.is_dir() else path.resolve().parent
        if not folder.is_relative_to(docs):
            continue
        prefix = folder.relative_to(docs).as_posix()
        for key, value in signals.items():
            if prefix == "." or key.startswith(prefix + "/"):
                rekeyed.setdefault(key if prefix == "." else key[len(prefix) + 1 :], value)
    return rekeyed


def with_fields(
    policy: ReviewPolicy, owner: str | None, day: str | None, every: str | None
) -> ReviewPolicy:
    """The policy with this run's ``--owner-field``/``--date-field``/``--interval-field``."""
    fields = field_names_with(policy.fields, owner=owner, last_reviewed=day, review_every=every)
    return dataclasses.replace(policy, fields=fields)


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
