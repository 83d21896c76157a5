"""GitHub workflow commands (``::error file=…,line=…::message``): content problems on the diff.

Escaping follows GitHub's rules for workflow commands (the runner's ``ActionCommand``):
the message escapes ``%``, CR and LF; property values also escape ``:`` and ``,``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from kbgen.display_text import display_text

LEVELS = ("error", "warning", "notice")


def escape_data(text: str) -> str:
    """Escape a command's message: ``%`` first, then CR and LF; other control characters
    (terminal escapes among them) never reach the log (``display_text``)."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return display_text(escaped)


def escape_property(text: str) -> str:
    """Escape a property value (file, title): as a message, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    level: str, message: str, *, file: str | None = None, line: int | None = None,
    title: str | None = None,
) -> str:  # fmt: skip
    """One workflow command line, e.g. ``::error file=a.md,line=3::missing owner``."""
    if level not in LEVELS:
        raise ValueError(f"unknown annotation level {level!r}")
    properties = [
        f"{name}={escape_property(str(value))}"
        for name, value in (("file", file), ("line", line), ("title", title))
        if value is not None
    ]
    head = f"::{level} {','.join(properties)}" if properties else f"::{level}"
    return f"{head}::{escape_data(message)}"


def workspace_path(path: str | Path, workspace: Path | None = None) -> str:
    """``path`` relative to the workspace (the working directory), as GitHub expects it."""
    base = (workspace or Path.cwd()).resolve()
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(base).as_posix()
    except ValueError:
        return resolved.as_posix()


def read_changed_files(lines: Iterable[str], workspace: Path | None = None) -> frozenset[Path]:
    """Real paths from ``git diff --name-only`` output (one path a line; blanks, and lines no
    file can be named, with a NUL byte, ignored). Any other bytes are a path like any other."""
    base = workspace or Path.cwd()
    names = (line.strip() for line in lines)
    return frozenset(
        Path(os.path.realpath(base / name)) for name in names if name and "\0" not in name
    )
