"""Which Markdown files a command works on: the content folder, or the PATHS given."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kbgen.config import ContentSettings, ReviewPolicy, SiteConfig
from kbgen.content.articles import iter_markdown


@dataclass(frozen=True, slots=True)
class Target:
    """Files to read and the folder their reported paths are relative to."""

    root: Path
    files: tuple[Path, ...]
    whole_folder: bool = True


def resolve_targets(paths: Sequence[Path], site: SiteConfig | None) -> list[Target]:
    """Default: the site's articles. Otherwise each folder (recursive) or file given."""
    content = site.content if site else ContentSettings()
    if not paths:
        if site is None:
            return []
        root = site.docs_dir
        return [Target(root, tuple(iter_markdown(root, articles_only=True, content=content)))]
    return [selection_of(Path(os.path.abspath(path)), content) for path in paths]


def selection_of(path: Path, content: ContentSettings | None = None) -> Target:
    """A folder means every file below it matching ``content.patterns``; a file means itself.

    The path is absolute but not resolved: a link is judged where it sits, so a link to
    outside its folder is reported rather than followed.
    """
    if path.is_dir():
        return Target(path, tuple(iter_markdown(path, content=content)))
    return Target(path.parent, (path,), whole_folder=False)


def policy_of(site: SiteConfig | None) -> ReviewPolicy:
    """The site's review policy, or the defaults when running without a site_config.yml."""
    return site.review if site else ReviewPolicy()
