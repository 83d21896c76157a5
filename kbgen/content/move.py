"""``kbgen move``: move an article and keep its old URL working.

The file is moved with ``git mv`` when the content folder is in git (so history follows
it), else renamed; ``redirect_from:`` in its frontmatter gets the old URL; every relative
link to it in other pages, and every relative link in it, is rewritten for the new place.
Everything is computed before anything changes: a refused move changes nothing.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from kbgen.atomic import write_atomic
from kbgen.config import SiteConfig
from kbgen.config.redirects import PAGE_SUFFIXES, url_path
from kbgen.content.git_history import run_git
from kbgen.content.link_rewrite import rewrite_link_targets
from kbgen.content.list_edit import add_list_item
from kbgen.content.page_urls import source_url
from kbgen.content.published import is_unpublished, published_files
from kbgen.content.redirects import REDIRECT_FROM
from kbgen.content.review_edit import MarkReviewedError
from kbgen.errors import KbgenError
from kbgen.paths import CONTENT_LABEL, contained_problem, read_bytes_nofollow


class MoveError(KbgenError):
    """The move was refused; nothing was changed."""


@dataclass(frozen=True, slots=True)
class MoveReport:
    """What ``kbgen move`` did."""

    old: str
    new: str
    old_url: str
    new_url: str
    with_git: bool
    redirect_added: bool
    rewritten: tuple[tuple[str, int], ...]
    """Each page whose links were rewritten (content-relative path) and how many links."""


def move_article(site: SiteConfig, old: Path, new: Path, into: bool = False) -> MoveReport:
    """Move the page ``old`` to ``new``: a file path, or a folder to move it into (an
    existing folder, or any with ``into``)."""
    root = site.docs_dir
    old_rel = content_path(root, old, "OLD")
    if not (root / old_rel).is_file():
        raise MoveError(f"{old}: no such page in the content folder")
    target = Path(os.path.abspath(new))
    if into or target.is_dir():
        target = target / Path(old_rel).name
    new_rel = content_path(root, target, "NEW")
    if os.path.lexists(root / new_rel):
        raise MoveError(f"{new}: already exists; choose a new name")
    old_url, new_url = source_url(old_rel), source_url(new_rel)
    edits, counts = planned_edits(root, old_rel, new_rel, old_url, new_url)
    with_git = relocate(root, old_rel, new_rel)
    for rel_path, data in edits.items():
        write_atomic(root / (new_rel if rel_path == old_rel else rel_path), data, within=root)
    rewritten = tuple((new_rel if rel == old_rel else rel, count) for rel, count in counts.items())
    return MoveReport(
        old_rel, new_rel, old_url, new_url, with_git,
        redirect_added=old_url != new_url, rewritten=rewritten,
    )  # fmt: skip


def content_path(root: Path, path: Path, name: str) -> str:
    """``path`` as a page path relative to the content folder; MoveError when it is not one."""
    absolute = Path(os.path.abspath(path))
    if not absolute.is_relative_to(root) or absolute == root:
        raise MoveError(f"{name} {path}: must be inside the content folder {root}")
    rel = absolute.relative_to(root).as_posix()
    if not rel.endswith(PAGE_SUFFIXES):
        raise MoveError(f"{name} {path}: a page is a .md file (got {rel})")
    if any(is_unpublished(part) for part in rel.split("/")):
        raise MoveError(f"{name} {path}: names starting with '.' or '_' are never published")
    # A new name too: its folder may be a link leading out of the content folder.
    if problem := contained_problem(absolute, root, CONTENT_LABEL):
        raise MoveError(f"{name} {path}: {problem}")
    return rel


def planned_edits(
    root: Path, old_rel: str, new_rel: str, old_url: str, new_url: str
) -> tuple[dict[str, bytes], dict[str, int]]:
    """The new bytes of every page that changes (by its path before the move), and how many
    links of each were rewritten."""
    edits: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for rel in published_files(root):
        if not rel.endswith(PAGE_SUFFIXES):
            continue
        raw = read_bytes_nofollow(root / rel)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        here, there = (old_rel, new_rel) if rel == old_rel else (rel, rel)
        rewritten, count = rewrite_links(text, here, there, old_rel, new_rel, old_url, new_url)
        data = rewritten.encode("utf-8") if count else raw
        if rel == old_rel and old_url != new_url:
            try:
                data = add_list_item(data, REDIRECT_FROM, old_url)
            except MarkReviewedError as error:
                raise MoveError(f"{root / rel}: cannot add {REDIRECT_FROM}: {error}") from None
        if data != raw:
            edits[rel] = data
        if count:
            counts[rel] = count
    return edits, counts


def rewrite_links(
    text: str, here: str, there: str, old_rel: str, new_rel: str, old_url: str, new_url: str
) -> tuple[str, int]:
    """``text`` of the page at ``here`` (to be at ``there``) with every relative link that
    meant the moved page, or that the page's own move would break, written anew."""
    return rewrite_link_targets(
        text, lambda target: relinked(target, here, there, old_rel, new_rel, old_url, new_url)
    )


def relinked(
    target: str, here: str, there: str, old_rel: str, new_rel: str, old_url: str, new_url: str
) -> str | None:
    """The link ``target`` as it must be written at ``there``; None when it stays as is."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    suffix = target[len(parts.path) :]
    if target.startswith("/"):
        return new_url + suffix if url_path(parts.path) == old_url else None
    if not parts.path:
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(parts.path)))
    if resolved.startswith("../"):
        return None
    destination = new_rel if resolved == old_rel else resolved
    if destination == resolved and here == there:
        return None
    relative = posixpath.relpath(destination, posixpath.dirname(there) or ".")
    return quote(relative, safe="/#%@!$&'()*+,;=:~-._") + suffix


def relocate(root: Path, old_rel: str, new_rel: str) -> bool:
    """Move the file: ``git mv`` when it is tracked by git (True), else a rename (False)."""
    (root / new_rel).parent.mkdir(parents=True, exist_ok=True)
    tracked = run_git(root, "ls-files", "--error-unmatch", "--", old_rel) is not None
    if tracked and run_git(root, "mv", "--", old_rel, new_rel) is not None:
        return True
    try:
        os.rename(root / old_rel, root / new_rel)
    except OSError as error:
        raise MoveError(f"{root / old_rel}: cannot move: {error.strerror or error}") from None
    return False
