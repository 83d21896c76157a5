"""``llms.txt`` and ``llms-full.txt``: the help centre for AI assistants (llmstxt.org format).

Every line about an article is made from its ``api/articles.json`` record, so the index,
the twins and the JSON API say the same thing; articles that may be out of date say so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kbgen.atomic import write_atomic
from kbgen.content.articles import Article
from kbgen.content.knowledge_base import Category
from kbgen.dates import display_date
from kbgen.pages.markdown_text import link_destination, markdown_link, markdown_text
from kbgen.pages.twins import absolute_url, twin_file, twin_path
from kbgen.review.status import ReviewStatus
from kbgen.roadmap.entry_pages import entry_paths
from kbgen.roadmap.models import COLUMNS, RoadmapData, target_text

LLMS_TXT = "llms.txt"
LLMS_FULL_TXT = "llms-full.txt"
MAY_BE_OUT_OF_DATE = "may be out of date"
PAGES_SECTION = "Pages"
"""The section of the pages at the top of the content folder (``contact.md``)."""
RELATIVE_URLS_NOTE = (
    "site_url is not set: llms.txt, llms-full.txt and the Markdown twins use URLs relative to "
    "the site root (set site_url for absolute ones)"
)
_COLUMN_NAMES = dict(COLUMNS)


@dataclass(frozen=True, slots=True)
class Published:
    """What one build publishes for assistants: records by article path, in navigation order.

    ``records`` are the ``api/articles.json`` records of the articles that have a page;
    ``twins`` their twins' full text by article path; ``roadmap_url`` and ``changelog_url``
    the roadmap pages (site-relative), when the site has a roadmap.
    """

    site_name: str
    summary: str | None
    site_url: str | None
    sections: tuple[tuple[str, tuple[Mapping[str, Any], ...]], ...]
    twins: Mapping[str, str]
    roadmap: RoadmapData | None = None
    roadmap_url: str | None = None
    changelog_url: str | None = None

    @property
    def in_order(self) -> Iterable[Mapping[str, Any]]:
        """Every published article record, in navigation order."""
        for _, records in self.sections:
            yield from records


def sections_of(
    categories: Sequence[Category],
    records: Iterable[Mapping[str, Any]],
    pages: Sequence[Article] = (),
) -> tuple[tuple[str, tuple[Mapping[str, Any], ...]], ...]:
    """The records grouped under their categories, in navigation order, then the pages at
    the top of the content folder under ``Pages``; only articles with a page (a URL) are
    published."""
    by_path = {record["path"]: record for record in records if record.get("url")}
    groups = [(category.title, category.articles) for category in categories]
    sections = []
    for title, articles in [*groups, (PAGES_SECTION, tuple(pages))]:
        listed = tuple(by_path[item.rel_path] for item in articles if item.rel_path in by_path)
        if listed:
            sections.append((title, listed))
    return tuple(sections)


def status_note(record: Mapping[str, Any]) -> str | None:
    """``changed on 20 November 2026: may be out of date`` for a changed or overdue article;
    None for any other status."""
    status = record.get("status")
    if status not in (ReviewStatus.CHANGED.value, ReviewStatus.OVERDUE.value):
        return None
    parts = []
    changes = record.get("changes") or []
    if changes:
        newest = max(date.fromisoformat(change["date"]) for change in changes)
        parts.append(f"changed on {display_date(newest)}")
    if status == ReviewStatus.OVERDUE.value:
        due = record.get("due")
        since = f" since {display_date(date.fromisoformat(due))}" if due else ""
        parts.append(f"review overdue{since}")
    return f"{', '.join(parts)}: {MAY_BE_OUT_OF_DATE}"


def article_line(record: Mapping[str, Any], site_url: str | None) -> str:
    """``- [Title](URL.md): description (changed on ...: may be out of date)``."""
    link = markdown_link(str(record["title"]), absolute_url(twin_path(record["url"]), site_url))
    description = markdown_text(str(record.get("description") or ""))
    note = status_note(record)
    if note:
        description = f"{description} ({note})" if description else f"({note})"
    return f"- {link}: {description}" if description else f"- {link}"


def llms_txt(published: Published) -> str:
    """The index: title, summary, one section per category, then the roadmap and changelog."""
    lines = [f"# {markdown_text(published.site_name)}", ""]
    if published.summary:
        lines += [f"> {markdown_text(published.summary)}", ""]
    lines += [
        "Each article links its Markdown copy, whose frontmatter says when it was last reviewed "
        "and whether it may be out of date.",
        "",
    ]
    for title, records in published.sections:
        lines += [f"## {markdown_text(title)}", ""]
        lines += [article_line(record, published.site_url) for record in records]
        lines.append("")
    lines += roadmap_lines(published)
    return "\n".join(lines).rstrip("\n") + "\n"


def roadmap_lines(published: Published) -> list[str]:
    """The public roadmap's items (linked to their cards, targets as month and year) and the
    changelog's entries (linked to their own pages)."""
    data = published.roadmap
    if data is None or published.roadmap_url is None or published.changelog_url is None:
        return []
    roadmap = absolute_url(published.roadmap_url, published.site_url)
    lines = ["## Roadmap", ""]
    for card in data.items:
        item = card.item
        status = _COLUMN_NAMES.get(item.status, item.status)
        shown = target_text(item.target)
        target = f", target {markdown_text(shown)}" if shown else ""
        lines.append(f"- {markdown_link(item.title, f'{roadmap}#{card.anchor}')}: {status}{target}")
    lines += ["", "## Changelog", ""]
    pages = entry_paths(data.entries)
    for entry in data.entries:
        link = markdown_link(
            entry.item.title, absolute_url(pages[entry.anchor], published.site_url)
        )
        lines.append(f"- {link}: shipped on {display_date(entry.shipped_at)}")
    return [*lines, ""]


def llms_full_txt(published: Published) -> str:
    """Every twin in navigation order, each under its title and the URL of its page."""
    lines = [f"# {markdown_text(published.site_name)}", ""]
    if published.summary:
        lines += [f"> {markdown_text(published.summary)}", ""]
    for record in published.in_order:
        url = absolute_url(twin_path(record["url"]), published.site_url)
        lines += [
            f"## {markdown_text(str(record['title']))}",
            "",
            f"Source: <{link_destination(url)}>",
            "",
        ]
        lines += [published.twins[record["path"]].rstrip("\n"), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_llms_exports(site_dir: Path, published: Published) -> None:
    """Write every twin at its path, ``llms.txt`` and ``llms-full.txt`` under ``site_dir``."""
    for record in published.in_order:
        write_site_text(site_dir / twin_file(record["url"]), published.twins[record["path"]])
    write_site_text(site_dir / LLMS_TXT, llms_txt(published))
    write_site_text(site_dir / LLMS_FULL_TXT, llms_full_txt(published))


def write_site_text(path: Path, text: str) -> None:
    """One UTF-8 text file of the site, its folder created."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))
