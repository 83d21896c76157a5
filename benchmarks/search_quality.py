"""Benchmark: does search find the right article? kbgen against plain Material and Pagefind.

Usage: .venv/bin/python benchmarks/search_quality.py [--corpus demo sharepoint]
           [--engines kbgen material pagefind python] [--half tune|held-out|all] [--rebuild]

Query sets (benchmarks/search_queries/<corpus>.yml) hold questions in customers' words,
misspellings, keywords, exact titles and queries nothing answers. Each site is built for
real: ``kbgen build``, and plain ``mkdocs build`` with Material's ``search`` plugin (lunr)
over the same content. Each query is typed into the built site's search box in headless
Chromium (kbgen, Material), or passed to Pagefind's own JS API on kbgen's site (Pagefind
alone: one search, every word required, as kbgen searched before). ``python`` runs
kbgen.search.query over the same built data (fast, for iterating; not the reported number).

A hit is an expected article among the first three results (hit@3); MRR over the first ten.
A query nothing answers scores 1 when no result is shown. The sharepoint corpus is read from
../shared/corpora/msdocs-sharepoint (CC BY 4.0, © Microsoft and contributors) at benchmark
time only, copied into benchmarks/.work.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import own_work_tree
from search import CHROMIUM, serve

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORK = Path(__file__).resolve().parent / ".work" / "quality"
QUERIES = Path(__file__).resolve().parent / "search_queries"
SHAREPOINT = ROOT.parent / "shared" / "corpora" / "msdocs-sharepoint"
KINDS = ("questions", "misspellings", "keywords", "titles", "unanswerable")
SETTLE_MS = 15_000
PLAIN_MKDOCS = """\
site_name: {name}
docs_dir: {docs}
theme:
  name: material
plugins: [search]
markdown_extensions: [admonition, tables, toc, attr_list, md_in_html, pymdownx.superfences,
  pymdownx.details, pymdownx.tasklist, footnotes, def_list]
"""
SHAREPOINT_CONFIG = """\
site_name: SharePoint admin help
docs_dir: content
"""


@dataclass(frozen=True)
class Query:
    """One query, what counts as a hit, and which half it belongs to."""

    kind: str
    text: str
    expect: tuple[str, ...]
    held_out: bool


def load_queries(corpus: str) -> list[Query]:
    """Every query of a corpus; every second one of each kind is held out."""
    data = yaml.safe_load((QUERIES / f"{corpus}.yml").read_text("utf-8"))
    return [
        Query(kind, str(row[0]), tuple(str(x) for x in row[1:]), index % 2 == 1)
        for kind in KINDS
        for index, row in enumerate(data[kind])
    ]


def project_for(corpus: str) -> Path:
    """A copy of the corpus's project (site_config.yml, content/, data/) under .work: a
    build records its published URLs in data/, and the repository's own must not change."""
    project = WORK / corpus
    shutil.rmtree(project / "data", ignore_errors=True)  # URLs recorded by an older build
    if corpus == "demo":
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
        for name in ("content", "data", "overrides"):
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, project / name)
        shutil.copy2(ROOT / "site_config.yml", project / "site_config.yml")
        own_work_tree(project)
        return project
    if not (project / "content").is_dir():
        if not SHAREPOINT.is_dir():
            sys.exit(f"{SHAREPOINT} is missing: the sharepoint corpus is read from there")
        project.mkdir(parents=True, exist_ok=True)
        shutil.copytree(SHAREPOINT, project / "content", ignore=shutil.ignore_patterns("LICENSE"))
        (project / "site_config.yml").write_text(SHAREPOINT_CONFIG, "utf-8")
    own_work_tree(project)
    return project


def build(corpus: str, rebuild: bool) -> tuple[Path, Path]:
    """kbgen's site and plain Material's site for a corpus (built unless already there)."""
    project = project_for(corpus)
    kbgen_site = WORK / f"{corpus}-kbgen"
    plain_site = WORK / f"{corpus}-material"
    if rebuild or not (kbgen_site / "kbgen-search").is_dir():
        shutil.rmtree(kbgen_site, ignore_errors=True)
        start = time.perf_counter()
        subprocess.run([str(BIN / "kbgen"), "build", "--site-dir", str(kbgen_site)],
                       cwd=project, check=True, capture_output=True)  # fmt: skip
        print(f"{corpus}: kbgen build {time.perf_counter() - start:.1f} s", flush=True)
    if rebuild or not (plain_site / "search").is_dir():
        config = WORK / f"{corpus}-mkdocs.yml"
        docs = project / "content"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(PLAIN_MKDOCS.format(name=corpus, docs=docs), "utf-8")
        command = [str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(plain_site)]
        subprocess.run(command, check=True, capture_output=True)
    return kbgen_site, plain_site


def python_results(site: Path, queries: list[Query]) -> list[list[str]]:
    """kbgen.search.query over the built data (not the reported number)."""
    from kbgen.search.query import search

    return [[hit.url for hit in search(site, q.text, 10)] for q in queries]


KBGEN_RUN = """async ([queries, settle]) => {
  const input = document.querySelector('[data-kbgen-search]');
  const list = document.querySelector('[data-kbgen-search-results]');
  const out = [];
  for (const query of queries) {
    input.focus();
    input.value = query;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    const start = Date.now();
    while (list.getAttribute('data-kbgen-search-done') !== query && Date.now() - start < settle) {
      await new Promise(r => setTimeout(r, 20));
    }
    out.push(Array.from(list.querySelectorAll('a[href]')).slice(0, 10)
      .map(a => new URL(a.href).pathname + new URL(a.href).hash));
  }
  return out;
}"""

MATERIAL_RUN = """async ([queries, settle]) => {
  const input = document.querySelector('.md-search__input');
  const meta = document.querySelector('.md-search-result__meta');
  const type = (text) => {
    input.value = text;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'a'}));
  };
  input.focus();
  type('x');
  const ready = Date.now();
  while (/Initializing/i.test(meta.textContent) && Date.now() - ready < 10 * settle) {
    await new Promise(r => setTimeout(r, 100));  // lunr builds its index in a worker first
  }
  const out = [];
  for (const query of queries) {
    type(query);
    await new Promise(r => setTimeout(r, 800));
    out.push(Array.from(document.querySelectorAll('.md-search-result__item > a[href]'))
      .slice(0, 10).map(a => new URL(a.href).pathname + new URL(a.href).hash));
  }
  return out;
}"""

PAGEFIND_RUN = """async ([queries]) => {
  const pagefind = await import('/pagefind/pagefind.js');
  await pagefind.init();
  const out = [];
  for (const query of queries) {
    const found = await pagefind.search(query);
    const data = await Promise.all(found.results.slice(0, 10).map(r => r.data()));
    out.push(data.map(d => d.url));
  }
  return out;
}"""


def browser_results(site: Path, engine: str, queries: list[Query]) -> list[list[str]]:
    """Type every query into the built site in headless Chromium, on an article page (plain
    Material has no home page for these corpora); the result paths."""
    from playwright.sync_api import sync_playwright

    server, origin = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            start = next(q.expect[0] for q in queries if q.expect)
            page.goto(origin + start, wait_until="load")
            script = {"kbgen": KBGEN_RUN, "material": MATERIAL_RUN, "pagefind": PAGEFIND_RUN}
            texts = [q.text for q in queries]
            page.set_default_timeout(20 * SETTLE_MS)
            found: list[list[str]] = page.evaluate(script[engine], [texts, SETTLE_MS])
            browser.close()
    finally:
        server.shutdown()
    return found


def normalise(url: str) -> str:
    return url.split("#")[0].lstrip("/")


def score(query: Query, results: list[str]) -> tuple[float, float]:
    """(hit@3, reciprocal rank) of one query."""
    if not query.expect:
        empty = float(not results)
        return empty, empty
    paths = [normalise(url) for url in results[:10]]
    ranks = [paths.index(e) + 1 for e in query.expect if e in paths]
    best = min(ranks, default=0)
    return float(0 < best <= 3), (1.0 / best if best else 0.0)


def table(corpus: str, queries: list[Query], runs: dict[str, list[list[str]]]) -> str:
    """hit@3 (count/total) and MRR per kind, one column per engine."""
    engines = list(runs)
    head = f"{corpus:<11} {'kind':<14}" + "".join(f"{e:>22}" for e in engines)
    lines = [head, "-" * len(head)]
    groups = [(kind, [i for i, q in enumerate(queries) if q.kind == kind]) for kind in KINDS]
    answerable = [i for i, q in enumerate(queries) if q.expect]
    for kind, members in [*groups, ("answerable", answerable)]:
        if not members:
            continue
        cells = []
        for engine in engines:
            scored = [score(queries[i], runs[engine][i]) for i in members]
            hits = sum(s[0] for s in scored)
            mrr = sum(s[1] for s in scored) / len(scored)
            cells.append(
                f"{int(hits):>3}/{len(scored):<3} {100 * hits / len(scored):>4.0f}% {mrr:>5.2f}"
            )
        lines.append(f"{'':<11} {kind:<14}" + "".join(f"{c:>22}" for c in cells))
    return "\n".join(lines)


def misses(queries: list[Query], results: list[list[str]]) -> list[str]:
    """The queries an engine got wrong, with its first three results."""
    return [
        f"  {q.kind}: {q.text!r} -> {[normalise(u) for u in r[:3]]}"
        for q, r in zip(queries, results, strict=True)
        if score(q, r)[0] < 1
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="+", default=["demo", "sharepoint"])
    parser.add_argument("--engines", nargs="+", default=["kbgen", "material", "pagefind"])
    parser.add_argument("--half", choices=["tune", "held-out", "all"], default="all")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list the queries each engine missed")
    args = parser.parse_args()
    output = []
    for corpus in args.corpus:
        kbgen_site, plain_site = build(corpus, args.rebuild)
        queries = [
            q for q in load_queries(corpus)
            if args.half == "all" or q.held_out == (args.half == "held-out")
        ]  # fmt: skip
        runs: dict[str, list[list[str]]] = {}
        for engine in args.engines:
            if engine == "python":
                runs["kbgen (python)"] = python_results(kbgen_site, queries)
            elif engine == "material":
                runs["Material (lunr)"] = browser_results(plain_site, engine, queries)
            elif engine == "pagefind":
                runs["Pagefind alone"] = browser_results(kbgen_site, engine, queries)
            else:
                runs["kbgen"] = browser_results(kbgen_site, engine, queries)
        output.append(table(f"{corpus} ({args.half})", queries, runs))
        if args.half == "all":  # the two halves of the same runs, side by side
            for held_out, name in ((False, "tune"), (True, "held-out")):
                keep = [i for i, q in enumerate(queries) if q.held_out == held_out]
                half = {e: [found[i] for i in keep] for e, found in runs.items()}
                output.append(table(f"{corpus} ({name})", [queries[i] for i in keep], half))
        print("\n\n".join(output[-3 if args.half == "all" else -1 :]), flush=True)
        if args.misses:
            for engine, results in runs.items():
                print(f"{engine} missed:", *misses(queries, results), sep="\n")
    print("\nhit@3 count/total, %, MRR@10 per kind:\n" + "\n\n".join(output))


if __name__ == "__main__":
    main()
