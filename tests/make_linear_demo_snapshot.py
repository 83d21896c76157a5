"""Regenerate data/linear-snapshot.json: kbgen's own pull against the emulated demo workspace.

Also data/linear-links.json (the demo articles' linked items) and data/roadmap-history.json
(the moves of a first pull: every item added).

Usage (from the repository root):

    .venv/bin/python tests/make_linear_demo_snapshot.py [OUTPUT]

The workspace and the clock are fixed (2026-11-25 03:00 UTC), so the output is reproducible;
tests/linear_data/test_linear_demo_snapshot.py checks that the committed files match.
"""

from __future__ import annotations

import sys
from pathlib import Path

from linear_emulator import NOW, TEST_KEY, LinearEmulator
from linear_emulator.demo import DEMO_SETTINGS, demo_workspace

from kbgen.config import load_config
from kbgen.content.link_index import site_linked_identifiers
from kbgen.linear.client import LinearClient
from kbgen.linear.links import fetch_link_data
from kbgen.linear.pull import PullResult, pull_snapshot
from kbgen.linear_data.history import append_history, moves_of
from kbgen.linear_data.link_data import LinkData, write_link_data
from kbgen.linear_data.snapshot import describe_diff

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "data" / "linear-snapshot.json"
DEFAULT_LINKS = ROOT / "data" / "linear-links.json"
DEFAULT_HISTORY = ROOT / "data" / "roadmap-history.json"


def make_demo_snapshot(output: Path) -> PullResult:
    """Pull the demo workspace from a local emulator into ``output``."""
    with (
        LinearEmulator(demo_workspace(), TEST_KEY) as emulator,
        LinearClient(TEST_KEY, emulator.url) as client,
    ):
        return pull_snapshot(client, DEMO_SETTINGS, output, now=NOW)


def make_demo_links(output: Path) -> LinkData:
    """Record the items the demo articles link, from the demo workspace, into ``output``."""
    linked = site_linked_identifiers(load_config(ROOT / "site_config.yml"))
    with (
        LinearEmulator(demo_workspace(), TEST_KEY) as emulator,
        LinearClient(TEST_KEY, emulator.url) as client,
    ):
        data = fetch_link_data(client, DEMO_SETTINGS, linked, NOW)
    write_link_data(output, data)
    return data


def make_demo_history(output: Path, result: PullResult) -> int:
    """A fresh history holding the moves of ``result`` (a first pull: every item added)."""
    output.unlink(missing_ok=True)
    return append_history(output, moves_of(result.diff, NOW))


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else DEFAULT_OUTPUT
    output.unlink(missing_ok=True)  # a first pull, so the history lists every item as added
    result = make_demo_snapshot(output)
    links = make_demo_links(output.with_name(DEFAULT_LINKS.name))
    moves = make_demo_history(output.with_name(DEFAULT_HISTORY.name), result)
    print(f"Wrote {len(links.items)} linked items and {moves} roadmap moves beside it")
    print(f"Wrote {output} ({len(result.snapshot.items)} public items, {result.requests} requests)")
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print("\n".join(describe_diff(result.diff)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
