"""Benchmark: kbgen's search against plain Material's lunr search, over emulated 4G.

Usage: .venv/bin/python benchmarks/search.py [--sizes 1000 4000] [--queries 5] [--rebuild]

Builds the generated corpus of benchmarks/build.py with ``kbgen build`` and with plain
``mkdocs build`` (Material + its search plugin), serves each with gzip on 127.0.0.1, and in
Chromium (CDP network emulation: 9 Mbit/s, 60 ms latency, cold cache) opens an article page and
types another article's exact title into the site's search box. Prints, side by side: ms from
typing to the first result (median), bytes moved for the search (response bodies of the search
files, counted at the server, median), and how often the article is in the first ten.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import BIN, prepare

CHROMIUM = "/usr/bin/chromium"
FOUR_G = {
    "offline": False,
    "latency": 60,
    "downloadThroughput": 9_000_000 / 8,
    "uploadThroughput": 9_000_000 / 8,
}
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".xml", ".svg")
TIMEOUT_MS = 120_000


@dataclass(frozen=True)
class Site:
    """How to drive one site's search box."""

    name: str
    folder: str
    box: str
    results: str
    assets: tuple[str, ...]  # URL parts of the requests that belong to search


KBGEN = Site(
    "kbgen",
    "site-kbgen",
    "[data-kbgen-search]",
    "[data-kbgen-search-results] a[href]",
    # Pagefind, kbgen's search data (word shards, page vectors, result rows) and the engine.
    ("/pagefind/", "/kbgen-search/", "/assets/kbgen/search-engine.js"),
)
PLAIN = Site(
    "Material (lunr)",
    "site-plain",
    ".md-search__input",
    ".md-search-result__item a[href]",
    ("/search/search_index.json", "/workers/search."),
)


@dataclass
class Measure:
    """One query on one site."""

    ms: float
    bytes: int
    in_top_ten: bool


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types as a CDN serves them (cached in memory)."""

    cache: dict[str, bytes] = {}
    sent: list[tuple[str, int]] = []  # (URL path, body bytes) of every response, in order

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.name.endswith(COMPRESSIBLE) or not path.is_file():
            return super().send_head()
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), 6)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.sent.append((self.path, len(body)))
        return None

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        outputfile.write(data)
        self.sent.append((self.path, len(data)))

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


def serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def build(project: Path, rebuild: bool) -> None:
    """Build both sites unless they are there already."""
    if rebuild or not (project / KBGEN.folder / "kbgen-search").is_dir():
        subprocess.run([str(BIN / "kbgen"), "build", "--site-dir", KBGEN.folder], cwd=project,
                       check=True, capture_output=True)  # fmt: skip
    if rebuild or not (project / PLAIN.folder / "search").is_dir():
        subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-d", PLAIN.folder], cwd=project,
                       check=True, capture_output=True)  # fmt: skip


def measure(browser: Browser, site: Site, origin: str, query: str, target: str) -> Measure:
    """Cold cache, 4G: load the home page, type ``query``, wait for the first result."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", FOUR_G)  # applies to its workers too
    GzipHandler.sent.clear()
    page.goto(origin + "category-00/article-00000/", wait_until="load", timeout=TIMEOUT_MS)
    page.locator(site.box).focus()
    start = time.perf_counter()
    page.keyboard.type(query)
    page.locator(site.results).first.wait_for(state="visible", timeout=TIMEOUT_MS)
    ms = (time.perf_counter() - start) * 1000
    page.wait_for_timeout(1500)  # let the list settle (debounce, later fragments)
    hrefs = page.locator(site.results).evaluate_all("links => links.slice(0, 10).map(a => a.href)")
    found = any(href.split("#")[0].rstrip("/").endswith(target.rstrip("/")) for href in hrefs)
    # Counted at the server: the search workers' own fetches are included.
    sent = GzipHandler.sent
    total = sum(size for path, size in sent if any(part in path for part in site.assets))
    context.close()
    return Measure(ms, total, found)


def queries(project: Path, count: int, how_many: int) -> list[tuple[str, str]]:
    """Exact titles of articles spread over the corpus, with their site paths."""
    picked = []
    for index in range(0, count, max(1, count // how_many))[:how_many]:
        path = project / "content" / f"category-{index % 20:02d}" / f"article-{index:05d}.md"
        title = path.read_text(encoding="utf-8").split("title: ", 1)[1].split("\n", 1)[0]
        picked.append((title, f"category-{index % 20:02d}/article-{index:05d}/"))
    return picked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--queries", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    header = f"{'articles':>8}  {'site':<18} {'first result ms':>15} {'KB moved':>9} {'title in top 10':>16}"  # noqa: E501
    rows = [header]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for count in args.sizes:
            project = prepare(count)
            build(project, args.rebuild)
            asked = queries(project, count, args.queries)
            for site in (KBGEN, PLAIN):
                server, origin = serve(project / site.folder)
                runs = [measure(browser, site, origin, q, target) for q, target in asked]
                server.shutdown()
                hits = sum(run.in_top_ten for run in runs)
                rows.append(
                    f"{count:>8}  {site.name:<18} {statistics.median(r.ms for r in runs):>15.0f} "
                    f"{statistics.median(r.bytes for r in runs) / 1000:>9.0f} "
                    f"{hits:>11}/{len(runs)}"
                )
                print(rows[-1], flush=True)
        browser.close()
    print("\n".join(["", "4G: 9 Mbit/s, 60 ms latency, gzip, cold cache; medians:", *rows]))


if __name__ == "__main__":
    main()
