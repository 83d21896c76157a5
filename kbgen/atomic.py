"""Atomic writes: a temporary file in the same folder, then ``os.replace``, never through a
link (``kbgen.paths``); atomic swaps; the JSON files kbgen keeps (written stable and
reviewable, read without a traceback and never through a link)."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import json
import os
import secrets
import stat
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kbgen.bounded_json import DEFAULT_LIMITS, JsonLimits, loads_bounded
from kbgen.paths import Sources, check_write, read_bytes_nofollow


def write_atomic(
    path: Path, data: bytes, sources: Sources | None = None, within: Path | None = None
) -> None:
    """Replace ``path`` with ``data`` in one step, keeping an existing file's mode and group.

    Readers see the old bytes or the new ones, never a mix. The path policy
    (``kbgen.paths.check_write``) is applied first: never through a symlink, never onto a
    source (``sources``), never outside ``within``. The temporary file is created and
    renamed relative to the opened parent folder with no-follow calls, so a link put in
    place after the check is replaced, not written through.
    """
    check_write(path, sources, within)
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        _write_in(folder, path.name, data)
    finally:
        os.close(folder)


def _write_in(folder: int, name: str, data: bytes) -> None:
    """``write_atomic`` inside the open folder ``folder``."""
    try:
        old = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        old = None
    temporary = f".{name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    descriptor = os.open(temporary, flags, 0o600, dir_fd=folder)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            keep_mode_and_group(stream.fileno(), old)
            os.fsync(stream.fileno())
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary, dir_fd=folder)
        raise


def keep_mode_and_group(descriptor: int, old: os.stat_result | None) -> None:
    """Give the open new file the old file's mode and group (else the umask's mode)."""
    if old is None or not stat.S_ISREG(old.st_mode):
        os.fchmod(descriptor, default_mode())
        return
    with contextlib.suppress(OSError):  # a group we are not in: keep ours
        if os.fstat(descriptor).st_gid != old.st_gid:
            os.fchown(descriptor, -1, old.st_gid)
    os.fchmod(descriptor, stat.S_IMODE(old.st_mode))


def write_json(
    path: Path,
    document: Mapping[str, Any],
    sources: Sources | None = None,
    within: Path | None = None,
) -> None:
    """Write ``document`` as indented UTF-8 JSON with a final newline, atomically, creating
    the folder: stable output that reads well in a diff. The path policy (``sources``,
    ``within``: see ``write_atomic``) is applied before the folder is created."""
    check_write(path, sources, within)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_atomic(path, text.encode("utf-8"), sources, within)


def read_json(path: Path, limits: JsonLimits = DEFAULT_LIMITS) -> Any:
    """The JSON document at ``path``, never read through a symlink, within ``limits``.
    Raises OSError (FileNotFoundError when there is none), UnsafePathError for a link or
    special file, or JsonBoundsError (a ValueError with the line or JSON path: bad bytes or
    syntax, too large, too deep, a string or number too long)."""
    return loads_bounded(read_bytes_nofollow(path, limits.max_bytes + 1), limits)


def default_mode() -> int:
    """The permissions a newly created file gets under the current umask."""
    return 0o666 & ~current_umask()


def default_dir_mode() -> int:
    """The permissions a newly created folder gets under the current umask."""
    return 0o777 & ~current_umask()


def current_umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    umask = os.umask(0)
    os.umask(umask)
    return umask


def exchange_paths(first: Path, second: Path) -> bool:
    """Swap two existing paths in one step; False where the OS or file system cannot.

    Linux's ``renameat2(RENAME_EXCHANGE)`` (glibc 2.28+, most local file systems) swaps the
    two names atomically: at every instant each name refers to a complete tree.
    """
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """glibc's ``renameat2``, or None off Linux or on a C library without it."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function
