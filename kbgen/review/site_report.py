"""The whole ``kbgen stale`` report for a site, assembled: the scan with the link data the last
pull recorded, the report, broken promises, owner contacts and (when given) readers' signals.

The command only parses options and prints: what it shows on stderr comes back as ``notes``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kbgen.config import ReviewPolicy, SiteConfig
from kbgen.content.articles import field_names_with
from kbgen.content.selection import Target, resolve_targets
from kbgen.errors import KbgenError
from kbgen.linear_data.link_data import LinkData, describe_age, load_link_data
from kbgen.review.annotations import stale_annotations
from kbgen.review.promises import LinkingFile, promises_of, scanned_linking_files
from kbgen.review.report import StaleReport, build_report, with_signals
from kbgen.review.scan import Progress, scan_targets
from kbgen.review.signals import ArticleSignals
from kbgen.review.status import ReviewStatus


@dataclass(frozen=True, slots=True)
class StaleRequest:
    """What to report on: the site (None: no site_config.yml), the paths given (none: the
    site's articles), the policy, the day, the due-soon window and the filters."""

    site: SiteConfig | None
    paths: tuple[Path, ...]
    policy: ReviewPolicy
    day: date
    window: int
    owners: tuple[str, ...] = ()
    statuses: tuple[ReviewStatus, ...] = ()


@dataclass(frozen=True, slots=True)
class AssembledReport:
    """The report, the targets it scanned, and the lines the command prints on stderr."""

    report: StaleReport
    targets: tuple[Target, ...]
    notes: tuple[str, ...]


def assemble_stale_report(
    request: StaleRequest,
    progress: Progress | None = None,
    signals: Mapping[str, ArticleSignals] | None = None,
) -> AssembledReport:
    """Scan, judge and complete the report; ``signals`` are keyed by content-relative path."""
    site, notes = request.site, []
    links, link_note = recorded_links(site)
    notes += [link_note] if link_note else []
    targets = resolve_targets(request.paths, site)
    scan = scan_targets(targets, request.policy, request.day, request.window, progress, links=links)
    notes += [f"warning: {warning}" for warning in scan.warnings]
    entries = scan.entries
    if signals is not None and site is not None:
        entries = with_signals(entries, relative_to_targets(signals, site, request.paths))
    report = build_report(entries, request.day, request.window, request.owners, request.statuses)
    linking = scanned_linking_files(scan.entries, targets)
    promises, promise_note = promise_lines(site, request.day, linking, links)
    notes += [promise_note] if promise_note else []
    report = dataclasses.replace(report, promises=promises)
    if site is not None:
        report = dataclasses.replace(report, contacts=owner_contacts(site))
    return AssembledReport(report, tuple(targets), tuple(notes))


def recorded_links(site: SiteConfig | None) -> tuple[LinkData | None, str | None]:
    """What the last Linear pull recorded about linked items, and a line saying how old it is
    (or why it is not used)."""
    if site is None or site.linear is None:
        return None, None
    try:
        links = load_link_data(site.linear.links_path(site.root))
    except KbgenError as error:
        return None, f"warning: {error}; linked Linear items not judged"
    if links is None:
        return None, None
    return links, f"Linked Linear items as recorded by the last pull: {describe_age(links)}"


def promise_lines(
    site: SiteConfig | None, day: date, files: Sequence[LinkingFile], links: LinkData | None
) -> tuple[tuple[str, ...], str | None]:
    """Broken promises for the report's last section (none without a ``linear:`` section),
    and a warning when they cannot be listed."""
    if site is None or site.linear is None:
        return (), None
    try:
        promises = promises_of(site, site.linear, day, files, links)
    except KbgenError as error:
        return (), f"warning: {error}; broken promises not listed"
    return tuple(promise.text for promise in promises), None


def owner_contacts(site: SiteConfig) -> dict[str, str]:
    """Each owner's contact from ``owners:``, for the report's owner lines."""
    return {owner: info.contact for owner, info in site.owners.items() if info.contact}


def relative_to_targets(
    signals: Mapping[str, ArticleSignals], site: SiteConfig, paths: Sequence[Path]
) -> dict[str, ArticleSignals]:
    """Re-key signals (content-relative paths) to how entries name files below PATHS."""
    if not paths:
        return dict(signals)
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


def github_lines(
    report: StaleReport, targets: Sequence[Target], changed: Collection[Path] | None
) -> str:
    """The report as workflow commands, limited to the pull request's files when listed."""
    lines = stale_annotations(report, [target.root for target in targets], changed)
    return "".join(f"{line}\n" for line in lines)
