"""Where roadmap data comes from: Linear when a key is set, else (or on failure) the snapshot."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timezone
from pathlib import Path

from kbgen.config import SiteConfig
from kbgen.config.linear import LinearSettings, with_environment
from kbgen.errors import KbgenError
from kbgen.linear import LOGGER_NAME
from kbgen.linear.client import LinearClient
from kbgen.linear.errors import KEY_VARIABLE, LinearError
from kbgen.linear.guard import accepts, reference_size
from kbgen.linear.history import load_history_file
from kbgen.linear.refresh import refresh_linear_data
from kbgen.linear.snapshot import Snapshot, SnapshotError, load_snapshot
from kbgen.roadmap.models import RoadmapData, roadmap_from_snapshot

log = logging.getLogger(LOGGER_NAME)


def linear_settings(config: SiteConfig, environ: Mapping[str, str]) -> LinearSettings | None:
    """The validated ``linear:`` settings with environment overrides; None without the section."""
    if config.linear is None:
        return None
    return with_environment(config.linear, environ)


def make_client(settings: LinearSettings, api_key: str) -> LinearClient:
    """A client configured from the settings (timeouts, retries and the pull's deadline)."""
    return LinearClient(
        api_key,
        settings.api_url,
        timeout=settings.timeout_seconds,
        max_retries=settings.max_retries,
        pull_deadline=settings.pull_deadline_seconds,
    )


def load_roadmap_data(
    config: SiteConfig,
    environ: Mapping[str, str],
    today: date | None = None,
    linked: Sequence[str] = (),
) -> RoadmapData | None:
    """Roadmap data for this build, or None when site_config.yml has no ``linear:`` section.

    With LINEAR_API_KEY set: pull from Linear and refresh the snapshot; if Linear fails, log a
    warning (so ``--strict`` fails) and use the snapshot. Without a key: use the snapshot.
    A pull also records the ``linked`` items (link data) and the roadmap moves (history).
    Raise KbgenError when no snapshot can be had either: never an empty roadmap by accident.
    """
    settings = linear_settings(config, environ)
    if settings is None:
        return None
    path = settings.snapshot_path(config.root)
    day = today or datetime.now(timezone.utc).date()
    api_key = environ.get(KEY_VARIABLE, "").strip()
    if api_key:
        try:
            with make_client(settings, api_key) as client:
                refreshed = refresh_linear_data(client, settings, config.root, linked, today=day)
        except LinearError as error:
            snapshot = _fallback(path, error)
            _warn_if_shrunk(snapshot, settings, config.root)
            log.warning(
                "Linear pull failed: %s. Building the roadmap from the snapshot %s of %s instead.",
                error,
                path,
                snapshot.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
            )
            return roadmap_from_snapshot(snapshot, "snapshot", settings, day)
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
        return roadmap_from_snapshot(result.snapshot, "linear", settings, day)
    log.info("%s is not set: building the roadmap from the snapshot %s", KEY_VARIABLE, path)
    snapshot = _snapshot_or_fail(path)
    _warn_if_shrunk(snapshot, settings, config.root)
    return roadmap_from_snapshot(snapshot, "snapshot", settings, day)


def _warn_if_shrunk(snapshot: Snapshot, settings: LinearSettings, root: Path) -> None:
    """A committed snapshot far smaller than the recent accepted pulls was not written by a
    pull (a hand edit, a merge resolution): build it, but never silently."""
    try:
        recent = load_history_file(settings.history_path(root)).pulls
    except KbgenError:
        return  # a bad history file is warned about where the history is read
    reference = reference_size(recent, None)
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
