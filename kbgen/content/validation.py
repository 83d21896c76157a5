"""Validation of a set of Markdown files, reporting every problem with its file path."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from kbgen.config import ReviewPolicy
from kbgen.content.articles import Article, load_articles
from kbgen.content.body_checks import body_problems, content_files
from kbgen.content.folder_defaults import FolderDefaults
from kbgen.content.links import scan_links
from kbgen.content.selection import Target
from kbgen.errors import Problem

EMPTY_DESCRIPTION = (
    "description is empty: write the one line shown in search results and listings, "
    "or remove the key"
)


def writing_problems(target: Target, articles: list[Article]) -> list[Problem]:
    """What only ``check`` looks for: broken links, leftover placeholders, empty descriptions."""
    known = content_files(target.link_base)
    problems = []
    for article in articles:
        if article.unreadable:
            continue  # kbgen refused to read it (a bad link, a bad frontmatter): reported
        try:
            text = article.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the frontmatter check
        if "description" in article.meta and not str(article.meta["description"] or "").strip():
            line = key_line(text, "description")
            problems.append(Problem(article.rel_path, line, EMPTY_DESCRIPTION))
        found = body_problems(link_path(target, article.rel_path), text, known)
        problems += [replace(problem, path=article.rel_path) for problem in found]
    return problems


def link_path(target: Target, rel_path: str) -> str:
    """Where the article at ``rel_path`` (below the target's root) lies below its link base."""
    if target.links_root is None:
        return rel_path
    located = os.path.join(os.path.realpath(target.root), rel_path)
    return Path(os.path.relpath(located, target.links_root)).as_posix()


def key_line(text: str, key: str) -> int:
    """The file line where a top-level frontmatter ``key:`` is written (1 if not found)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def check_articles(targets: Sequence[Target], policy: ReviewPolicy, today: date) -> list[Problem]:
    """Every problem in every target, with paths as they exist on disk (not relative)."""
    problems: list[Problem] = []
    for target in targets:
        # A folder inside the content folder inherits its parents' _defaults.yml (owner,
        # review_every, tags) exactly as in a check of the whole folder.
        defaults = FolderDefaults(target.link_base)
        articles = load_articles(target.files, target.root, policy, today, defaults)
        found = [problem for article in articles for problem in article.problems]
        found += writing_problems(target, articles)
        if target.whole_folder:
            found += scan_links(target.root)
        found = list(dict.fromkeys(found))
        problems += [
            Problem(str(target.root / problem.path), problem.line, problem.message)
            for problem in found
        ]
        problems += [
            Problem(str(target.link_base / problem.path), problem.line, problem.message)
            for problem in dict.fromkeys(defaults.problems)
        ]
    return list(dict.fromkeys(problems))
