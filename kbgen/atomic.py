"""Atomic writes: a temporary file in the same folder, then ``os.replace``; atomic swaps; the
JSON files kbgen keeps (written stable and reviewable, read without a traceback)."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kbgen.bounded_json import DEFAULT_LIMITS, JsonLimits, loads_bounded


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, keeping an existing file's permissions.

    Readers see the old bytes or the new ones, never a mix; a symlink is followed so the
    file it points at is replaced, not the link.
    """
    target = path.resolve()
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else default_mode()
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_json(path: Path, document: Mapping[str, Any]) -> None:
    """Write ``document`` as indented UTF-8 JSON with a final newline, atomically, creating
    the folder: stable output that reads well in a diff."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_atomic(path, text.encode("utf-8"))


def read_json(path: Path, limits: JsonLimits = DEFAULT_LIMITS) -> Any:
    """The JSON document at ``path``, read within ``limits``. Raises OSError
    (FileNotFoundError when there is none) or JsonBoundsError (a ValueError with the line or
    JSON path: bad bytes or syntax, too large, too deep, a string or number too long)."""
    with path.open("rb") as stream:
        data = stream.read(limits.max_bytes + 1)
    return loads_bounded(data, limits)


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
