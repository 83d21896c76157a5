"""One complete pull: public items, linked items, then (only then) the files that record them.

Linked items are fetched before the snapshot is replaced, so a Linear failure at any point
leaves the snapshot, the link data and the history as the last good pull wrote them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone

from kbgen.config.linear import LinearSettings
from kbgen.linear.client import LinearClient
from kbgen.linear.links import fetch_link_data
from kbgen.linear.pull import Progress, PullResult, pull_snapshot, read_previous
from kbgen.linear_data.history import (
    HistoryFile,
    append_history,
    load_history_file,
    moves_of,
    with_moves,
)
from kbgen.linear_data.link_data import LinkData, write_link_data
from kbgen.paths import Sources


@dataclass(frozen=True, slots=True)
class RefreshResult:
    """What one pull wrote: the snapshot (with its diff), the link data, the history (and how
    many moves it gained), so nothing written is read back."""

    pull: PullResult
    links: LinkData
    moves: int
    history: HistoryFile


def refresh_linear_data(
    client: LinearClient,
    settings: LinearSettings,
    sources: Sources,
    linked: Iterable[str],
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
    today: date | None = None,
    allow_empty: bool = False,
) -> RefreshResult:
    """Pull everything, then write the snapshot, the link data and the roadmap history.

    ``allow_empty`` is passed to ``pull_snapshot`` (which refuses a mass removal otherwise);
    the history records the recent accepted pulls the guard compares with. Each file is
    written under the path policy: never over one of ``sources``, never outside their
    project, never through a link (the config said so at load; a link made since is refused).
    """
    root = sources.root
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    # A bad history file, a snapshot path that is a folder or an unreadable snapshot the
    # guard cannot judge stops the pull before any request.
    history = load_history_file(settings.history_path(root))
    read_previous(settings.snapshot_path(root), history.pulls, allow_empty)
    links = fetch_link_data(client, settings, linked, moment)
    result = pull_snapshot(
        client,
        settings,
        settings.snapshot_path(root),
        now=moment,
        progress=progress,
        today=today,
        allow_empty=allow_empty,
        recent=history.pulls,
        sources=sources,
    )
    result = replace(result, warnings=result.warnings + links.problems)
    write_link_data(settings.links_path(root), links, sources)
    moves = moves_of(result.diff, moment)
    added = append_history(
        settings.history_path(root), moves, existing=history, pulls=result.pulls, sources=sources
    )
    return RefreshResult(result, links, added, with_moves(history, moves, pulls=result.pulls))
