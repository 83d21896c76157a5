"""Symbolic links in the content folder: only links that stay inside it may be read.

A link to ``/proc/self/environ``, ``/etc/passwd`` or an outside folder would put that
file on the public site; a dangling link or a loop would crash the build. Each is a
problem reported at the link's own path, and nothing behind it is read or published.
The rules are kbgen's one path policy (``kbgen.paths``), applied to the content folder.
"""

from __future__ import annotations

from pathlib import Path

from kbgen.errors import Problem
from kbgen.paths import (
    BROKEN,
    CONTENT_LABEL,
    HARD_LINK,
    LOOP,
    OUTSIDE,
    SPECIAL,
    is_within,
    scan_tree,
    symlink_problem,
)

__all__ = [
    "BROKEN",
    "HARD_LINK",
    "LOOP",
    "OUTSIDE",
    "SPECIAL",
    "is_within",
    "scan_links",
    "symlink_problem",
]


def scan_links(root: Path) -> list[Problem]:
    """Every bad link (or pipe, socket, device, hard-linked file) below ``root``, not below
    hidden names, sorted.

    Folder links are not descended into: a good one leads to content scanned anyway.
    """
    return scan_tree(root, CONTENT_LABEL)


def bad_link_paths(problems: list[Problem]) -> tuple[str, ...]:
    """The paths of the entries ``scan_links`` found, for excluding what lies below them."""
    refused = (OUTSIDE, BROKEN, LOOP, SPECIAL, HARD_LINK)
    return tuple(problem.path for problem in problems if problem.message in refused)


def is_behind(src_uri: str, links: tuple[str, ...]) -> bool:
    """True when ``src_uri`` is one of ``links`` or lies below one of them."""
    return any(src_uri == link or src_uri.startswith(link + "/") for link in links)
