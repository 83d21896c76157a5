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
from kbgen.content.articles import Article
from kbgen.content.link_index import site_link_articles
from kbgen.content.selection import Target
from kbgen.linear_data.items import SHIPPED, PublicItem, target_end
from kbgen.linear_data.link_data import LinkData, load_link_data
from kbgen.linear_data.snapshot import SnapshotMissingError, load_snapshot
from kbgen.review.report import ReportEntry


@dataclass(frozen=True, slots=True)
class LinkingFile:
    """An article file that links Linear items: where it is, how to name it, what it links."""

    path: Path
    shown: str
    linear: tuple[str, ...]


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


def linking_files(articles: Iterable[Article], content_dir: Path) -> list[LinkingFile]:
    """The articles that link Linear items, named relative to the content folder's parent."""
    return [
        LinkingFile(article.path, _shown_path(article.path, content_dir), article.linear)
        for article in articles
        if article.linear
    ]


def stale_promises(
    files: Iterable[LinkingFile], links: LinkData, phrases: Sequence[str]
) -> list[BrokenPromise]:
    """Articles linking a shipped item whose text still uses one of ``phrases``.

    Only the bodies of files linking a shipped item are read.
    """
    pattern = phrase_pattern(phrases)
    found: list[BrokenPromise] = []
    if pattern is None:
        return found
    for file in files:
        items = (links.get(identifier) for identifier in file.linear)  # moved: its id now
        shipped = {item.id: item.shipped_on for item in items if item and item.shipped_on}
        shipped_items = list(shipped.items())
        if not shipped_items:
            continue
        for line_number, phrase in phrase_lines(file.path, pattern):
            where = f"{file.shown}:{line_number}"
            for identifier, day in shipped_items:
                text = f"{where}: says {phrase!r} but {identifier} shipped {day}"
                found.append(BrokenPromise("stale-promise", identifier, text))
    return found


def scanned_linking_files(
    entries: Sequence[ReportEntry], targets: Sequence[Target]
) -> list[LinkingFile]:
    """The scanned articles that link Linear items, located on disk under their target."""
    found = []
    for entry in entries:
        for target in targets if entry.linear else ():
            path = target.root / entry.path
            if path.is_file():
                found.append(LinkingFile(path, f"{target.root.name}/{entry.path}", entry.linear))
                break
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
    """Every broken promise the snapshot, the recorded link data and the articles show."""
    links = load_link_data(settings.links_path(site.root))
    files = site_linking_files(site) if links is not None else []
    return promises_of(site, settings, today, files, links)


def promises_of(
    site: SiteConfig,
    settings: LinearSettings,
    today: date | None,
    files: Sequence[LinkingFile],
    links: LinkData | None,
) -> list[BrokenPromise]:
    """Missed targets in the snapshot, then ``files`` still promising what ``links`` (the
    last pull's record, None when there is none) says has shipped.

    `kbgen stale` passes the linking files its scan found and the link data it loaded.
    """
    day = today or datetime.now(timezone.utc).date()
    try:
        items = load_snapshot(settings.snapshot_path(site.root)).items
    except SnapshotMissingError:  # no pull yet; a corrupt snapshot is an error, not empty
        items = ()
    found = missed_targets(items, day)
    if links is None:
        return found
    return found + stale_promises(files, links, settings.promise_phrases)


def site_linking_files(site: SiteConfig) -> list[LinkingFile]:
    """The site's articles that link Linear items."""
    return linking_files(site_link_articles(site), site.docs_dir)


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
