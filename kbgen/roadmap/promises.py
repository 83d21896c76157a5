"""Broken promises: public roadmap targets that passed unshipped, and articles that still
promise ("coming soon", "beta", "not yet available") work that has shipped.

Works offline from the snapshot, the link data and the articles; for a non-public linked
item only its identifier and ship date are named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from kbgen.config import SiteConfig
from kbgen.config.linear import LinearSettings
from kbgen.content.articles import Article, iter_markdown, load_articles
from kbgen.content.folder_defaults import FolderDefaults
from kbgen.linear.public import SHIPPED, PublicItem
from kbgen.linear.snapshot import SnapshotError, load_snapshot
from kbgen.review.link_data import LinkData, load_link_data
from kbgen.roadmap.models import target_end


@dataclass(frozen=True, slots=True)
class BrokenPromise:
    """One promise not kept, as a line a person can act on."""

    kind: str  # "missed-target" or "stale-promise"
    id: str
    text: str


def missed_targets(items: Iterable[PublicItem], today: date) -> list[BrokenPromise]:
    """Public items whose target has passed without shipping."""
    found = []
    for item in items:
        if item.status == SHIPPED or not item.target:
            continue
        if target_end(item.target) >= today.isoformat():
            continue
        text = f"{item.id} ({item.title}) missed its target {item.target} and has not shipped"
        found.append(BrokenPromise("missed-target", item.id, text))
    return found


def stale_promises(
    articles: Iterable[Article], links: LinkData, phrases: Sequence[str], content_dir: Path
) -> list[BrokenPromise]:
    """Articles linking a shipped item whose text still uses one of ``phrases``."""
    pattern = phrase_pattern(phrases)
    found: list[BrokenPromise] = []
    if pattern is None:
        return found
    for article in articles:
        shipped = [(i, links.get(i)) for i in article.linear]
        shipped_items = [(i, item.shipped_on) for i, item in shipped if item and item.shipped_on]
        if not shipped_items:
            continue
        for line_number, phrase in phrase_lines(article.path, pattern):
            where = f"{_shown_path(article.path, content_dir)}:{line_number}"
            for identifier, day in shipped_items:
                text = f"{where}: says {phrase!r} but {identifier} shipped {day}"
                found.append(BrokenPromise("stale-promise", identifier, text))
    return found


def phrase_pattern(phrases: Sequence[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern matching any phrase as whole words."""
    if not phrases:
        return None
    alternatives = "|".join(re.escape(phrase) for phrase in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def phrase_lines(path: Path, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    """(line, phrase as written) for each match in the body (after the frontmatter)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    start = _body_start(lines)
    return [
        (number, match.group(0))
        for number, line in enumerate(lines[start:], start + 1)
        for match in pattern.finditer(line)
    ]


def broken_promises(
    site: SiteConfig, settings: LinearSettings, today: date | None = None
) -> list[BrokenPromise]:
    """Every broken promise the recorded Linear data and the articles show."""
    day = today or datetime.now(timezone.utc).date()
    try:
        items = load_snapshot(settings.snapshot_path(site.root)).items
    except SnapshotError:
        items = ()
    found = missed_targets(items, day)
    links = load_link_data(settings.links_path(site.root))
    if links is not None and site.docs_dir.is_dir():
        root = site.docs_dir
        files = iter_markdown(root, articles_only=True)
        defaults = FolderDefaults(root)
        articles = load_articles(files, root, site.review, None, defaults, check_body=False)
        found += stale_promises(articles, links, settings.promise_phrases, root)
    return found


def describe_promises(promises: Sequence[BrokenPromise]) -> list[str]:
    """Terminal lines for ``kbgen linear check``."""
    if not promises:
        return ["Broken promises: none"]
    return [f"Broken promises ({len(promises)}):", *(f"  {p.text}" for p in promises)]


def _body_start(lines: list[str]) -> int:
    if not lines or lines[0].strip() != "---":
        return 0
    for index, line in enumerate(lines[1:], 1):
        if line.strip() in ("---", "..."):
            return index + 1
    return 0


def _shown_path(path: Path, content_dir: Path) -> str:
    try:
        return (content_dir.name / path.resolve().relative_to(content_dir.resolve())).as_posix()
    except ValueError:
        return path.as_posix()
