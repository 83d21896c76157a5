"""Build folders beside the site: created locked, swapped in atomically, stale ones removed.

Why an exchange of names: readers (a web server, a deploy step, ``kbgen serve``'s user)
must never find ``site/index.html`` missing. Two renames (old away, new in) leave a gap;
flipping a ``site`` symlink between versioned folders has none, but turns ``site`` into a
link that upload and deploy tools treat differently from a folder. So on Linux the finished
build and the old site swap names in one ``renameat2(RENAME_EXCHANGE)`` call and ``site``
stays a plain folder; elsewhere (or on file systems without it) the two-rename fallback
keeps the gap to two system calls and puts the old site back if the second one fails.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kbgen.atomic import exchange_paths
from kbgen.mkdocs.site_dir import KEPT_ENTRIES

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock; stale folders go by age there
    fcntl = None  # type: ignore[assignment]

STAGING_INFIX = "-building-"
STALE_AFTER_SECONDS = 24 * 3600


def staging_prefix(target: Path) -> str:
    """The name every build folder of ``target`` starts with, e.g. ``.site-building-``."""
    return f".{target.name}{STAGING_INFIX}"


def is_staging_name(name: str, target_name: str) -> bool:
    """True for names kbgen gives the build folders of ``target_name`` (and nothing else)."""
    pattern = rf"\.{re.escape(target_name)}(?:{STAGING_INFIX}|-old-)[a-z0-9_]{{8}}(?:\.old)?"
    return re.fullmatch(pattern, name) is not None


def builds_in_place(target: Path) -> bool:
    """True when ``target`` cannot be swapped out (a mount point): it is built into."""
    return target.is_dir() and os.path.ismount(target)


@contextmanager
def staging_dir(target: Path, inside: bool = False) -> Iterator[Path]:
    """A locked, empty folder next to ``target`` (same file system), removed afterwards;
    ``inside``: a hidden folder in ``target`` itself (a mount point's own file system).

    The lock tells later builds the folder is in use; a build killed before it could clean
    up leaves an unlocked folder, which the next build of the same target removes.
    """
    home = target if inside else target.parent
    remove_stale_staging(target, home)
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=home))
    lock = lock_folder(staging, wait=True)
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if lock is not None:
            os.close(lock)


def remove_stale_staging(target: Path, home: Path | None = None) -> list[Path]:
    """Remove build folders of ``target`` (kept in ``home``, default its parent) that no
    running build holds; return them."""
    removed = []
    for entry in sorted((home or target.parent).iterdir()):
        if not is_staging_name(entry.name, target.name) or entry.is_symlink():
            continue
        if entry.is_dir() and remove_if_unused(entry):
            removed.append(entry)
    return removed


def remove_if_unused(folder: Path) -> bool:
    """Delete ``folder`` when no build holds its lock; True when it was deleted."""
    if fcntl is None:  # pragma: no cover
        if time.time() - folder.stat().st_mtime < STALE_AFTER_SECONDS:
            return False
        shutil.rmtree(folder, ignore_errors=True)
        return True
    lock = lock_folder(folder, wait=False)
    if lock is None:
        return False
    try:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os.close(lock)
    return True


def lock_folder(folder: Path, wait: bool) -> int | None:
    """An open descriptor holding an exclusive lock on ``folder``; None if another has it."""
    if fcntl is None:  # pragma: no cover
        return None
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


def swap_in(staging: Path, target: Path) -> None:
    """Put the finished build at ``target``; the old site ends up at ``staging``.

    See the module docstring for why the names are exchanged rather than renamed twice.
    """
    if not os.path.lexists(target):
        os.replace(staging, target)
        return
    try:
        swapped = exchange_paths(staging, target)
    except OSError as error:
        if error.errno not in (errno.EBUSY, errno.EXDEV):
            raise
        sync_into(staging, target)  # a mount point (or bind mount) keeps its name
        return
    if not swapped:
        replace_by_renames(staging, target)


def sync_into(staging: Path, target: Path) -> None:
    """Make the folder ``target`` hold exactly what ``staging`` holds, entry by entry.

    For a site folder that must stay where it is (a mount point): each entry of the new
    build replaces its old version in one exchange where it can, then entries no longer
    built go. ``target`` itself, its mode, owner and group are kept; kbgen's own build
    folders in it are left to their builds.
    """
    built = sorted(entry.name for entry in staging.iterdir())
    for name in built:
        move_entry(staging / name, target / name)
    for entry in list(target.iterdir()):
        if entry.name not in built and not kept(entry.name, target.name):
            remove_entry(entry)


def kept(name: str, target_name: str) -> bool:
    """Entries of a site folder a build leaves alone: other builds' folders, and what a
    file system keeps at its root (``lost+found``)."""
    return is_staging_name(name, target_name) or name in KEPT_ENTRIES


def move_entry(source: Path, destination: Path) -> None:
    """Put ``source`` at ``destination``, replacing what is there."""
    if os.path.lexists(destination):
        try:
            if exchange_paths(source, destination):
                remove_entry(source)
                return
        except OSError as error:
            if error.errno != errno.EXDEV:
                raise
        remove_entry(destination)
    try:
        os.replace(source, destination)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        if source.is_dir() and not source.is_symlink():
            shutil.copytree(source, destination, symlinks=True)
        else:
            shutil.copy2(source, destination, follow_symlinks=False)
        remove_entry(source)


def remove_entry(path: Path) -> None:
    """Delete a file, link or whole folder (links are removed, never followed)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def replace_by_renames(staging: Path, target: Path) -> None:
    """Fallback swap: old site aside, new one in, old one back if that fails."""
    retired = staging.with_name(f"{staging.name}.old")
    os.replace(target, retired)
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(retired, target)
        raise
    os.replace(retired, staging)
