"""Proof that kbgen's plugin ran: a file it writes last into the built site, checked before
the site is swapped in.

An engine that drops plugins it does not know (Zensical 0.1.x does, silently), a config without
the plugin or with it disabled: the pages still build, without search, roadmap, feedback or the
trust line. ``kbgen build`` refuses such a site instead of publishing it.
"""

from __future__ import annotations

from pathlib import Path

from kbgen.errors import BuildError

RAN_MARKER = ".kbgen-plugin-ran"


class PluginDidNotRun(BuildError):
    """The build finished without kbgen's plugin: its output would be silently missing."""


def mark_ran(site_dir: Path) -> None:
    """Record, in the site being built, that the plugin finished its part."""
    (site_dir / RAN_MARKER).write_text("kbgen\n", encoding="utf-8")


def take_proof(site_dir: Path, engine: str) -> None:
    """Remove the plugin's marker from ``site_dir``; raise PluginDidNotRun when it is absent."""
    marker = site_dir / RAN_MARKER
    if not marker.is_file():
        raise PluginDidNotRun(
            f"build refused: kbgen's plugin did not run under {engine} (plugins: kbgen missing, "
            "disabled or dropped by the engine), so search, roadmap, feedback and the trust line "
            "would be silently missing"
        )
    marker.unlink()
