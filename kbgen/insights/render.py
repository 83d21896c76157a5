"""Renderers for the insights report: a terminal table, Markdown, JSON and CSV.

They follow the stale report's renderers (``kbgen.review.render``): the same formats, the
same Markdown escaping, one JSON object per line for diffs.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from kbgen.display_text import display_text, escape_json_controls
from kbgen.insights.report import InsightsReport, Summary
from kbgen.review.render import code_span, csv_cell, markdown_text, signal_cells, signals_json
from kbgen.review.signals import ArticleSignals, describe_reasons

FORMATS = ("table", "markdown", "json", "csv")
CSV_COLUMNS = (
    "section", "query", "searches", "path", "page", "title",
    "helpful", "unhelpful", "reasons", "contacts",
)  # fmt: skip

ARTICLE_HEADER = "| Article | Helpful | Unhelpful | Reasons | Contacts |"
UNKNOWN_HEADER = "| Page | Helpful | Unhelpful | Reasons | Contacts |"
TABLE_RULE = "| --- | ---: | ---: | --- | ---: |"


def render(report: InsightsReport, fmt: str) -> str:
    """Render ``report`` in one of FORMATS."""
    return RENDERERS[fmt](report)


def summary_dict(summary: Summary) -> dict[str, object]:
    """The summary as in the JSON report; shares are fractions (0.25), null without searches."""
    return {
        "events": summary.events,
        "searches": summary.searches,
        "zero_result_searches": summary.zero_result_searches,
        "zero_result_share": share(summary.zero_result_share),
        "helpful": summary.helpful,
        "unhelpful": summary.unhelpful,
        "contacts": summary.contacts,
        "contact_share": share(summary.contact_share),
        "unknown_page_events": summary.unknown_page_events,
        "skipped_lines": summary.skipped_lines,
        "undated_left_out": summary.undated,
    }


def share(value: float | None) -> float | None:
    """A fraction rounded to four places."""
    return None if value is None else round(value, 4)


def render_json(report: InsightsReport) -> str:
    """``{"content_gaps": [...], "articles": [...], "unknown_pages": [...], "summary": {...}}``.

    ``since`` is the ``--since`` date or null. One gap, article or page per line.
    """
    gaps = [{"query": gap.query, "searches": gap.searches} for gap in report.content_gaps]
    articles = [
        {"path": row.path, "page": row.page, "title": row.title, **signals_json(row.signals)}
        for row in report.articles
    ]
    unknown = [{"page": row.page, **signals_json(row.signals)} for row in report.unknown_pages]
    parts = [
        f' "content_gaps": {json_list(gaps)}',
        f' "articles": {json_list(articles)}',
        f' "unknown_pages": {json_list(unknown)}',
        f' "summary": {json.dumps(summary_dict(report.summary))}',
        f' "since": {json.dumps(report.since.isoformat() if report.since else None)}',
    ]
    return escape_json_controls("{\n" + ",\n".join(parts) + "\n}\n")


def json_list(items: list[dict[str, object]]) -> str:
    """A JSON list laid out one item per line."""
    if not items:
        return "[]"
    return "[\n  " + ",\n  ".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n ]"


def render_csv(report: InsightsReport) -> str:
    """One row per gap (``section`` content_gap), article and unknown page; reasons as
    ``outdated=2; unclear=1``. Text a spreadsheet would run as a formula (readers typed the
    queries) starts with ``'``, as in the stale report."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows: list[list[object]] = []
    for gap in report.content_gaps:
        rows.append(["content_gap", gap.query, gap.searches, "", "", "", "", "", "", ""])
    for row in report.articles:
        rows.append(["article", "", "", row.path, row.page, row.title, *signal_cells(row.signals)])
    for page in report.unknown_pages:
        rows.append(["unknown_page", "", "", "", page.page, "", *signal_cells(page.signals)])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def render_table(report: InsightsReport) -> str:
    """For a terminal: gaps, articles least resolved first, unknown pages, a summary line."""
    since = f" (since {report.since})" if report.since else ""
    lines = [f"Reader insights from {count(report.summary.events, 'event')}{since}", ""]
    lines += ["Content gaps: searches that found nothing", "  searches  query"]
    lines += [display_text(f"  {gap.searches:>8}  {gap.query}") for gap in report.content_gaps] or [
        "  (none)"
    ]
    lines += ["", "Articles, least resolved first", "  helpful  unhelpful  contacts  path"]
    lines += [table_row(row.signals, row.path) for row in report.articles] or ["  (none)"]
    if report.unknown_pages:
        lines += [
            "",
            "Unknown pages (not on the site any more)",
            "  helpful  unhelpful  contacts  page",
        ]
        lines += [table_row(row.signals, row.page) for row in report.unknown_pages]
    return "\n".join([*lines, "", summary_line(report.summary)]) + "\n"


def table_row(signals: ArticleSignals, name: str) -> str:
    """``        0          2         1  billing/refunds.md  (outdated 2)``."""
    reasons = f"  ({describe_reasons(signals)})" if signals.reasons else ""
    row = f"  {signals.helpful:>7}  {signals.unhelpful:>9}  {signals.contacts:>8}  {name}{reasons}"
    return display_text(row)


def count(number: int, noun: str) -> str:
    """``1 search``, ``2 searches``."""
    plural = noun + ("es" if noun.endswith("h") else "s")
    return f"{number} {noun if number == 1 else plural}"


def percent(value: float | None) -> str:
    """``25%`` (``-`` without a base)."""
    return "-" if value is None else f"{value:.0%}"


def summary_line(summary: Summary) -> str:
    """``Summary: 4 searches, 1 found nothing (25%); 2 helpful, 3 unhelpful; ...``."""
    parts = [
        f"Summary: {count(summary.searches, 'search')}, {summary.zero_result_searches} found "
        f"nothing ({percent(summary.zero_result_share)})",
        f"{summary.helpful} helpful, {summary.unhelpful} unhelpful",
        f"{count(summary.contacts, 'support contact')} ({percent(summary.contact_share)} of "
        "searches)",
    ]
    if summary.unknown_page_events:
        parts.append(f"{count(summary.unknown_page_events, 'event')} on unknown pages")
    if summary.skipped_lines:
        parts.append(f"{count(summary.skipped_lines, 'malformed line')} skipped")
    if summary.undated:
        parts.append(f"{count(summary.undated, 'event')} without ts left out by --since")
    return "; ".join(parts)


def render_markdown(report: InsightsReport) -> str:
    """For a GitHub issue: the summary, then gaps and articles as tables."""
    summary = report.summary
    since = f" since {report.since}" if report.since else ""
    lines = [
        f"## Reader insights{since}",
        "",
        "| Searches | Found nothing | Helpful | Unhelpful | Support contacts |",
        "| ---: | ---: | ---: | ---: | ---: |",
        f"| {summary.searches} | {summary.zero_result_searches} "
        f"({percent(summary.zero_result_share)}) | {summary.helpful} | {summary.unhelpful} "
        f"| {summary.contacts} ({percent(summary.contact_share)}) |",
        "",
        "### Content gaps",
        "",
    ]
    if report.content_gaps:
        lines += ["| Searches | Query |", "| ---: | --- |"]
        lines += [f"| {gap.searches} | {markdown_text(gap.query)} |" for gap in report.content_gaps]
    else:
        lines.append("No search came back empty.")
    lines += ["", "### Articles, least resolved first", ""]
    if report.articles:
        lines += [ARTICLE_HEADER, TABLE_RULE]
        lines += [markdown_row(row.path, row.title, row.signals) for row in report.articles]
    else:
        lines.append("No feedback or support contacts on articles.")
    if report.unknown_pages:
        lines += ["", "### Unknown pages", "", UNKNOWN_HEADER, TABLE_RULE]
        lines += [markdown_row(row.page, "", row.signals) for row in report.unknown_pages]
    return "\n".join(lines) + "\n"


def markdown_row(name: str, title: str, signals: ArticleSignals) -> str:
    """One table row; the title (escaped) after the path."""
    label = code_span(name) + (f" {markdown_text(title)}" if title else "")
    reasons = markdown_text(describe_reasons(signals)) or "-"
    return f"| {label} | {signals.helpful} | {signals.unhelpful} | {reasons} | {signals.contacts} |"


RENDERERS: dict[str, Callable[[InsightsReport], str]] = {
    "table": render_table,
    "markdown": render_markdown,
    "json": render_json,
    "csv": render_csv,
}
