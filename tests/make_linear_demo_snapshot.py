"""Regenerate data/linear-snapshot.json: kbgen's own pull against the emulated demo workspace.

Usage (from the repository root):

    .venv/bin/python tests/make_linear_demo_snapshot.py [OUTPUT]

The workspace and the clock are fixed (2026-11-25 03:00 UTC), so the output is reproducible;
tests/test_linear_demo_snapshot.py checks that the committed file matches.
"""

from __future__ import annotations

import sys
from pathlib import Path

from linear_emulator import NOW, TEST_KEY, LinearEmulator
from linear_emulator.demo import DEMO_SETTINGS, demo_workspace

from kbgen.linear.client import LinearClient
from kbgen.linear.pull import PullResult, pull_snapshot
from kbgen.linear.snapshot import describe_diff

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "data" / "linear-snapshot.json"


def make_demo_snapshot(output: Path) -> PullResult:
    """Pull the demo workspace from a local emulator into ``output``."""
    with (
        LinearEmulator(demo_workspace(), TEST_KEY) as emulator,
        LinearClient(TEST_KEY, emulator.url) as client,
    ):
        return pull_snapshot(client, DEMO_SETTINGS, output, now=NOW)


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else DEFAULT_OUTPUT
    result = make_demo_snapshot(output)
    print(f"Wrote {output} ({len(result.snapshot.items)} public items, {result.requests} requests)")
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print("\n".join(describe_diff(result.diff)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
