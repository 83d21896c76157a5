"""MkDocs' walk of the docs folder, without following links that leave it or loop.

MkDocs 1.6 walks ``docs_dir`` with ``followlinks=True`` before any plugin sees a file,
so a folder link to ``/`` would walk (and, through ``/proc``, loop over) the whole
machine. During a kbgen build ``mkdocs.commands.build.get_files`` is this function: the
same files in the same order, except that bad folder links are not entered. The files
themselves are still judged in ``on_files`` (see ``safe_files``). The swap and MkDocs' private
sort key and exclusions come through ``kbgen.mkdocs.compat``.
"""

from __future__ import annotations

import logging
import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from kbgen.content.links import symlink_problem
from kbgen.mkdocs import compat

log = logging.getLogger("mkdocs.structure.files")


def install() -> None:
    """Make MkDocs' build gather files with ``get_files_safely`` until ``uninstall``."""
    compat.swap_get_files(get_files_safely)


def uninstall() -> None:
    """Give MkDocs its own ``get_files`` back."""
    compat.restore_get_files()


def get_files_safely(config: MkDocsConfig) -> Files:
    """``mkdocs.structure.files.get_files``, entering only folder links that stay inside."""
    docs_dir = config["docs_dir"]
    real_root = os.path.realpath(docs_dir)
    files: list[File] = []
    conflicts: list[tuple[File, File]] = []
    for source_dir, dirnames, filenames in os.walk(docs_dir, followlinks=True):
        relative_dir = os.path.relpath(source_dir, docs_dir)
        dirnames[:] = sorted(
            name
            for name in dirnames
            if not symlink_problem(os.path.join(source_dir, name), real_root)
        )
        by_dest: dict[str, File] = {}
        for filename in sorted(filenames, key=compat.file_sort_key):
            file = File(
                os.path.join(relative_dir, filename),
                docs_dir,
                config["site_dir"],
                config["use_directory_urls"],
            )
            previous = by_dest.setdefault(file.dest_uri, file)
            if previous is not file:
                conflicts.append((previous, file))
            files.append(file)
    compat.set_exclusions(files, config)
    drop_conflicts(files, conflicts)
    return Files(files)


def drop_conflicts(files: list[File], conflicts: list[tuple[File, File]]) -> None:
    """MkDocs' rule: of README.md and index.md in one folder, index.md wins."""
    for first, second in conflicts:
        loser = first if second.inclusion.is_included() else second
        if loser is first and first.inclusion.is_included():
            log.warning(
                f"Excluding '{first.src_uri}' from the site because it conflicts with "
                f"'{second.src_uri}'."
            )
        if loser in files:
            files.remove(loser)
