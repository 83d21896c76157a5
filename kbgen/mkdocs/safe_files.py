"""Which of the content folder's files MkDocs may read and publish.

MkDocs walks the docs folder following every link; kbgen keeps only files whose real
path is inside the content folder, that no bad link leads to, that are neither special files
nor hard links (``kbgen.paths.entry_problem``), and whose frontmatter
kbgen's own (bounded, UTF-8 checking) reader accepts: the same judgement ``kbgen check``
makes, so check and build agree.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Iterator
from pathlib import Path

from mkdocs.structure.files import File, Files

from kbgen.config.content import ContentSettings
from kbgen.content.articles import is_content_name
from kbgen.content.frontmatter import FrontmatterError, read_frontmatter
from kbgen.content.knowledge_base import KnowledgeBase
from kbgen.content.links import bad_link_paths, is_behind, is_within, symlink_problem
from kbgen.errors import Problem
from kbgen.paths import CONTENT_LABEL, entry_problem

log = logging.getLogger("mkdocs.plugins.kbgen")


def unsafe_files(
    files: Files, docs_dir: str, kb: KnowledgeBase, content: ContentSettings
) -> Iterator[tuple[File, Problem | None]]:
    """Every content file to leave out, with the problem to report (None: already reported
    or not a problem). A page whose name ``content.patterns`` does not match is left out:
    ``check`` never validated it."""
    real_root = os.path.realpath(docs_dir)
    links = bad_link_paths(list(kb.problems))
    folders: dict[str, str] = {}
    for file in list(files):
        if file.abs_src_path is None or not same_folder(file.src_dir, docs_dir):
            continue
        refused, problem = path_refusal(file.src_uri, file.abs_src_path, real_root, links, folders)
        if refused:
            yield file, problem
        elif file.is_documentation_page() and not is_content_name(file_name(file), content):
            log.info(f"{file.src_uri}: not published: content.patterns does not match its name")
            yield file, None
        elif (article := kb.article(file.src_uri)) is not None:
            if article.unreadable:
                yield file, None
        elif file.is_documentation_page():
            problem = page_problem(file)
            if problem:
                yield file, problem


def path_refusal(
    src_uri: str, path: str, real_root: str, links: tuple[str, ...], folders: dict[str, str]
) -> tuple[bool, Problem | None]:
    """Whether the path policy keeps the file at ``path`` out of the site, and the problem
    to report (None: the content scan reported it already). Out: behind a bad link the scan
    found, a real path outside ``real_root``, or a special or hard-linked file reached
    through a folder link that stays inside (named where it would be published)."""
    if is_behind(src_uri, links) or not is_inside(path, real_root, folders):
        return True, None
    if (unreadable := entry_problem(path, real_root, CONTENT_LABEL)) is not None:
        return True, Problem(src_uri, None, unreadable)
    return False, None


def is_inside(path: str, real_root: str, folders: dict[str, str]) -> bool:
    """True when ``path`` (and any link it is) really lies inside ``real_root``.

    Each folder's real path is computed once; only links cost a full resolution.
    """
    if os.path.islink(path):
        return symlink_problem(path, real_root) is None
    folder, name = os.path.split(path)
    real_folder = folders.get(folder)
    if real_folder is None:
        real_folder = folders[folder] = os.path.realpath(folder)
    return is_within(os.path.join(real_folder, name), real_root)


def page_problem(file: File) -> Problem | None:
    """Why a page kbgen does not treat as an article (home, category index, ...) is unsafe."""
    assert file.abs_src_path is not None
    try:
        read_frontmatter(Path(file.abs_src_path))
    except FrontmatterError as error:
        return Problem(file.src_uri, error.line, error.message)
    except OSError as error:
        return Problem(file.src_uri, None, f"cannot read: {error.strerror}")
    return None


def file_name(file: File) -> str:
    """The file's own name (``draft-notes.md``)."""
    return posixpath.basename(file.src_uri)


def same_folder(a: str | None, b: str) -> bool:
    """True when the two folder paths name the same folder as written."""
    return a is not None and os.path.normpath(a) == os.path.normpath(b)
