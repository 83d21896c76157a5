"""URLs never break: the pages a build publishes, the record of every URL ever published,
and a redirect page at each old URL that is no longer a page.

``kbgen check`` asks ``expected_pages`` (the same names MkDocs gives, without a build) and
``plan_for``; a build asks ``built_pages`` and ``plan_for``, writes the redirect pages, and
``save`` records its URLs in ``data/published-urls.json`` once the new site is in place.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Protocol

from kbgen.config import SiteConfig
from kbgen.config.redirects import url_path
from kbgen.content.git_history import renamed_files
from kbgen.content.knowledge_base import KnowledgeBase, load_knowledge_base
from kbgen.content.page_urls import not_built_message, source_url, url_file
from kbgen.content.published import published_files
from kbgen.content.published_urls import (
    PublishedUrl,
    PublishedUrlsError,
    check_record_path,
    entry_line,
    read_record,
    record_path,
    updated_record,
    write_record,
)
from kbgen.content.redirects import (
    RedirectPlan,
    config_redirects,
    frontmatter_redirects,
    plan_redirects,
    unresolved_message,
)
from kbgen.errors import Problem
from kbgen.mkdocs import generated_pages
from kbgen.pages.redirect_page import redirect_html


@dataclass(frozen=True, slots=True)
class PendingRecord:
    """The record a finished build writes once its site is swapped in."""

    path: Path
    record: tuple[PublishedUrl, ...]
    site: SiteConfig

    def save(self) -> None:
        """Write ``data/published-urls.json`` (atomically, under the path policy)."""
        write_record(self.path, self.record, self.site.sources)


MARKDOWN_PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
"""The names MkDocs builds as pages (``mkdocs.utils.markdown_extensions``)."""
PENDING: dict[Path, PendingRecord] = {}
"""The record of the last finished build of each site (by config path), saved by
``kbgen build`` once the site is in place: a failed build never records its URLs."""


class BuiltFile(Protocol):
    """What a page of MkDocs' (or ProperDocs') file collection tells: source and output."""

    src_uri: str
    dest_uri: str


def built_pages(files: Iterable[BuiltFile]) -> dict[str, str]:
    """URL -> source path of every page the engine is building."""
    return {url_path(file.dest_uri): file.src_uri for file in files}


def expected_pages(site: SiteConfig, kb: KnowledgeBase) -> dict[str, str]:
    """URL -> source path of every page a build of ``site`` publishes (no build needed)."""
    sources = [
        name
        for name in published_files(site.docs_dir)
        if name.endswith(MARKDOWN_PAGE_SUFFIXES) and site.content.matches(posixpath.basename(name))
    ]
    sources += [generated_pages.HOME, generated_pages.TAGS]
    sources += [category.page for category in kb.categories]
    if site.linear is not None:
        sources += [generated_pages.ROADMAP, generated_pages.CHANGELOG]
    pages: dict[str, str] = {}
    for source in sources:
        pages.setdefault(source_url(source), source)
    return pages


def plan_for(site: SiteConfig, kb: KnowledgeBase, pages: Mapping[str, str]) -> RedirectPlan:
    """Every redirect and every URL that would 404, for a site publishing ``pages``."""
    declared, problems = frontmatter_redirects(kb.by_path.values(), site.docs_dir)
    declared += config_redirects(site.redirects, site.path)
    record = read_record(record_path(site.root))
    listing = partial(is_generated_listing, site.docs_dir)
    plan = plan_redirects(pages, record, declared, renamed_files(site.docs_dir), listing)
    return RedirectPlan(plan.redirects, plan.unresolved, (*problems, *plan.problems))


def site_checks(site: SiteConfig, today: date) -> tuple[list[Problem], list[str]]:
    """``kbgen check``'s whole-site half: bad redirects and each once-published URL that
    would 404 (problems), and the ERB pages a build would skip (a note, as the build says)."""
    kb = load_knowledge_base(site, today, check_body=False)
    notes = [not_built_message(kb.not_rendered)] if kb.not_rendered else []
    try:
        check_record_path(record_path(site.root), site.sources)
        plan = plan_for(site, kb, expected_pages(site, kb))
    except PublishedUrlsError as error:
        return [Problem(str(record_path(site.root)), None, error.reason)], notes
    return plan_problems(site, plan), notes


def plan_problems(site: SiteConfig, plan: RedirectPlan) -> list[Problem]:
    """The plan's problems, then one per URL that would 404, at its line in the record."""
    path = record_path(site.root)
    return [
        *plan.problems,
        *(
            Problem(str(path), entry_line(path, entry.url), unresolved_message(entry))
            for entry in plan.unresolved
        ),
    ]


GENERATED_LISTINGS = frozenset(
    {generated_pages.TAGS, generated_pages.ROADMAP, generated_pages.CHANGELOG}
)


def is_generated_listing(docs_dir: Path, source: str) -> bool:
    """True for a page kbgen generates as a listing (a category page, tags, roadmap,
    changelog) that the content folder does not hold as a file of its own."""
    folder, _, name = source.rpartition("/")
    category_page = name == "index.md" and folder != "" and "/" not in folder
    changelog_entry = folder == "changelog" and name.endswith(".md")  # changelog/<slug>.md
    listing = source in GENERATED_LISTINGS or category_page or changelog_entry
    return listing and not (docs_dir / source).exists()


def write_redirect_pages(site_dir: Path, plan: RedirectPlan, site_url: str | None) -> list[str]:
    """Write a redirect page at each old URL of ``plan``; warnings for any that cannot be."""
    warnings = []
    for redirect in plan.redirects:
        target = site_dir / url_file(redirect.old)
        if target.exists() or target.is_symlink():
            warnings.append(f"{redirect.old}: not redirected ({target.name} is already built)")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(redirect_html(redirect.old, redirect.new, site_url), encoding="utf-8")
    return warnings


def pending_record(site: SiteConfig, pages: Mapping[str, str], today: date) -> PendingRecord:
    """The record after this build: its pages added or brought up to date."""
    path = record_path(site.root)
    check_record_path(path, site.sources)  # refused now, before the new site is swapped in
    return PendingRecord(path, updated_record(read_record(path), pages, today), site)


def publish_redirects(
    site: SiteConfig,
    kb: KnowledgeBase,
    pages: Mapping[str, str],
    site_dir: Path,
    today: date,
    record: bool,
) -> list[str]:
    """Write the redirect pages of a build; with ``record``, keep its record for ``save``.
    Returns the warnings: bad redirects, unwritable pages, URLs that now 404."""
    plan = plan_for(site, kb, pages)
    warnings = [str(problem) for problem in plan_problems(site, plan)]
    warnings += write_redirect_pages(site_dir, plan, site.site_url)
    PENDING.pop(site.path, None)
    if record:
        PENDING[site.path] = pending_record(site, pages, today)
    return warnings


def save_published_urls(config_file: Path) -> None:
    """Record the URLs of the build of ``config_file`` that just finished (if it recorded)."""
    pending = PENDING.pop(Path(config_file).resolve(), None)
    if pending is not None:
        pending.save()
