"""What a build uses of the Linear data files, as one value: the snapshot, link data, history.

A pull hands over what it just wrote; without a pull the committed files are read here. Either
way the build reads nothing back from disk that it wrote itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kbgen.config.linear import LinearSettings
from kbgen.errors import KbgenError
from kbgen.linear_data.history import HistoryFile, load_history_file
from kbgen.linear_data.link_data import LinkData, load_link_data
from kbgen.linear_data.snapshot import Snapshot

PULLED, COMMITTED = "linear", "snapshot"
"""Where a build's Linear data came from: this build's pull, or the committed files."""


@dataclass(frozen=True, slots=True)
class LinearRecords:
    """The snapshot, the link data and the roadmap history one build uses."""

    snapshot: Snapshot
    source: str  # PULLED or COMMITTED
    links: LinkData | None = None
    history: HistoryFile = field(default_factory=HistoryFile)
    warnings: tuple[str, ...] = ()  # what of the committed link data or history was unusable


def committed_records(
    settings: LinearSettings, root: Path, snapshot: Snapshot, source: str = COMMITTED
) -> LinearRecords:
    """``snapshot`` with the committed link data and history; an unusable file is a warning
    (its part is left out), never a failed build."""
    links: LinkData | None = None
    history = HistoryFile()
    warnings: list[str] = []
    try:
        links = load_link_data(settings.links_path(root))
    except KbgenError as error:
        warnings.append(f"{error}; articles are not marked changed")
    try:
        history = load_history_file(settings.history_path(root))
    except KbgenError as error:
        warnings.append(f"{error}; the roadmap feeds are empty")
    return LinearRecords(snapshot, source, links, history, tuple(warnings))
