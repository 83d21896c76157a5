"""The stale report model: one entry per article, counts per status and per owner, the gate."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from kbgen.errors import Problem
from kbgen.review.changes import Change
from kbgen.review.signals import ArticleSignals
from kbgen.review.status import ReviewState, ReviewStatus

FAIL_ON = ("overdue", "changed", "due-soon", "invalid", "never")
_URGENCY = {
    ReviewStatus.OVERDUE: 0,
    ReviewStatus.CHANGED: 1,
    ReviewStatus.DUE_SOON: 2,
    ReviewStatus.INVALID: 3,
    ReviewStatus.OK: 4,
}


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """One article's line in the report, as plain values (cheap to sort, send and render).

    ``path`` is relative to the content folder (or the folder given); ``problems`` are
    ``"line N: message"`` strings (just the message when the line is unknown); ``signals``
    is what readers said (``kbgen stale --signals``), None when not asked for.
    """

    path: str
    title: str
    owner: str | None
    last_reviewed: date | None
    review_every: str | None
    due: date | None
    status: ReviewStatus
    days_overdue: int
    problems: tuple[str, ...] = ()
    changes: tuple[Change, ...] = ()
    """Linked Linear items shipped after ``last_reviewed`` (also on an overdue entry)."""
    linear: tuple[str, ...] = ()
    """The Linear items the article links (its ``linear:`` frontmatter)."""
    signals: ArticleSignals | None = None
    reviewed_from_git: bool = False
    """``last_reviewed`` is the date of the page's last git commit (``review.dates_from_git``)."""


@dataclass(frozen=True, slots=True)
class StatusCounts:
    """How many articles are in each status."""

    overdue: int = 0
    due_soon: int = 0
    ok: int = 0
    invalid: int = 0
    changed: int = 0

    @property
    def total(self) -> int:
        """Every article counted."""
        return self.overdue + self.changed + self.due_soon + self.ok + self.invalid

    def as_dict(self) -> dict[str, int]:
        """The counts keyed as in the JSON report (``due_soon``), without the total."""
        return {
            "overdue": self.overdue,
            "changed": self.changed,
            "due_soon": self.due_soon,
            "ok": self.ok,
            "invalid": self.invalid,
        }


@dataclass(frozen=True, slots=True)
class StaleReport:
    """Which articles are overdue, due soon, fine or unjudgeable on ``as_of``.

    ``entries`` are sorted by path; ``owners`` maps each owner (None when unknown) to its
    counts, sorted by name with the unknown owner last; ``statuses`` is the status filter
    the report was asked for (empty: every status).
    """

    as_of: date
    due_within_days: int
    entries: tuple[ReportEntry, ...]
    summary: StatusCounts
    owners: Mapping[str | None, StatusCounts]
    statuses: tuple[ReviewStatus, ...] = ()
    promises: tuple[str, ...] = ()
    """Broken promises (missed roadmap targets, articles promising shipped work), as text."""
    contacts: Mapping[str, str] = field(default_factory=dict)
    """How to reach each owner (``owners:`` in site_config.yml), shown next to the owner."""


def entry_of(state: ReviewState) -> ReportEntry:
    """Flatten a ReviewState (and its Article) into a report entry."""
    article = state.article
    return ReportEntry(
        path=article.rel_path,
        title=article.title,
        owner=article.owner,
        last_reviewed=article.last_reviewed,
        review_every=article.review_every_text,
        due=state.due,
        status=state.status,
        days_overdue=state.days_overdue,
        problems=tuple(problem_text(problem) for problem in article.problems),
        changes=state.changes,
        linear=article.linear,
        reviewed_from_git=article.review_date_from_git,
    )


def problem_text(problem: Problem) -> str:
    """A problem without its path (the entry carries it): ``line 3: missing owner``."""
    return f"line {problem.line}: {problem.message}" if problem.line else problem.message


def build_report(
    entries: Iterable[ReportEntry],
    as_of: date,
    due_within_days: int,
    owners: Sequence[str] = (),
    statuses: Sequence[ReviewStatus] = (),
) -> StaleReport:
    """Filter entries by owner (case-insensitive) and status, sort by path and count them.

    The summary and owner counts describe the filtered report, not the whole content.
    """
    wanted_owners = {owner.casefold() for owner in owners}
    kept = [
        entry
        for entry in entries
        if (not wanted_owners or (entry.owner or "").casefold() in wanted_owners)
        and (not statuses or entry.status in statuses)
    ]
    kept.sort(key=lambda entry: entry.path)
    return StaleReport(
        as_of=as_of,
        due_within_days=due_within_days,
        entries=tuple(kept),
        summary=count_statuses(kept),
        owners=count_by_owner(kept),
        statuses=tuple(statuses),
    )


def count_statuses(entries: Iterable[ReportEntry]) -> StatusCounts:
    """Count entries per status."""
    counts = dict.fromkeys(ReviewStatus, 0)
    for entry in entries:
        counts[entry.status] += 1
    return StatusCounts(
        overdue=counts[ReviewStatus.OVERDUE],
        due_soon=counts[ReviewStatus.DUE_SOON],
        ok=counts[ReviewStatus.OK],
        invalid=counts[ReviewStatus.INVALID],
        changed=counts[ReviewStatus.CHANGED],
    )


def count_by_owner(entries: Sequence[ReportEntry]) -> dict[str | None, StatusCounts]:
    """Counts per owner, sorted by owner name (case-insensitive), the unknown owner last."""
    grouped = group_by_owner(entries)
    return {owner: count_statuses(grouped[owner]) for owner in sorted(grouped, key=owner_sort_key)}


def group_by_owner(entries: Iterable[ReportEntry]) -> dict[str | None, list[ReportEntry]]:
    """Entries per owner, in the order given."""
    groups: dict[str | None, list[ReportEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.owner, []).append(entry)
    return groups


def owner_sort_key(owner: str | None) -> tuple[bool, str, str]:
    """Sort owners by name, case-insensitively, with the unknown owner (None) last."""
    return (owner is None, (owner or "").casefold(), owner or "")


def by_urgency(entries: Iterable[ReportEntry]) -> list[ReportEntry]:
    """Most overdue first, then changed, due soonest, invalid, ok (each by due date, path).

    Within a status, articles readers called outdated (then unhelpful) come first.
    """
    return sorted(
        entries,
        key=lambda entry: (
            _URGENCY[entry.status],
            *reader_urgency(entry.signals),
            -entry.days_overdue,
            entry.due or date.max,
            entry.path,
        ),
    )


def reader_urgency(signals: ArticleSignals | None) -> tuple[int, int]:
    """Sort key part: most "outdated" answers first, then most unhelpful answers."""
    return (0, 0) if signals is None else (-signals.outdated, -signals.unhelpful)


def with_signals(
    entries: Iterable[ReportEntry], signals: Mapping[str, ArticleSignals]
) -> list[ReportEntry]:
    """Entries with reader signals attached (empty signals for articles readers skipped)."""
    return [replace(entry, signals=signals.get(entry.path, ArticleSignals())) for entry in entries]


def owners_by_urgency(report: StaleReport) -> list[tuple[str | None, list[ReportEntry]]]:
    """Owner groups, most overdue owner first; each group's entries by urgency.

    Owners are ranked by their most overdue article, then by how many are overdue, due
    soon and invalid; the unknown owner comes last.
    """
    groups = group_by_owner(report.entries)

    def rank(owner: str | None) -> tuple[bool, int, int, int, int, int, tuple[bool, str, str]]:
        counts = report.owners[owner]
        worst = max(entry.days_overdue for entry in groups[owner])
        return (
            owner is None,
            -worst,
            -counts.overdue,
            -counts.changed,
            -counts.due_soon,
            -counts.invalid,
            owner_sort_key(owner),
        )

    return [(owner, by_urgency(groups[owner])) for owner in sorted(groups, key=rank)]


def gate_counts(report: StaleReport, fail_on: str) -> list[tuple[int, str]]:
    """What the ``--fail-on`` gate counts, as (number, label) pairs; any number above 0 trips it.

    ``overdue``: articles overdue; ``changed``: articles with a linked item shipped since their
    review (changed, or overdue with changes); ``due-soon``: overdue and due soon;
    ``invalid``: articles that cannot be judged; ``never``: nothing.
    """
    summary = report.summary
    if fail_on == "overdue":
        return [(summary.overdue, "overdue")]
    if fail_on == "changed":
        return [(sum(1 for entry in report.entries if entry.changes), "changed")]
    if fail_on == "due-soon":
        return [(summary.overdue, "overdue"), (summary.due_soon, "due soon")]
    if fail_on == "invalid":
        return [(summary.invalid, "invalid")]
    if fail_on == "never":
        return []
    raise ValueError(f"unknown --fail-on value {fail_on!r} (choose from {', '.join(FAIL_ON)})")


def fails(report: StaleReport, fail_on: str) -> bool:
    """Whether the CI gate trips."""
    return any(count for count, _ in gate_counts(report, fail_on))


def gate_failure(report: StaleReport, fail_on: str) -> str | None:
    """Why the ``--fail-on`` gate trips (``3 overdue, 1 due soon``), or None when it holds."""
    found = ", ".join(f"{count} {label}" for count, label in gate_counts(report, fail_on) if count)
    return f"--fail-on {fail_on}: {found}" if found else None
