"""Renderers for the stale report: a terminal table, a GitHub-issue Markdown, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable
from datetime import date

from kbgen.display_text import display_text, escape_json_controls
from kbgen.review.report import ReportEntry, StaleReport, StatusCounts, owners_by_urgency
from kbgen.review.signals import ArticleSignals, describe_signals
from kbgen.review.status import ReviewStatus

FORMATS = ("table", "markdown", "json", "csv")
CSV_COLUMNS = (
    "path",
    "title",
    "owner",
    "last_reviewed",
    "review_every",
    "due",
    "status",
    "days_overdue",
    "problems",
    "changes",
)
SIGNAL_COLUMNS = ("helpful", "unhelpful", "reasons", "contacts")
UNKNOWN_OWNER = "(no owner)"
_JSON = json.JSONEncoder(ensure_ascii=False)  # one encoder: json.dumps(...) makes one per call
# A GitHub user (@name) or team (@org/team); Slack names such as @nila.patel do not match.
GITHUB_HANDLE = re.compile(r"@[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}(?:/[A-Za-z0-9][\w.-]*)?")
# What a spreadsheet runs as a formula (full-width forms too), also after leading spaces.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!])")


def render(report: StaleReport, fmt: str) -> str:
    """Render ``report`` in one of FORMATS."""
    return RENDERERS[fmt](report)


def render_json(report: StaleReport) -> str:
    """The JSON report: as_of, due_within_days, summary, owners, articles (sorted by path).

    Dates are ``YYYY-MM-DD``; ``owner``, ``last_reviewed``, ``due`` (and ``review_every`` for
    a file that could not be read) are null when unknown, and an unknown owner is counted
    under ``"(no owner)"``. ``days_overdue`` is 0 unless the status is ``overdue``.
    ``problems`` lists why an article is invalid as ``"line N: message"`` strings (N is the
    file line; just the message when no line applies). ``changes`` lists the linked Linear
    items shipped after the last review as ``{"id", "event", "date"}`` (empty when none).
    One article per line, for diffs.
    """
    head = {
        "as_of": report.as_of.isoformat(),
        "due_within_days": report.due_within_days,
        "summary": {"total": report.summary.total, **report.summary.as_dict()},
        "owners": {
            owner or UNKNOWN_OWNER: counts.as_dict() for owner, counts in report.owners.items()
        },
    }
    # Laid out by hand: json.dumps(indent=...) falls back to the pure-Python encoder, which
    # would cost more than the rest of the report for 50,000 articles.
    lines = [_JSON.encode(entry_dict(entry)) for entry in report.entries]
    articles = "[\n  " + ",\n  ".join(lines) + "\n]" if lines else "[]"
    encoded = json.dumps(head, ensure_ascii=False)[:-1] + ',\n "articles": ' + articles + "}\n"
    return escape_json_controls(encoded)


def entry_dict(entry: ReportEntry) -> dict[str, object]:
    """One article as it appears in the JSON report."""
    return {
        "path": entry.path,
        "title": entry.title,
        "owner": entry.owner,
        "last_reviewed": iso(entry.last_reviewed),
        "review_every": entry.review_every,
        "due": iso(entry.due),
        "status": entry.status.value,
        "days_overdue": entry.days_overdue,
        "problems": list(entry.problems),
        "changes": [change.as_dict() for change in entry.changes],
        **({} if entry.signals is None else {"signals": signals_json(entry.signals)}),
        **({"last_reviewed_from": "git"} if entry.reviewed_from_git else {}),
    }


def signals_json(signals: ArticleSignals) -> dict[str, object]:
    """What readers said, as in the JSON report (``kbgen stale --signals``)."""
    return {
        "helpful": signals.helpful,
        "unhelpful": signals.unhelpful,
        "reasons": signals.reasons_dict(),
        "contacts": signals.contacts,
    }


def iso(day: date | None) -> str | None:
    """A date as YYYY-MM-DD, or None."""
    return day.isoformat() if day else None


def render_csv(report: StaleReport) -> str:
    """One row per article, sorted by path; unknown values empty, problems joined by '; '.

    With reader signals, four more columns: helpful, unhelpful, reasons (``outdated=2``), contacts.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    with_signals = any(entry.signals is not None for entry in report.entries)
    writer.writerow(CSV_COLUMNS + (SIGNAL_COLUMNS if with_signals else ()))
    for entry in report.entries:
        row = entry_dict(entry)
        row["problems"] = "; ".join(entry.problems)
        row["changes"] = "; ".join(change_lines(entry))
        cells = [csv_cell(row[column]) for column in CSV_COLUMNS]
        writer.writerow(cells + (signal_cells(entry.signals) if with_signals else []))
    return buffer.getvalue()


def signal_cells(signals: ArticleSignals | None) -> list[object]:
    """helpful, unhelpful, reasons, contacts as CSV cells."""
    signals = signals or ArticleSignals()
    reasons = "; ".join(f"{reason}={count}" for reason, count in signals.reasons)
    return [signals.helpful, signals.unhelpful, csv_cell(reasons), signals.contacts]


def csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text, never runs (OWASP's advice on CSV injection).

    Text is one line without control characters (``display_text``); text starting, after
    any spaces, with ``=``, ``+``, ``-``, ``@`` (or a form of them that NFKC folds so:
    full-width, small, superscript) gets a leading ``'``.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = display_text(value)
    first = text.lstrip()[:1]
    starts = unicodedata.normalize("NFKC", first)[:1]  # full-width, small, superscript forms
    return "'" + text if first in _FORMULA_STARTS or starts in _FORMULA_STARTS else text


def render_table(report: StaleReport) -> str:
    """For a terminal: one block per owner, most overdue first, then a summary line."""
    lines = [f"Review status as of {report.as_of} (due soon: within {report.due_within_days} days)"]
    for owner, entries in owners_by_urgency(report):
        contact = owner_contact(report, owner)
        heading = f"{owner or UNKNOWN_OWNER}{contact}: {describe_counts(report.owners[owner])}"
        lines += ["", display_text(heading)]
        lines += [TABLE_HEADER, *(table_row(entry) for entry in entries)]
    lines += ["", summary_line(report.summary), *git_dates_note(report)]
    if report.promises:
        lines += ["", "Broken promises:", *(f"  {display_text(text)}" for text in report.promises)]
    return "\n".join(lines) + "\n"


TABLE_HEADER = f"  {'STATUS':<9} {'DUE':<10}  {'LATE':>9}  PATH"


def table_row(entry: ReportEntry) -> str:
    """``  overdue   2026-08-14  103 days  path`` plus the problems of an invalid entry."""
    due = iso(entry.due) or "-"
    late = f"{entry.days_overdue} days" if entry.days_overdue else ""
    row = f"  {entry.status.value:<9} {due:<10}  {late:>9}  {entry.path}"
    if entry.signals is not None and not entry.signals.is_empty:
        row += f"  (readers: {describe_signals(entry.signals)})"
    notes = [*entry.problems, *change_lines(entry)]
    return "\n".join(display_text(line) for line in [row, *(f"{'':35}{note}" for note in notes)])


def change_lines(entry: ReportEntry) -> list[str]:
    """``TAL-123 shipped 2026-11-20, after the last review (2026-11-02)`` per change."""
    return [change.describe(entry.last_reviewed) for change in entry.changes]


def git_dates_note(report: StaleReport) -> list[str]:
    """One line saying how many review dates are last-commit dates, when any are."""
    count = sum(1 for entry in report.entries if entry.reviewed_from_git)
    if not count:
        return []
    return [
        f"{count} review date(s) are the date of the page's last git commit "
        "(review.dates_from_git: true; the page has no review date of its own)"
    ]


def describe_counts(counts: StatusCounts) -> str:
    """``2 overdue, 1 due soon, 5 ok, 0 invalid`` (and ``3 changed`` when any are)."""
    changed = f"{counts.changed} changed, " if counts.changed else ""
    return (
        f"{counts.overdue} overdue, {changed}{counts.due_soon} due soon, {counts.ok} ok, "
        f"{counts.invalid} invalid"
    )


def summary_line(counts: StatusCounts) -> str:
    """``50 articles: 2 overdue, 1 due soon, 45 ok, 2 invalid``."""
    noun = "article" if counts.total == 1 else "articles"
    return f"{counts.total} {noun}: {describe_counts(counts)}"


def render_markdown(report: StaleReport) -> str:
    """For a GitHub issue: a summary table, then per owner a checklist of what needs review.

    Owners that are GitHub handles (``@name``, ``@org/team``) are mentioned so they are
    notified; ok articles are only counted, unless ``ok`` was asked for with ``--status``.
    """
    summary = report.summary
    lines = [
        f"## Articles to review as of {report.as_of}",
        "",
        "| Overdue | Changed | Due soon | Invalid | OK | Total |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {summary.overdue} | {summary.changed} | {summary.due_soon} | {summary.invalid} "
        f"| {summary.ok} | {summary.total} |",
        "",
        f"Due soon means due within {report.due_within_days} days; changed means work the "
        "article links in Linear shipped after its last review. Tick an item once the "
        "article is reviewed (`kbgen review PATH` records the date).",
    ]
    lines += [line for note in git_dates_note(report) for line in ("", note)]
    lines += changed_section(report)
    list_ok = ReviewStatus.OK in report.statuses
    mentioned = []
    for owner, entries in owners_by_urgency(report):
        shown = [
            entry
            for entry in entries
            if list_ok or entry.status is not ReviewStatus.OK or readers_unhappy(entry)
        ]
        if not shown:
            continue
        counts = describe_counts(report.owners[owner])
        if contact := owner_contact(report, owner):
            counts += " " + markdown_text(contact)
        lines += ["", f"### {owner_heading(owner)}", "", counts, ""]
        lines += [markdown_item(entry) for entry in shown]
        if owner and is_github_handle(owner):
            mentioned.append(owner)
    if not any(line.startswith("### ") for line in lines):
        lines += ["", "Nothing to review."]
    lines += promises_section(report.promises)
    if mentioned:
        lines += ["", "cc " + " ".join(mentioned)]
    return "\n".join(lines) + "\n"


def changed_section(report: StaleReport) -> list[str]:
    """Articles with linked work shipped since their review, listed before everything else."""
    changed = [entry for entry in report.entries if entry.changes]
    if not changed:
        return []
    changed.sort(key=lambda entry: (-entry.changes[0].date.toordinal(), entry.path))
    lines = ["", "## Changed since the last review", ""]
    for entry in changed:
        owner = f" ({owner_heading(entry.owner)})"
        what = markdown_text("; ".join(change_lines(entry)))
        lines.append(f"- {code_span(entry.path)} {markdown_text(entry.title)}{owner}: {what}")
    return [*lines, "", "## By owner"]


def promises_section(promises: tuple[str, ...]) -> list[str]:
    """Roadmap targets missed and articles still promising shipped work, when any."""
    if not promises:
        return []
    return ["", "## Broken promises", "", *(f"- {markdown_text(text)}" for text in promises)]


def owner_contact(report: StaleReport, owner: str | None) -> str:
    """`` (contact #billing-docs)`` from ``owners:`` in site_config.yml, else empty."""
    contact = report.contacts.get(owner) if owner else None
    return f" (contact {contact})" if contact else ""


def owner_heading(owner: str | None) -> str:
    """A handle stays plain (GitHub mentions it); other names go in a code span."""
    if owner is None:
        return "No owner"
    return owner if is_github_handle(owner) else code_span(owner)


def is_github_handle(owner: str) -> bool:
    """True for ``@name`` or ``@org/team`` as GitHub spells them."""
    return GITHUB_HANDLE.fullmatch(owner) is not None


def readers_unhappy(entry: ReportEntry) -> bool:
    """True when readers found the article unhelpful (listed even when it is ok)."""
    return entry.signals is not None and entry.signals.unhelpful > 0


def markdown_item(entry: ReportEntry) -> str:
    """One checklist line: path, title, what is due and what readers said."""
    item = markdown_status_item(entry)
    if entry.signals is None or entry.signals.is_empty:
        return item
    if entry.status is ReviewStatus.OK and readers_unhappy(entry):
        item = "- [ ] " + item.removeprefix("- ")
    return f"{item}; readers: {markdown_text(describe_signals(entry.signals))}"


def markdown_status_item(entry: ReportEntry) -> str:
    """One checklist line: path, title and what is due."""
    title = markdown_text(entry.title)
    if entry.status is ReviewStatus.OVERDUE:
        state = f"**overdue** by {entry.days_overdue} days (due {entry.due})"
    elif entry.status is ReviewStatus.CHANGED:
        state = "**changed**: " + markdown_text("; ".join(change_lines(entry)))
    elif entry.status is ReviewStatus.DUE_SOON:
        state = f"due {entry.due}"
    elif entry.status is ReviewStatus.INVALID:
        state = "**invalid**: " + markdown_text("; ".join(entry.problems))
    else:
        return f"- {code_span(entry.path)} {title}: ok, next review {entry.due}"
    if entry.changes and entry.status is ReviewStatus.OVERDUE:
        state += "; " + markdown_text("; ".join(change_lines(entry)))
    return f"- [ ] {code_span(entry.path)} {title}: {state}"


def markdown_text(text: str) -> str:
    """Plain text safe inside Markdown: one line, no control character, punctuation escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(display_text(text).split()))


def code_span(text: str) -> str:
    """A code span that survives backticks inside ``text`` (one line, no control character)."""
    text = display_text(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


RENDERERS: dict[str, Callable[[StaleReport], str]] = {
    "table": render_table,
    "markdown": render_markdown,
    "json": render_json,
    "csv": render_csv,
}
