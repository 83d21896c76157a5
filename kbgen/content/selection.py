"""Which Markdown files a command works on: the content folder, or the PATHS given."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kbgen.config import ContentSettings, ReviewPolicy, SiteConfig
from kbgen.content.articles import is_index_page, iter_markdown


@dataclass(frozen=True, slots=True)
class Target:
    """Files to read and the folder their reported paths are relative to."""

    root: Path
    files: tuple[Path, ...]
    whole_folder: bool = True
    links_root: Path | None = None
    """The folder relative links resolve against, when not ``root``: the content folder,
    for a folder or file inside it (a link to another category is not "outside")."""

    @property
    def link_base(self) -> Path:
        """The folder relative links in the target's files resolve against."""
        return self.links_root or self.root


def resolve_targets(paths: Sequence[Path], site: SiteConfig | None) -> list[Target]:
    """Default: the site's articles. Otherwise each folder (recursive) or file given."""
    content = site.content if site else ContentSettings()
    if not paths:
        if site is None:
            return []
        root = site.docs_dir
        return [Target(root, tuple(iter_markdown(root, articles_only=True, content=content)))]
    selected = [selection_of(Path(os.path.abspath(path)), content) for path in paths]
    return [in_content_folder(target, site) for target in selected]


def in_content_folder(target: Target, site: SiteConfig | None) -> Target:
    """``target`` with the site's content folder as its link base when it lies inside it;
    a folder there means the pages a check of the whole content folder judges in it (a
    folder's own ``index.md`` is kbgen's home or category page, not one of them)."""
    if site is None or not Path(os.path.realpath(target.root)).is_relative_to(site.docs_dir):
        return target
    files = target.files
    if target.whole_folder:
        files = tuple(path for path in files if not is_index_page(path.name))
    return dataclasses.replace(target, files=files, links_root=site.docs_dir)


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
