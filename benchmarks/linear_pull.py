"""Requests and wall time for `kbgen linear pull` of 1,000 public items against the emulator.

Usage (from the repository root):

    .venv/bin/python benchmarks/linear_pull.py [--items 1000] [--page-sizes 100,250]

The workspace is generated (seeded) with 1,000 public items (960 issues, 40 projects) plus
private noise; the emulator runs Linear's schema with graphql-core on 127.0.0.1, so times
include real HTTP, validation and execution on both sides.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from linear_emulator import NOW, TEST_KEY, LinearEmulator, generate_workspace
from linear_emulator.schema import linear_schema

from kbgen.config.linear import LinearSettings
from kbgen.linear.client import LinearClient
from kbgen.linear.pull import pull_snapshot


def measure(items: int, page_size: int) -> tuple[int, int, float, int]:
    """(public items pulled, requests, seconds, max complexity) for one pull."""
    projects = max(1, items // 25)  # plus 4 hostile issues and 1 hostile project below
    workspace = generate_workspace(
        seed=11, public_issues=items - projects - 4, public_projects=projects - 1, noise_issues=500
    )
    settings = LinearSettings(page_size=page_size)
    with LinearEmulator(workspace, TEST_KEY) as emulator, tempfile.TemporaryDirectory() as tmp:
        with LinearClient(TEST_KEY, emulator.url) as client:
            start = time.perf_counter()
            result = pull_snapshot(client, settings, Path(tmp) / "snapshot.json", now=NOW)
            elapsed = time.perf_counter() - start
        expected = workspace.expected()
        got = {item.id: item.status for item in result.snapshot.items}
        if got != expected:
            raise SystemExit("pulled items differ from the workspace's public items")
        complexity = max(r.complexity or 0 for r in emulator.requests)
    return len(result.snapshot.items), result.requests, elapsed, complexity


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--page-sizes", default="100,250")
    args = parser.parse_args()
    linear_schema()  # parse the 1.2 MB schema once, outside the timings
    print(
        f"{'page size':>9}  {'public items':>12}  {'requests':>8}  {'wall time':>9}  "
        f"{'max complexity':>14}"
    )
    for size in (int(s) for s in args.page_sizes.split(",")):
        items, requests, seconds, complexity = measure(args.items, size)
        print(f"{size:>9}  {items:>12,}  {requests:>8}  {seconds:>8.2f}s  {complexity:>14,}")


if __name__ == "__main__":
    main()
