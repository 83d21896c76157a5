"""Benchmark ``kbgen stale`` against the raw-read and one-process C-loader parse floors.

One command: ``python benchmarks/stale.py`` generates 10,000 and 50,000 seeded articles in
``benchmarks/.work/`` (kept between runs), warms the page cache, then prints side by side the
report's wall time (``kbgen stale --format json`` as a subprocess, start-up included), the
time to read the frontmatter bytes alone, and the time to parse them with PyYAML's C loader in
one process, with the ratios. Pass ``--sizes 2000`` for a quick run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
AS_OF = "2026-11-25"
SEED = 20261125
GENERATOR_VERSION = 3  # bump when the generated articles change
CATEGORIES = (
    "getting-started",
    "account",
    "billing",
    "integrations",
    "api",
    "security",
    "sso",
    "notifications",
    "reports",
    "exports",
    "mobile",
    "desktop",
    "admin",
    "permissions",
    "workflows",
    "automations",
    "troubleshooting",
    "faq",
    "release-notes",
    "data",
)
OWNERS = (
    "identity-team@tallyflow.example",
    "billing-team@tallyflow.example",
    "platform@tallyflow.example",
    "support-ops@tallyflow.example",
    "docs@tallyflow.example",
    "alice.ng@tallyflow.example",
    "bob.okafor@tallyflow.example",
    "carla.diaz@tallyflow.example",
    "mobile-squad@tallyflow.example",
    "dana.whitfield@tallyflow.example",
)
INTERVALS = (None, None, "3 months", "6 months", "1 year", "quarterly", "90 days", "6m", "2w")
WORDS = (
    "account",
    "password",
    "invoice",
    "workspace",
    "integration",
    "token",
    "export",
    "report",
    "member",
    "role",
    "webhook",
    "sync",
    "calendar",
    "notification",
    "device",
    "session",
    "plan",
    "upgrade",
    "audit",
    "policy",
    "domain",
    "import",
    "template",
    "dashboard",
)
DELIMITERS = (b"---", b"...")


def main() -> None:
    """Generate the corpora (once), measure each size and print the comparison table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        site = ensure_corpus(size)
        warm(site / "content")
        rows.append(measure(site, size, args.repeat))
    print_table(rows)


def ensure_corpus(count: int, seed: int = SEED) -> Path:
    """Return a generated site with ``count`` articles, generating it unless already there."""
    site = WORK / f"stale-{count}"
    stamp = site / ".complete"
    if stamp.is_file() and stamp.read_text() == f"{seed} v{GENERATOR_VERSION}\n":
        return site
    shutil.rmtree(site, ignore_errors=True)
    print(f"generating {count:,} articles in {site} ...", file=sys.stderr, flush=True)
    generate(site, count, random.Random(seed + count))
    stamp.write_text(f"{seed} v{GENERATOR_VERSION}\n")
    return site


def generate(site: Path, count: int, rng: random.Random) -> None:
    """Write a site_config.yml and ``count`` articles spread over categories and topics."""
    site.mkdir(parents=True)
    (site / "site_config.yml").write_text("site_name: Benchmark help centre\n")
    content = site / "content"
    for number in range(count):
        category = CATEGORIES[number % len(CATEGORIES)]
        topic = f"topic-{rng.randrange(25):02d}"
        folder = content / category / topic
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"article-{number:06d}.md").write_text(article(number, rng), encoding="utf-8")


def article(number: int, rng: random.Random) -> str:
    """One article with frontmatter shaped like a real corpus (about 180 bytes), then a body.

    A quoted title, an e-mail owner, the review date, an interval field and a block list of
    1-5 tags, as Microsoft Learn and GOV.UK pages write them.
    """
    words = rng.sample(WORDS, 5)
    title = f"How to {words[0]} your {words[1]} {number}"
    reviewed = date.fromisoformat(AS_OF) - timedelta(days=rng.randrange(420))
    lines = [
        "---",
        f'title: "{title}"',
        f"owner: {rng.choice(OWNERS)}",
        f"last_reviewed: {reviewed.isoformat()}",
        f"review_every: {rng.choice(INTERVALS) or '3 months'}",
        "tags:",
        *(f"  - {word}" for word in words[: rng.randint(1, 5)]),
        "---",
        "",
    ]
    return "\n".join(lines) + body(title, words, rng)


def body(title: str, words: list[str], rng: random.Random) -> str:
    """A body of 1-3 KB: heading, paragraphs, steps, a table, a code block, an admonition."""
    sentence = f"Use the {words[1]} settings to change how your {words[2]} behaves. "
    paragraphs = [sentence * rng.randint(2, 6) for _ in range(rng.randint(2, 4))]
    steps = "\n".join(
        f"{step}. Open **{rng.choice(WORDS)}** and select *Save*." for step in (1, 2, 3)
    )
    table = "| Setting | Default |\n| --- | --- |\n" + "".join(
        f"| {word} | {rng.randint(1, 90)} |\n" for word in words
    )
    code = (
        f"```bash\ncurl -H 'Authorization: Bearer $TOKEN' https://api.example.com/{words[0]}\n```\n"
    )
    note = f'!!! note "Before you start"\n    You need the **{words[3]}** permission.\n'
    parts = [f"# {title}\n", paragraphs[0], "## Steps\n", steps, *paragraphs[1:], table, code, note]
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


def warm(content: Path) -> None:
    """Read every file once so every measurement runs on a warm page cache."""
    for path in markdown_files(content):
        path.read_bytes()


def markdown_files(content: Path) -> list[Path]:
    """Every Markdown file below ``content`` (what the floors read)."""
    return [
        Path(folder, name)
        for folder, _, files in os.walk(content)
        for name in files
        if name.endswith(".md")
    ]


def frontmatter_bytes(path: Path) -> bytes:
    """The raw frontmatter of one file: the lines between the opening and closing ``---``."""
    lines = []
    with path.open("rb") as stream:
        if stream.readline().rstrip() != b"---":
            return b""
        for line in stream:
            if line.rstrip() in DELIMITERS:
                break
            lines.append(line)
    return b"".join(lines)


def floor_read(content: Path) -> int:
    """Find the files and read their frontmatter bytes, nothing else."""
    return sum(len(frontmatter_bytes(path)) for path in markdown_files(content))


def floor_parse(content: Path) -> int:
    """Find, read and parse every frontmatter with PyYAML's C loader, in one process."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return sum(
        len(yaml.load(frontmatter_bytes(path).decode(), Loader=loader) or ())
        for path in markdown_files(content)
    )


def run_report(site: Path, count: int) -> None:
    """Run ``kbgen stale --format json`` as a user would, and check it saw every article."""
    output = WORK / f"stale-{count}.json"
    command = [
        sys.executable,
        "-m",
        "kbgen",
        "stale",
        "--config",
        str(site / "site_config.yml"),
        "--format",
        "json",
        "--as-of",
        AS_OF,
        "--output",
        str(output),
    ]
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}  # this checkout's kbgen
    subprocess.run(command, check=True, stdin=subprocess.DEVNULL, env=env)
    total = json.loads(output.read_text())["summary"]["total"]
    if total != count:
        raise SystemExit(f"kbgen stale reported {total} articles, expected {count}")


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` runs of ``action``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(site: Path, count: int, repeat: int) -> dict[str, float]:
    """Wall times for the report and both floors on one corpus."""
    content = site / "content"
    return {
        "articles": count,
        "report": timed(lambda: run_report(site, count), repeat),
        "read": timed(lambda: floor_read(content), repeat),
        "parse": timed(lambda: floor_parse(content), repeat),
    }


def print_table(rows: list[dict[str, float]]) -> None:
    """Print one line per corpus size: times in seconds and the report's ratios."""
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, warm cache, median of runs")
    header = ("articles", "kbgen stale", "read floor", "parse floor", "vs read", "vs parse")
    print("  ".join(f"{name:>12}" for name in header))
    for row in rows:
        cells = (
            f"{row['articles']:,}",
            f"{row['report']:.2f} s",
            f"{row['read']:.2f} s",
            f"{row['parse']:.2f} s",
            f"{row['report'] / row['read']:.2f}x",
            f"{row['report'] / row['parse']:.2f}x",
        )
        print("  ".join(f"{cell:>12}" for cell in cells))
    print("Target: 50,000 articles in under 4 s of wall time, at most 1.3x the parse floor.")


if __name__ == "__main__":
    main()
