"""Requests and wall time of a `kbgen linear pull` whose articles link 200 Linear items.

Usage (from the repository root):

    .venv/bin/python benchmarks/linear_links.py [--links 200]

The seeded emulator workspace (40 public issues, 6 projects, private noise) gets the
linked items on top: issues on public and private teams, shipped or open, and projects
(one in ten), all linked by articles. The whole pull is timed (public items, linked items,
writing the snapshot, the link data and the history), then the linked-item fetch alone.
Times include real HTTP on 127.0.0.1 and graphql-core validating Linear's schema.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from linear_emulator import NOW, TEST_KEY, LinearEmulator, generate_workspace
from linear_emulator.links import add_issue, add_project
from linear_emulator.schema import linear_schema

from kbgen.config.linear import LinearSettings
from kbgen.linear.client import LinearClient
from kbgen.linear.links import fetch_link_data
from kbgen.linear.refresh import refresh_linear_data


def linked_workspace(count: int) -> tuple[object, list[str]]:
    """The seeded workspace plus ``count`` linked items; return it and their identifiers."""
    workspace = generate_workspace(seed=11)
    identifiers = []
    for n in range(count):
        shipped = date(2026, 11, 1) + timedelta(days=n % 20) if n % 2 else None
        state = "completed" if shipped else "started"
        if n % 10 == 9:
            slug = f"{n:012x}"
            add_project(workspace, slug, f"Linked project {n}", state, shipped, n % 3 != 0)
            identifiers.append(slug)
        else:
            team = ("ENG", "WEB", "FIN", "SEC")[n % 4]
            issue = add_issue(workspace, team, f"Linked issue {n}", state, shipped, True)
            identifiers.append(issue.identifier)
    return workspace, identifiers


def measure(count: int) -> None:
    """Print requests, wall time and the largest query cost of the pull and of the link fetch."""
    workspace, identifiers = linked_workspace(count)
    settings = LinearSettings()
    with LinearEmulator(workspace, TEST_KEY) as emulator, tempfile.TemporaryDirectory() as tmp:
        with LinearClient(TEST_KEY, emulator.url) as client:
            start = time.perf_counter()
            result = refresh_linear_data(client, settings, Path(tmp), identifiers, now=NOW)
            whole = time.perf_counter() - start
        linked_requests = [r for r in emulator.requests if r.operation.startswith("KbgenLinked")]
        with LinearClient(TEST_KEY, emulator.url) as client:
            start = time.perf_counter()
            again = fetch_link_data(client, settings, identifiers, NOW)
            alone = time.perf_counter() - start
            alone_requests = client.requests_made
        if again != result.links or result.links.missing:
            raise SystemExit("the linked items differ between pulls, or some were not found")
        public = sum(item.public for item in result.links.items.values())
        print(
            f"linked items: {len(result.links.items)} ({public} public, "
            f"{len(result.links.items) - public} not public)"
        )
        print(
            f"whole pull:   {result.requests} requests "
            f"({len(linked_requests)} for linked items), {whole:.2f} s"
        )
        print(f"linked fetch: {alone_requests} requests, {alone:.2f} s, max complexity "
              f"{max(r.complexity or 0 for r in linked_requests):,} of 10,000")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=200)
    args = parser.parse_args()
    linear_schema()  # parse the 1.2 MB schema once, outside the timings
    measure(args.links)


if __name__ == "__main__":
    main()
