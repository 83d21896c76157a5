"""Validation of a set of Markdown files, reporting every problem with its file path."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kbgen.config import ReviewPolicy
from kbgen.content.articles import load_articles
from kbgen.content.folder_defaults import FolderDefaults
from kbgen.content.selection import Target
from kbgen.errors import Problem


def check_articles(targets: Sequence[Target], policy: ReviewPolicy, today: date) -> list[Problem]:
    """Every problem in every target, with paths as they exist on disk (not relative)."""
    problems: list[Problem] = []
    for target in targets:
        defaults = FolderDefaults(target.root)
        articles = load_articles(target.files, target.root, policy, today, defaults)
        found = [problem for article in articles for problem in article.problems]
        found += defaults.problems
        problems += [
            Problem(str(target.root / problem.path), problem.line, problem.message)
            for problem in found
        ]
    return problems
