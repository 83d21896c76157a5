"""One path policy: every file kbgen reads to publish, and every file it writes, is judged here.

Reads: a file is read only when its real path lies inside the folder it belongs to (the content
folder, the site's ``overrides/``) and no link on the way leaves that folder, dangles or loops.
Writes: never through a symbolic link (the last name is checked and the file is replaced with
no-follow calls; every parent's real path is checked), never onto a source (the content folder,
``overrides/``, the config file), and for project data files never outside the project.
The checks are pure functions over the file system, so ``kbgen check`` and ``kbgen build``
ask the same questions and get the same answers.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kbgen.errors import KbgenError, Problem

OVERRIDES_DIR = "overrides"
DEFAULT_SITE_DIR = "site"
CONTENT_LABEL = "content folder"
OVERRIDES_LABEL = "overrides folder"
BROKEN = "broken symlink"
LOOP = "symlink loop"
SPECIAL = "not a regular file or folder (a pipe, socket or device is never read)"


def hard_link_message(label: str) -> str:
    """The problem of a file with more than one name: kbgen cannot see where the others are."""
    return (
        f"hard link (the file has other names, maybe outside the {label}, that can change it; "
        "replace it with a copy)"
    )


HARD_LINK = hard_link_message(CONTENT_LABEL)


MAX_PATH_BYTES = 4096
MAX_NAME_BYTES = 255


def path_text_problem(text: str) -> str | None:
    """Why ``text`` (from a config file) cannot name a file: a control character (a NUL byte
    names no file), text the file system cannot encode, or a name longer than it allows."""
    if any(ord(char) < 32 or ord(char) == 127 for char in text):
        return "must not contain control characters"
    try:
        encoded = os.fsencode(text)
    except UnicodeEncodeError:
        return "is not a valid file name"
    if len(encoded) > MAX_PATH_BYTES or any(len(n) > MAX_NAME_BYTES for n in encoded.split(b"/")):
        return "is too long for a file name"
    return None


def outside_message(label: str) -> str:
    """The problem of a link whose real path leaves ``label`` (e.g. the content folder)."""
    return f"symlink to outside the {label}"


OUTSIDE = outside_message(CONTENT_LABEL)


class UnsafePathError(KbgenError):
    """kbgen refused to read or write a path: one line naming it and why."""


def is_within(path: str, folder: str) -> bool:
    """True when the real path ``path`` is ``folder`` or below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def symlink_problem(path: str | Path, real_root: str, label: str = CONTENT_LABEL) -> str | None:
    """Why the link at ``path`` must not be followed (None when it is not a bad link).

    ``real_root`` is the real path of the folder the link belongs to. A folder link to the
    folder it sits in, or to one above it, is a loop: following it repeats the tree.
    """
    if not os.path.islink(path):
        return None
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as error:
        return LOOP if error.errno == errno.ELOOP else BROKEN
    except RuntimeError:  # pragma: no cover - Python < 3.13 on some loops
        return LOOP
    if not is_within(real, real_root):
        return outside_message(label)
    if os.path.isdir(real) and is_within(os.path.realpath(os.path.dirname(path)), real):
        return LOOP
    return None


def is_hard_linked(info: os.stat_result) -> bool:
    """True for a regular file with more than one name. Its other names cannot be found
    without searching every file system: one may be ``~/.ssh/id_rsa`` or ``/etc/shadow``,
    and the file changes whenever that name is written. Git never checks one out."""
    return stat.S_ISREG(info.st_mode) and info.st_nlink > 1


def entry_problem(path: str, real_root: str, label: str) -> str | None:
    """Why the entry at ``path`` must not be read: a bad link, a special file or a hard link."""
    problem = symlink_problem(path, real_root, label)
    if problem is not None:
        return problem
    try:
        info = os.stat(path)
    except OSError:
        return BROKEN if os.path.islink(path) else None
    if is_hard_linked(info):
        return hard_link_message(label)
    if stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
        return None
    return SPECIAL


def scan_tree(root: Path, label: str, skip_hidden: bool = True) -> list[Problem]:
    """Every entry below ``root`` that must not be read, sorted, with paths relative to it.

    Links that stay inside are not descended into: what they lead to is scanned anyway.
    ``skip_hidden`` leaves ``.`` names alone (never published from the content folder).
    """
    real_root = os.path.realpath(root)
    problems = []
    for folder, dirs, files in os.walk(root):
        if skip_hidden:
            dirs[:] = [name for name in dirs if not name.startswith(".")]
        dirs.sort()
        for name in sorted(dirs + files):
            if skip_hidden and name.startswith("."):
                continue
            path = os.path.join(folder, name)
            message = entry_problem(path, real_root, label)
            if message:
                relative = os.path.relpath(path, root).replace(os.sep, "/")
                problems.append(Problem(relative, None, message))
    return sorted(problems, key=lambda problem: problem.path)


def contained_problem(path: Path, root: Path, label: str) -> str | None:
    """Why ``path`` may not be read as part of ``root``: its real path leaves it, a link
    on the way from ``root`` to it is bad, or it is a hard-linked file. None when it is
    contained."""
    real_root = os.path.realpath(root)
    absolute = Path(os.path.abspath(path))
    real = os.path.realpath(absolute)
    if not is_within(real, real_root):
        return f"its real path {real} is outside the {label} {real_root}"
    with contextlib.suppress(OSError):
        if is_hard_linked(os.stat(real)):
            return hard_link_message(label)
    base = Path(os.path.abspath(root))
    if not absolute.is_relative_to(base):
        return None
    step = base
    for part in absolute.relative_to(base).parts:
        step = step / part
        problem = symlink_problem(step, real_root, label)
        if problem is not None:
            return f"{problem} on the way ({step})"
    return None


@dataclass(frozen=True, slots=True)
class Sources:
    """The files and folders of one project that kbgen reads and must never write."""

    config_file: Path
    content: Path
    overrides: Path

    @property
    def root(self) -> Path:
        """The folder holding the config file: relative paths resolve against it."""
        return self.config_file.parent

    @property
    def project(self) -> Path:
        """The project: project data files (snapshot, link data, history) live below it."""
        return project_root(Path(os.path.realpath(self.root)))

    def source_label(self, real: str) -> str | None:
        """Which source the real path ``real`` is (or lies inside), else None."""
        if real == os.path.realpath(self.config_file):
            return "the config file"
        for folder, label in ((self.content, CONTENT_LABEL), (self.overrides, OVERRIDES_LABEL)):
            if is_within(real, os.path.realpath(folder)):
                return f"inside the {label}"
        return None


def project_root(config_dir: Path) -> Path:
    """The git work tree holding the (real) config folder, else that folder itself."""
    for folder in (config_dir, *config_dir.parents):
        if (folder / ".git").exists():
            return folder
    return config_dir


def write_problem(
    path: Path, sources: Sources | None = None, within: Path | None = None
) -> str | None:
    """Why kbgen may not write the file ``path`` (None when it may).

    Refused: a symbolic link (dangling or not), a folder, a real path outside ``within`` or
    one that is (or is inside) a source.
    """
    absolute = os.path.abspath(path)
    if os.path.islink(absolute):
        return f"it is a symlink (-> {os.readlink(absolute)}); kbgen never writes through a link"
    if os.path.isdir(absolute):
        return "it is a folder"
    if os.path.exists(absolute) and not os.path.isfile(absolute):
        return "it is not a regular file (a device, pipe or socket is never replaced)"
    real = os.path.join(os.path.realpath(os.path.dirname(absolute)), os.path.basename(absolute))
    if within is not None and not is_within(real, os.path.realpath(within)):
        return f"its real path {real} is outside {within}"
    if sources is not None and (label := sources.source_label(real)) is not None:
        return f"it is {label} ({real}); kbgen never writes over its sources"
    return None


def check_write(path: Path, sources: Sources | None = None, within: Path | None = None) -> None:
    """Raise UnsafePathError when kbgen may not write ``path`` (see ``write_problem``)."""
    problem = write_problem(path, sources, within)
    if problem is not None:
        raise UnsafePathError(f"{path}: refusing to write: {problem}")


def read_bytes_nofollow(path: Path, limit: int = -1) -> bytes:
    """The bytes (at most ``limit``, default all) of the regular file ``path``, refusing a
    symbolic link or a special file."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ELOOP and os.path.islink(path):
            raise UnsafePathError(
                f"{path}: refusing to read: it is a symlink; kbgen never reads data through a link"
            ) from None
        raise
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise UnsafePathError(f"{path}: refusing to read: {SPECIAL}")
        return stream.read(limit)


def overrides_problems(sources: Sources) -> list[Problem]:
    """Everything in the site's ``overrides/`` a build must not read (paths as on disk).

    The folder's own real path must stay inside the project; inside it no link may leave
    it, dangle or loop, hidden names included (templates can include any of them).
    """
    folder = sources.overrides
    if not os.path.lexists(folder):
        return []
    outside = linked_out_problem(folder, sources.project)
    if outside is not None or not is_within(os.path.realpath(folder), str(sources.project)):
        message = outside or f"symlink to outside the project ({os.path.realpath(folder)})"
        return [Problem(str(folder), None, message)]
    if not os.path.isdir(folder):
        return [Problem(str(folder), None, "is not a folder")]
    return [
        Problem(str(folder / problem.path), problem.line, problem.message)
        for problem in scan_tree(folder, OVERRIDES_LABEL, skip_hidden=False)
    ]


class UnsafeSourcesError(UnsafePathError):
    """Sources a build must not read; one ``path: message`` line per problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def refuse_unsafe_overrides(sources: Sources) -> None:
    """Raise UnsafeSourcesError when ``overrides/`` holds anything a build must not read."""
    problems = overrides_problems(sources)
    if problems:
        raise UnsafeSourcesError(problems)


def create_new(path: Path, data: bytes) -> None:
    """Create the file ``path`` with ``data``; FileExistsError when any entry has the name
    (a link included: it is never followed). A half-written file is removed."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    descriptor = os.open(path, flags, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
    except BaseException:
        os.unlink(path)
        raise


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, refusing (UnsafePathError) a pipe, socket or device: the
    open never blocks, so a FIFO named like an article cannot hang ``check`` or ``build``."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise UnsafePathError(f"{path}: refusing to read: {SPECIAL}")
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


def linked_out_problem(path: Path, project: Path) -> str | None:
    """Why a folder written inside ``project`` may not be used: a link on the way takes its
    real path out of the project (``content -> /etc``), or its real path is (or lies in) a
    hidden folder of it, through a link (``overrides -> .git``) or as written
    (``docs_dir: .git``): every file there would be published. A path written outside the
    project is the owner's explicit choice and not judged here."""
    lexical = os.path.normpath(os.path.abspath(path))
    if not is_within(lexical, str(project)):
        return None
    real = os.path.realpath(lexical)
    if not is_within(real, str(project)):
        return f"symlink to outside the project ({real})"
    if not any(part.startswith(".") for part in Path(real).relative_to(project).parts):
        return None
    if real != lexical:
        return f"symlink into a hidden folder of the project ({real})"
    return f"is (or lies in) a hidden folder of the project ({real}): its files would be published"
