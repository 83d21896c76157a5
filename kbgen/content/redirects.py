"""Which old URLs redirect where: ``redirect_from:`` in frontmatter, ``redirects:`` in
site_config.yml, then git's rename history, for every URL the record says was published.

One plan serves ``kbgen build`` (it writes a redirect page per ``Redirect``) and
``kbgen check`` (it fails on each URL in ``unresolved``: it would now 404).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kbgen.config.redirects import (
    PAGE_SUFFIXES,
    RedirectRule,
    is_source_path,
    site_path_problem,
    url_path,
)
from kbgen.content.articles import Article
from kbgen.content.page_urls import source_url
from kbgen.content.published_urls import PublishedUrl
from kbgen.errors import Problem

REDIRECT_FROM = "redirect_from"
HOME_URL = "/"


@dataclass(frozen=True, slots=True)
class Redirect:
    """An old URL and the published page it now leads to, and why."""

    old: str
    new: str
    reason: str


@dataclass(frozen=True, slots=True)
class Declared:
    """A redirect someone wrote down: the old path as written, its target URL, and where."""

    old: str
    new: str
    reason: str
    where: Problem
    """Where it was written (path and line); its message is unused."""


@dataclass(frozen=True, slots=True)
class RedirectPlan:
    """Every redirect a build writes, every recorded URL that would 404, and bad entries."""

    redirects: tuple[Redirect, ...] = ()
    unresolved: tuple[PublishedUrl, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)


def plan_redirects(
    published: Mapping[str, str],
    record: Iterable[PublishedUrl],
    declared: Iterable[Declared],
    renames: Mapping[str, str],
    is_listing: Callable[[str], bool] = lambda source: False,
) -> RedirectPlan:
    """Resolve each URL no longer in ``published`` (URL -> source path).

    A page kbgen generated (``is_listing``: a category page whose folder is gone, a changelog
    entry that left the changelog, the roadmap of a site that no longer has one) leads to the
    nearest published page above it (the changelog, else the home page): it had no text of its
    own.
    """
    rules: dict[str, Redirect] = {}
    problems: list[Problem] = []
    for item in declared:
        problem = declared_problem(item, published, rules)
        if problem is not None:
            problems.append(Problem(item.where.path, item.where.line, problem))
        else:
            rules[url_of(item.old)] = Redirect(url_of(item.old), item.new, item.reason)
    urls_by_source = {source: url for url, source in published.items()}
    unresolved = []
    for entry in record:
        if entry.url in published or entry.url in rules:
            continue
        moved_to = renames.get(entry.source)
        if moved_to is not None and moved_to in urls_by_source:
            reason = f"git: {entry.source} was renamed {moved_to}"
            rules[entry.url] = Redirect(entry.url, urls_by_source[moved_to], reason)
        elif is_listing(entry.source) and (parent := published_parent(entry.url, published)):
            reason = f"{entry.source} was a page kbgen generated"
            rules[entry.url] = Redirect(entry.url, parent, reason)
        else:
            unresolved.append(entry)
    for redirect in renamed_pages(renames, urls_by_source):
        if redirect.old not in published:  # also pages renamed before a build recorded them
            rules.setdefault(redirect.old, redirect)
    return RedirectPlan(
        tuple(rules[url] for url in sorted(rules)), tuple(unresolved), tuple(problems)
    )


def published_parent(url: str, published: Mapping[str, str]) -> str | None:
    """The nearest published URL above ``url`` (``/changelog/x/`` -> ``/changelog/``), the
    home page last; None when not even the home page is published."""
    parts = url.strip("/").split("/")[:-1]
    while parts:
        candidate = "/" + "/".join(parts) + "/"
        if candidate in published:
            return candidate
        parts.pop()
    return HOME_URL if HOME_URL in published else None


def renamed_pages(renames: Mapping[str, str], urls_by_source: Mapping[str, str]) -> list[Redirect]:
    """A redirect from each page git saw renamed to the page it is now, when published."""
    return [
        Redirect(
            source_url(source), urls_by_source[moved_to], f"git: {source} was renamed {moved_to}"
        )
        for source, moved_to in renames.items()
        if is_page_source(source) and moved_to in urls_by_source
    ]


def is_page_source(path: str) -> bool:
    """True for a Markdown page's source path (not an image or other file)."""
    return path.endswith(PAGE_SUFFIXES)


def url_of(path: str) -> str:
    """The URL a redirect's path names: a source path's page URL, or the URL itself."""
    return source_url(path.lstrip("/")) if is_source_path(path) else url_path(path)


def declared_problem(
    item: Declared, published: Mapping[str, str], rules: Mapping[str, Redirect]
) -> str | None:
    """Why a written redirect cannot be used (None when it can)."""
    if problem := site_path_problem(item.old):
        return f"{item.reason}: old path {item.old!r} {problem}"
    old = url_of(item.old)
    if old in published:
        return f"{item.reason}: {old} is still published (from {published[old]}); remove it"
    if item.new.partition("#")[0] not in published:
        return f"{item.reason}: target {item.new} is not a page of the site"
    if old in rules and rules[old].new != item.new:
        return f"{item.reason}: {old} already redirects to {rules[old].new} ({rules[old].reason})"
    return None


def frontmatter_redirects(
    articles: Iterable[Article], content_dir: Path
) -> tuple[list[Declared], list[Problem]]:
    """Every ``redirect_from:`` entry of every page, leading to that page's URL; a value
    that is not a list of paths is a problem at its line."""
    declared, problems = [], []
    for article in articles:
        value = article.meta.get(REDIRECT_FROM)
        if value is None or article.unreadable:
            continue
        where = Problem(str(content_dir / article.rel_path), key_line(article.path), "")
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(old, str) for old in values):
            message = f"{REDIRECT_FROM} must be a list of old paths such as /billing/refunds/"
            problems.append(Problem(where.path, where.line, message))
            continue
        reason = f"{REDIRECT_FROM} in {article.rel_path}"
        declared += [Declared(old, source_url(article.rel_path), reason, where) for old in values]
    return declared, problems


def config_redirects(rules: Iterable[RedirectRule], config_file: Path) -> list[Declared]:
    """Every ``redirects:`` entry of site_config.yml, its target as a URL."""
    return [
        Declared(
            rule.old,
            url_of(rule.new) if is_source_path(rule.new) else url_path(rule.new),
            "redirects in site_config.yml",
            Problem(str(config_file), rule.line or None, ""),
        )
        for rule in rules
    ]


def key_line(path: Path) -> int | None:
    """The line of ``redirect_from:`` in a page's frontmatter."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    prefix = f"{REDIRECT_FROM}:"
    return next((n for n, line in enumerate(lines, 1) if line.startswith(prefix)), None)


def unresolved_message(entry: PublishedUrl) -> str:
    """Why ``kbgen check`` fails on a URL that would 404 now."""
    return (
        f"{entry.url} was published (from {entry.source}, last built "
        f"{entry.last_built.isoformat()}) and would now 404: add it to `{REDIRECT_FROM}:` in "
        "the page that replaces it, map it under `redirects:` in site_config.yml, or "
        "`kbgen move` the page instead of renaming it"
    )
