"""`kbgen check` on the committed Linear data files: what `build` would refuse or warn about.

A corrupt snapshot fails a build without a key (and is never taken for an empty one); a bad
history stops every pull; bad link data costs the `changed` status. `check` reports each as
``path:line: message`` (or the JSON path) so it judges these files as `build` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from kbgen.config.linear import LinearSettings
from kbgen.errors import KbgenError, Problem
from kbgen.linear_data.history import load_history_file
from kbgen.linear_data.link_data import load_link_data
from kbgen.linear_data.snapshot import SnapshotMissingError, load_snapshot

_LINE = re.compile(r"(\d+): ")


def linear_data_problems(settings: LinearSettings | None, root: Path) -> list[Problem]:
    """One problem per Linear data file kbgen could not use (a missing file is none)."""
    if settings is None:
        return []
    loaders: list[tuple[Path, Callable[[Path], object]]] = [
        (settings.snapshot_path(root), load_snapshot),
        (settings.links_path(root), load_link_data),
        (settings.history_path(root), load_history_file),
    ]
    problems = []
    for path, load in loaders:
        try:
            load(path)
        except SnapshotMissingError:
            continue  # no pull yet: a build with a key makes one
        except KbgenError as error:
            problems.append(_problem(path, str(error)))
    return problems


def _problem(path: Path, message: str) -> Problem:
    """The error as a Problem: its ``path:line:`` prefix (when it has one) split off."""
    prefix = f"{path}:"
    if not message.startswith(prefix):
        return Problem(str(path), None, message)
    rest = message[len(prefix) :]
    line = _LINE.match(rest)
    if line:
        return Problem(str(path), int(line.group(1)), rest[line.end() :])
    return Problem(str(path), None, rest.lstrip())
