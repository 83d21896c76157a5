"""What a build publishes from a folder: everything but ``.`` and ``_`` names.

``check`` skips ``_drafts/``, ``_partials.md`` and the like, so the build must not publish
them either: one rule, used by content discovery, the MkDocs exclusions and asset checks.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from kbgen.paths import CONTENT_LABEL, entry_problem

UNPUBLISHED_PREFIXES = (".", "_")
# The same rule as MkDocs ``exclude_docs`` (gitignore syntax, any depth; ``.*`` is MkDocs' default).
MKDOCS_EXCLUDE_DOCS = "_*\n"


def is_unpublished(name: str) -> bool:
    """True for a file or folder name that is never published nor checked."""
    return name.startswith(UNPUBLISHED_PREFIXES)


def published_files(root: Path) -> Iterator[str]:
    """Every file below ``root`` a build publishes, as sorted ``/``-separated paths.

    Links are judged exactly as the build judges them (``kbgen.paths``): folder links that
    stay inside ``root`` are followed; links that leave it, dangle or loop, and pipes,
    sockets or devices, are never published.
    """
    real_root = os.path.realpath(root)
    for folder, dirs, files in os.walk(root, followlinks=True):
        dirs[:] = sorted(
            name
            for name in dirs
            if not is_unpublished(name)
            and entry_problem(os.path.join(folder, name), real_root, CONTENT_LABEL) is None
        )
        for name in sorted(files):
            path = os.path.join(folder, name)
            if not is_unpublished(name) and not entry_problem(path, real_root, CONTENT_LABEL):
                yield Path(folder, name).relative_to(root).as_posix()
