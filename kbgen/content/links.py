"""Symbolic links in the content folder: only links that stay inside it may be read.

A link to ``/proc/self/environ``, ``/etc/passwd`` or an outside folder would put that
file on the public site; a dangling link or a loop would crash the build. Each is a
problem reported at the link's own path, and nothing behind it is read or published.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from kbgen.errors import Problem

OUTSIDE = "symlink to outside the content folder"
BROKEN = "broken symlink"
LOOP = "symlink loop"


def link_problem(path: str | Path, real_root: str) -> str | None:
    """Why the link at ``path`` must not be followed (None when it is not a bad link).

    ``real_root`` is the content folder's real path. A folder link to the folder it sits
    in, or to one above it, is a loop: following it would publish the tree again and again.
    """
    if not os.path.islink(path):
        return None
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as error:
        return LOOP if error.errno == errno.ELOOP else BROKEN
    if not is_within(real, real_root):
        return OUTSIDE
    if os.path.isdir(real) and is_within(os.path.realpath(os.path.dirname(path)), real):
        return LOOP
    return None


def is_within(path: str, folder: str) -> bool:
    """True when the real path ``path`` is ``folder`` or below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def scan_links(root: Path) -> list[Problem]:
    """Every bad link below ``root`` (files and folders, not below hidden names), sorted.

    Folder links are not descended into: a good one leads to content scanned anyway.
    """
    real_root = os.path.realpath(root)
    problems = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(dirs + files):
            path = os.path.join(folder, name)
            message = None if name.startswith(".") else link_problem(path, real_root)
            if message:
                relative = os.path.relpath(path, root).replace(os.sep, "/")
                problems.append(Problem(relative, None, message))
    return sorted(problems, key=lambda problem: problem.path)


def bad_link_paths(problems: list[Problem]) -> tuple[str, ...]:
    """The paths of the links ``scan_links`` found, for excluding what lies below them."""
    return tuple(problem.path for problem in problems if problem.message in (OUTSIDE, BROKEN, LOOP))


def is_behind(src_uri: str, links: tuple[str, ...]) -> bool:
    """True when ``src_uri`` is one of ``links`` or lies below one of them."""
    return any(src_uri == link or src_uri.startswith(link + "/") for link in links)
