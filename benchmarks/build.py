"""Benchmark: ``kbgen build`` against plain ``mkdocs build`` with Material's defaults.

Usage: .venv/bin/python benchmarks/build.py [--sizes 1000 5000] [--plain-timeout 480]
                                           [--words-only] [--repeat N]

Generates seeded articles in 20 categories, builds them both ways on the same content and
prints wall time, peak memory and site bytes side by side, with the ratios. ``--words-only``
also builds with ``search: {semantic: false}`` and prints what the semantic layer adds;
``--repeat N`` builds both kbgen variants N times, alternating, and compares their medians
(on a shared machine one build of each is noise).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate_corpus

WORK = Path(__file__).resolve().parent / ".work" / "build"
WORDS_ONLY_CONFIG = "site_config.words.yml"
BIN = Path(sys.executable).parent
PLAIN_MKDOCS = """\
site_name: Plain Material
docs_dir: content
theme:
  name: material
plugins: [search, tags]
markdown_extensions: [admonition, tables, toc, attr_list, md_in_html, pymdownx.superfences]
"""


@dataclass
class Run:
    """One measured build."""

    seconds: float
    peak_mb: float
    site_mb: float
    finished: bool


def measure(command: list[str], cwd: Path, site: Path, timeout: float) -> Run:
    """Run a build, timing it and reading its own peak RSS; kill it after ``timeout`` s."""
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    finished = True
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            process.kill()
            _, status, usage = os.wait4(process.pid, 0)
            finished = False
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if finished and process.returncode:
        raise SystemExit(f"build failed ({process.returncode}): {' '.join(command)}")
    return Run(seconds, usage.ru_maxrss / 1024, folder_mb(site), finished)


def folder_mb(path: Path) -> float:
    """Total size of the files below ``path``, in MB."""
    if not path.exists():
        return 0.0
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file()) / 1e6


def prepare(count: int) -> Path:
    """A project folder with ``count`` generated articles, both configs side by side."""
    project = WORK / str(count)
    if not (project / "content").exists():
        generate_corpus(project / "content", count)
    own_work_tree(project)
    (project / "site_config.yml").write_text("site_name: Benchmark Help\n", encoding="utf-8")
    (project / WORDS_ONLY_CONFIG).write_text(
        "site_name: Benchmark Help\nsearch:\n  semantic: false\n", encoding="utf-8"
    )
    (project / "mkdocs.yml").write_text(PLAIN_MKDOCS, encoding="utf-8")
    old_site = project / "site-kbgen"
    if old_site.is_dir() and not (old_site / ".kbgen-site").exists():
        shutil.rmtree(old_site)  # built before kbgen marked its sites; it would be refused
    return project


def own_work_tree(project: Path) -> None:
    """Make ``project`` a git work tree of its own: kbgen takes the enclosing work tree as the
    project, and inside this repository the benchmark's content would lie in a hidden folder
    (benchmarks/.work), which kbgen refuses to publish."""
    if not (project / ".git").exists():
        subprocess.run(["git", "init", "-q", str(project)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--plain-timeout", type=float, default=480.0)
    parser.add_argument("--words-only", action="store_true", help="also build without vectors")
    parser.add_argument("--repeat", type=int, default=1, help="kbgen builds per variant")
    args = parser.parse_args()
    print(f"{'articles':>8} {'tool':<14} {'wall s':>8} {'peak MB':>8} {'site MB':>9}")
    results: dict[int, tuple[Run, Run]] = {}
    for count in args.sizes:
        project = prepare(count)
        kbgen = measure([str(BIN / "kbgen"), "build", "--site-dir", "site-kbgen"], project,
                        project / "site-kbgen", timeout=3600)  # fmt: skip
        plain = measure([str(BIN / "mkdocs"), "build", "-q", "-d", "site-plain"], project,
                        project / "site-plain", timeout=args.plain_timeout)  # fmt: skip
        results[count] = (kbgen, plain)
        if args.words_only:
            semantic_runs, words_runs = [kbgen], []
            words_build = [str(BIN / "kbgen"), "build", "--site-dir", "site-words",
                           "--config", WORDS_ONLY_CONFIG]  # fmt: skip
            semantic_build = [str(BIN / "kbgen"), "build", "--site-dir", "site-kbgen"]
            for turn in range(args.repeat):
                words = measure(words_build, project, project / "site-words", timeout=3600)
                words_runs.append(words)
                if turn:
                    semantic = measure(semantic_build, project, project / "site-kbgen", 3600)
                    semantic_runs.append(semantic)
            with_s = statistics.median(run.seconds for run in semantic_runs)
            words_s = statistics.median(run.seconds for run in words_runs)
            with_mb = statistics.median(run.peak_mb for run in semantic_runs)
            words_mb = statistics.median(run.peak_mb for run in words_runs)
            print(f"{count:>8} {'kbgen (words)':<14} {words_s:>8.1f} {words_mb:>8.0f} "
                  f"{words_runs[-1].site_mb:>9.1f}\n{'':>8} semantic layer adds "
                  f"{100 * (with_s / words_s - 1):.0f}% time ({with_s:.1f} s against "
                  f"{words_s:.1f} s, medians of {len(words_runs)}), "
                  f"{with_mb - words_mb:+.0f} MB peak ({with_mb:.0f} MB in all)")  # fmt: skip
        for name, run in (("kbgen build", kbgen), ("mkdocs build", plain)):
            late = "" if run.finished else f"  (stopped after {args.plain_timeout:.0f} s)"
            print(f"{count:>8} {name:<14} {run.seconds:>8.1f} {run.peak_mb:>8.0f} "
                  f"{run.site_mb:>9.1f}{late}")  # fmt: skip
        if plain.finished:
            print(f"{'':>8} ratio kbgen/plain: time {kbgen.seconds / plain.seconds:.2f}x, "
                  f"site bytes {kbgen.site_mb / plain.site_mb:.2f}x")  # fmt: skip
        else:
            print(
                f"{'':>8} ratio kbgen/plain: time < {kbgen.seconds / plain.seconds:.2f}x "
                "(plain build did not finish)"
            )
    sizes = sorted(results)
    if len(sizes) > 1:
        small, large = results[sizes[0]][0], results[sizes[-1]][0]
        print(
            f"kbgen scaling {sizes[0]} -> {sizes[-1]} articles ({sizes[-1] / sizes[0]:.0f}x): "
            f"time {large.seconds / small.seconds:.2f}x, "
            f"site bytes {large.site_mb / small.site_mb:.2f}x"
        )


if __name__ == "__main__":
    main()
