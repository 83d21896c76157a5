"""Every ``pymdownx.snippets`` include of every page must resolve inside its base folder.

With ``check_paths: true`` (which kbgen requires) a missing include, or one reaching outside
``base_path`` (``../.env``, ``/etc/passwd``), fails the build from inside Python-Markdown.
``check`` and the build run the same snippets preprocessor, configured exactly as the build's,
over each page first and report ``path:line: snippet ...`` instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import markdown

from kbgen.config import SiteConfig
from kbgen.config.content import is_renderable
from kbgen.config.extensions import is_snippets
from kbgen.errors import KbgenError, Problem
from kbgen.mkdocs.config_builder import contained_snippets
from kbgen.mkdocs.page_templates import site_pages

PREPROCESSOR = "snippet"


class MissingSnippetError(KbgenError):
    """Pages include files the build cannot or must not read; one line per page."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def refuse_missing_snippets(site: SiteConfig) -> None:
    """The build's half: raise MissingSnippetError before any page is rendered."""
    problems = snippet_problems(site, site_pages(site))
    if problems:
        raise MissingSnippetError(problems)


def snippet_problems(site: SiteConfig, pages: Iterable[Path]) -> list[Problem]:
    """A problem for each page with an include the build's snippets would refuse."""
    expander = snippet_expander(site)
    if expander is None:
        return []
    problems = []
    for path in pages:
        if is_renderable(path.name) and (problem := include_problem(expander, path)):
            problems.append(problem)
    return problems


def snippet_expander(site: SiteConfig) -> markdown.Markdown | None:
    """Python-Markdown with the site's snippets extension as the build configures it."""
    item = next((item for item in site.markdown_extensions if names_snippets(item)), None)
    if item is None:
        return None
    configured = contained_snippets(item, site.root)
    name, options = (next(iter(configured.items())) if isinstance(configured, dict)
                     else (configured, {}))  # fmt: skip
    return markdown.Markdown(extensions=[name], extension_configs={name: options})


def names_snippets(item: Any) -> bool:
    """True for a ``markdown_extensions`` item that is ``pymdownx.snippets``."""
    name = next(iter(item), None) if isinstance(item, dict) else item
    return isinstance(name, str) and is_snippets(name)


def include_problem(expander: markdown.Markdown, path: Path) -> Problem | None:
    """Why the page's includes would fail the build (the first one found), or None."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None  # the page's own problem, reported by the content checks
    expander.reset()
    try:
        expander.preprocessors[PREPROCESSOR].run(lines)
    except Exception as error:  # whatever the preprocessor raises fails the build
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        return Problem(str(path), marker_line(lines, message), f"snippet: {message}")
    return None


def marker_line(lines: list[str], message: str) -> int | None:
    """The line of the include the message names (``Snippet at path 'x' ...``)."""
    quoted = message.split("'")
    target = quoted[1] if len(quoted) > 2 else None
    for number, line in enumerate(lines, start=1):
        if target and "--8<--" in line and target in line:
            return number
    return None
