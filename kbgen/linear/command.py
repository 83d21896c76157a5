"""``kbgen linear pull`` and ``kbgen linear check`` without the terminal: what they need
(settings and key), what they run, and the lines they print."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kbgen.config import SiteConfig
from kbgen.config.linear import LinearSettings
from kbgen.content.link_index import site_linked_identifiers
from kbgen.errors import KbgenError
from kbgen.linear.connection import check_linear, describe_check
from kbgen.linear.errors import KEY_VARIABLE
from kbgen.linear.key import check_api_key
from kbgen.linear.pull import Progress
from kbgen.linear.refresh import RefreshResult, refresh_linear_data
from kbgen.linear.start import api_key_of, linear_settings, make_client
from kbgen.linear_data.snapshot import describe_diff
from kbgen.review.promises import broken_promises, describe_promises


@dataclass(frozen=True, slots=True)
class PullOutput:
    """What ``kbgen linear pull`` prints: warnings (stderr), then the report (stdout)."""

    warnings: tuple[str, ...]
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CheckOutput:
    """What ``kbgen linear check`` prints, and whether the connection is usable (exit 0)."""

    lines: tuple[str, ...]
    ok: bool


def run_pull(
    site: SiteConfig,
    config_file: Path,
    environ: Mapping[str, str],
    progress: Progress | None = None,
    allow_empty: bool = False,
) -> PullOutput:
    """``kbgen linear pull``: settings and key from ``environ``, one pull, its report."""
    settings, api_key = settings_and_key(site, config_file, environ)
    return pull_site(site, settings, api_key, progress, allow_empty)


def run_check(site: SiteConfig, config_file: Path, environ: Mapping[str, str]) -> CheckOutput:
    """``kbgen linear check``: the key, the public label and the budget, then the site's
    broken promises (from the recorded link data)."""
    settings, api_key = settings_and_key(site, config_file, environ)
    with make_client(settings, api_key) as client:
        report = check_linear(client, settings)
    promises = broken_promises(site, settings)
    lines = (
        *describe_check(report, settings.api_url, time.time()),
        *describe_promises(promises),
    )
    return CheckOutput(lines, report.ok)


def settings_and_key(
    config: SiteConfig, config_file: Path, environ: Mapping[str, str]
) -> tuple[LinearSettings, str]:
    """The ``linear:`` settings and a checked key; a one-line KbgenError for what is missing."""
    settings = linear_settings(config, environ)
    if settings is None:
        raise KbgenError(f"{config_file}: no 'linear:' section; add one to use Linear")
    api_key = api_key_of(environ)
    if not api_key:
        raise KbgenError(
            f"{KEY_VARIABLE} is not set: export a Linear personal API key "
            "(Linear: Settings > Security & access > Personal API keys)"
        )
    return settings, check_api_key(api_key)


def pull_site(
    site: SiteConfig,
    settings: LinearSettings,
    api_key: str,
    progress: Progress | None = None,
    allow_empty: bool = False,
) -> PullOutput:
    """One complete pull for the site's articles; any failure leaves every file as it was
    and is a KbgenError ending ``(snapshot unchanged)``."""
    linked = site_linked_identifiers(site)
    try:
        with make_client(settings, api_key) as client:
            refreshed = refresh_linear_data(
                client, settings, site.sources, linked, progress=progress, allow_empty=allow_empty
            )
    except KbgenError as error:
        raise KbgenError(f"{error} (snapshot unchanged)") from None
    return pull_output(refreshed, settings, site.root)


def pull_output(refreshed: RefreshResult, settings: LinearSettings, root: Path) -> PullOutput:
    """The warnings and report lines of a pull, from what it wrote."""
    result = refreshed.pull
    warnings = (
        *result.warnings,
        *(f"linked item {missing} was not found in Linear" for missing in refreshed.links.missing),
        *(
            f"linked issue {old} is {new} now (moved team); articles may name {new}"
            for old, new in refreshed.links.moved.items()
        ),
    )
    lines = (
        f"Wrote {settings.snapshot_path(root)}: {len(result.snapshot.items)} public items, "
        f"{result.requests} request(s)",
        f"Wrote {settings.links_path(root)}: {len(refreshed.links.items)} linked item(s); "
        f"{refreshed.moves} roadmap move(s) added to {settings.history_path(root)}",
        *describe_diff(result.diff),
    )
    return PullOutput(tuple(warnings), lines)
