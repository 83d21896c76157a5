"""A build's Linear data: pulled when LINEAR_API_KEY is set, else (or on failure) committed.

The pull hands over what it wrote (snapshot, link data, history); the build reads nothing
back. Without a key, or when Linear fails, the committed files are used, with a warning on
failure so ``--strict`` fails.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timezone
from pathlib import Path

from kbgen.config import SiteConfig
from kbgen.config.linear import LinearSettings
from kbgen.errors import KbgenError
from kbgen.linear import LOGGER_NAME
from kbgen.linear.errors import KEY_VARIABLE, LinearError
from kbgen.linear.guard import accepts, reference_size
from kbgen.linear.refresh import RefreshResult, refresh_linear_data
from kbgen.linear.start import api_key_of, linear_settings, make_client
from kbgen.linear_data.recorded import PULLED, LinearRecords, committed_records
from kbgen.linear_data.snapshot import Snapshot, SnapshotError, load_snapshot

log = logging.getLogger(LOGGER_NAME)


def linear_data_for_build(
    config: SiteConfig,
    environ: Mapping[str, str],
    today: date | None = None,
    linked: Sequence[str] = (),
) -> LinearRecords | None:
    """The build's Linear data, or None when site_config.yml has no ``linear:`` section.

    With LINEAR_API_KEY set: pull (snapshot, the ``linked`` items' link data, the history)
    and use what the pull wrote; if Linear fails, warn and use the committed files. Without a
    key: the committed files. Raise KbgenError when there is no snapshot either: never an
    empty roadmap by accident.
    """
    settings = linear_settings(config, environ)
    if settings is None:
        return None
    path = settings.snapshot_path(config.root)
    api_key = api_key_of(environ)
    if not api_key:
        log.info("%s is not set: building the roadmap from the snapshot %s", KEY_VARIABLE, path)
        return _committed(settings, config.root, _snapshot_or_fail(path))
    day = today or datetime.now(timezone.utc).date()
    try:
        with make_client(settings, api_key) as client:
            refreshed = refresh_linear_data(client, settings, config.sources, linked, today=day)
    except LinearError as error:
        records = _committed(settings, config.root, _fallback(path, error))
        log.warning(
            "Linear pull failed: %s. Building the roadmap from the snapshot %s of %s instead.",
            error,
            path,
            records.snapshot.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
        )
        return records
    _log_pull(refreshed, path)
    pull = refreshed.pull
    return LinearRecords(pull.snapshot, PULLED, refreshed.links, refreshed.history)


def _log_pull(refreshed: RefreshResult, path: Path) -> None:
    result = refreshed.pull
    for warning in result.warnings:
        log.warning("Linear: %s", warning)
    for missing in refreshed.links.missing:
        log.warning("Linear: linked item %s was not found", missing)
    log.info(
        "Pulled %d public items from Linear in %d request(s); saved %s",
        len(result.snapshot.items),
        result.requests,
        path,
    )


def _committed(settings: LinearSettings, root: Path, snapshot: Snapshot) -> LinearRecords:
    """The committed files, warning when the snapshot is far smaller than the recent accepted
    pulls (a hand edit, a merge resolution): built, but never silently."""
    records = committed_records(settings, root, snapshot)
    reference = reference_size(records.history.pulls, None)
    if not accepts(reference, len(snapshot.items)):
        log.warning(
            "The snapshot %s holds %d public items, fewer than half of the %d of the largest "
            "recent accepted pull recorded in %s (edited or merged by hand?); run "
            "`kbgen linear pull` to refresh it",
            settings.snapshot_path(root),
            len(snapshot.items),
            reference,
            settings.history_path(root),
        )
    return records


def _fallback(path: Path, error: LinearError) -> Snapshot:
    try:
        return load_snapshot(path)
    except SnapshotError as missing:
        raise KbgenError(
            f"Linear pull failed ({error}) and no snapshot to fall back on: {missing}"
        ) from None


def _snapshot_or_fail(path: Path) -> Snapshot:
    try:
        return load_snapshot(path)
    except SnapshotError as error:
        raise KbgenError(
            f"{error}; set {KEY_VARIABLE} to pull the roadmap from Linear, "
            "or remove the 'linear' section from site_config.yml"
        ) from None
