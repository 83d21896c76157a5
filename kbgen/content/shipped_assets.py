"""kbgen's own theme assets, which no content file may replace.

MkDocs lets a file in the docs folder win over a theme file of the same path, so
``content/assets/kbgen/help-widget.js`` would silently replace the widget product pages
embed. ``check`` and the build both use these functions, so they agree on what is refused;
the adapter passes in where kbgen's theme is installed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from kbgen.content.published import published_files
from kbgen.errors import KbgenError, Problem

RESERVED_PREFIX = "assets/kbgen/"


class ShadowingError(KbgenError):
    """Content files would replace kbgen's own assets; one line per file."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


_TEMPLATE_SUFFIXES = (".html", ".py", ".pyc", ".yml")


def shipped_assets(theme_dir: Path) -> frozenset[str]:
    """Paths (relative, ``/``-separated) of the static files kbgen's theme ships."""
    if not theme_dir.is_dir():
        return frozenset()
    return frozenset(name for name in published_files(theme_dir) if is_static(name))


def is_static(rel_path: str) -> bool:
    """True for a theme file MkDocs copies to the site (not a template)."""
    return not rel_path.lower().endswith(_TEMPLATE_SUFFIXES)


def shadows(rel_path: str, shipped: frozenset[str]) -> bool:
    """True when a content file at ``rel_path`` would replace one of kbgen's assets.

    Compared case-insensitively: on macOS and Windows ``Assets/KBGEN/`` is the same folder.
    """
    folded = rel_path.casefold()
    return folded.startswith(RESERVED_PREFIX) or folded in {name.casefold() for name in shipped}


def shadowing_problems(
    docs_dir: Path, rel_paths: Iterable[str], shipped: frozenset[str]
) -> list[Problem]:
    """One problem per content file that would replace a kbgen asset, sorted by path."""
    return [
        Problem(str(docs_dir / rel_path), None, shadowing_message(rel_path, shipped))
        for rel_path in sorted(rel_paths)
        if shadows(rel_path, shipped)
    ]


def shadowing_message(rel_path: str, shipped: frozenset[str]) -> str:
    """What is wrong with a content file at a reserved path, and what to do."""
    if rel_path in shipped:
        return f"would replace kbgen's own asset {rel_path}; rename or move it"
    return f"{RESERVED_PREFIX} is reserved for kbgen's own assets; rename or move it"


def check_assets(docs_dir: Path, paths: Sequence[Path], shipped: frozenset[str]) -> list[Problem]:
    """Content files (in ``paths``, default all) that would replace kbgen's own assets."""
    rel_paths: set[str] = set()
    for path in paths or (docs_dir,):
        rel_paths.update(published_below(path.resolve(), docs_dir))
    return shadowing_problems(docs_dir, rel_paths, shipped)


def published_below(path: Path, docs_dir: Path) -> list[str]:
    """Published content files at or below ``path``, relative to ``docs_dir``."""
    if docs_dir.is_relative_to(path):
        return list(published_files(docs_dir))
    if not path.is_relative_to(docs_dir):
        return []
    prefix = path.relative_to(docs_dir).as_posix()
    if path.is_file():
        return [prefix]
    return [f"{prefix}/{name}" if prefix != "." else name for name in published_files(path)]
