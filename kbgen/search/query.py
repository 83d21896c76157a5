"""Search a built site from Python with the site's own ranking (for ``kbgen mcp`` and the
quality benchmark).

It reads the search data the build wrote (``kbgen-search/``) and applies what
search-engine.js applies in the browser: the same word table, typo correction, relaxation
by IDF-weighted coverage, meaning scores and fusion (``kbgen.search.ranking``). Only the
per-word engine differs: the browser asks Pagefind for each word; here each word is scored
with BM25 over the text Pagefind indexed (its fragments, title weighted as Pagefind weights
it) and a light suffix-stripping stand-in for Pagefind's stemmer. So the lists agree on
which pages match and on "no results", and mostly on the order.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from kbgen.search import ranking
from kbgen.search.bundle import (
    DATA_DIR,
    KIND_LETTERS,
    PAGEFIND_DIR,
    VECTORS,
    unpack_ids,
    unpack_signs,
)
from kbgen.search.text import content_words, shard_of, words
from kbgen.search.typos import best_correction, deletes

_FRAGMENT_PREFIX = b"pagefind_dcd"
TITLE_WEIGHT = 10
BM25_K1 = 1.2
BM25_B = 0.75


@dataclass(frozen=True, slots=True)
class Hit:
    """One result, best first."""

    url: str
    title: str
    kind: str
    category: str
    summary: str
    score: float


@dataclass(frozen=True, slots=True)
class Answer:
    """The results of one query and the corrections made to it (word as typed -> used)."""

    query: str
    hits: tuple[Hit, ...]
    corrections: dict[str, str] = field(default_factory=dict)


def search(site: Path | SearchData, query: str, limit: int = 10) -> list[Hit]:
    """The best ``limit`` results for ``query`` over a built site (its folder or data)."""
    return list(answer(site, query, limit).hits)


def answer(site: Path | SearchData, query: str, limit: int = 10, correct: bool = True) -> Answer:
    """Results and corrections; ``correct=False`` searches the words as typed."""
    data = site if isinstance(site, SearchData) else load(Path(site))
    asked = content_words(query)
    weights: dict[str, float] = {}
    corrections: dict[str, str] = {}
    searched: list[str] = []
    vector = np.zeros(data.dims, dtype=np.float64)
    titled: set[int] | None = None
    with_vectors = 0.0
    for word in asked:
        entry = data.word(word)
        if entry is None and correct:
            fixed = data.correct(word)
            if fixed is not None:
                corrections[word] = fixed
                word, entry = fixed, data.word(fixed)
        weights[word] = ranking.idf(entry[0] if entry else 0, data.docs)
        pages_titled = set(entry[1]) if entry is not None else set()
        titled = pages_titled if titled is None else titled & pages_titled
        if entry is not None:
            searched.append(word)
            if len(entry) == 5:
                vector += entry[2] * data.unpack(entry)
                with_vectors += weights[word]
    matches = {word: data.word_matches(word) for word in searched}
    scores = ranking.coverage_scores(
        {w: m for w, m in matches.items() if m}, weights, set(corrections.values())
    )
    semantic = data.semantic_scores(vector) if data.semantic and vector.any() else []
    share = with_vectors / (sum(weights.values()) or 1.0)
    fused = ranking.fuse(scores, semantic, data.kinds(), titled or set(), share)[:limit]
    hits = tuple(data.hit(page, score) for page, score in fused)
    return Answer(query, hits, corrections)


@lru_cache(maxsize=8)
def load(site_dir: Path) -> SearchData:
    """The search data of a built site (cached per folder and process)."""
    return SearchData(site_dir.resolve())


class SearchData:
    """A built site's ``kbgen-search/`` data and Pagefind fragments, read on demand."""

    def __init__(self, site_dir: Path) -> None:
        self.folder = site_dir / DATA_DIR
        self.site_dir = site_dir
        self.meta = json.loads((self.folder / "meta.json").read_text("utf-8"))
        self.docs: int = self.meta["docs"]
        self.dims: int = self.meta["dims"]
        self.semantic: bool = self.meta["semantic"]
        self._words: dict[int, dict[str, list[object]]] = {}
        self._typos: dict[int, dict[str, list[list[Any]]]] = {}
        self._rows: list[list[str]] | None = None
        self._signs: np.ndarray | None = None
        self._bm25: _Bm25 | None = None

    def word(self, word: str) -> tuple[Any, ...] | None:
        """The word's table entry: (pages holding it, pages whose title holds it[, tokens,
        scale, vector])."""
        shard = shard_of(word, self.meta["word_shards"])
        if shard not in self._words:
            self._words[shard] = _read_json(self.folder / "words" / f"{shard}.json", {})
        entry = self._words[shard].get(word)
        return tuple(entry) if entry is not None else None

    def correct(self, word: str) -> str | None:
        """The closest site word to an unknown ``word`` (None when none is close)."""
        frequency: dict[str, int] = {}
        for key in deletes(word):
            shard = shard_of(key, self.meta["typo_shards"])
            if shard not in self._typos:
                self._typos[shard] = _read_json(self.folder / "typos" / f"{shard}.json", {})
            frequency.update((str(w), int(pages)) for w, pages in self._typos[shard].get(key, []))
        return best_correction(word, frequency, frequency)

    def unpack(self, entry: tuple[Any, ...]) -> np.ndarray:
        """A word's vector from its int8 table entry."""
        raw = np.frombuffer(base64.b64decode(str(entry[4])), dtype=np.int8)
        return raw.astype(np.float64) * float(entry[3])

    def semantic_scores(self, vector: np.ndarray) -> list[float]:
        """Each page's meaning score: unit query vector . sign(page) / sqrt(dims)."""
        if self._signs is None:
            text = json.loads((self.folder / VECTORS).read_text("utf-8"))
            self._signs = unpack_signs(text, self.docs, self.dims)
        unit = vector / (np.linalg.norm(vector) or 1.0)
        return [float(x) for x in (self._signs @ unit) / math.sqrt(self.dims)]

    def rows(self) -> list[list[str]]:
        """Every page's [url, title, kind, category, summary]."""
        if self._rows is None:
            chunk = self.meta["chunk"]
            self._rows = []
            for number in range(0, self.docs, chunk):
                self._rows += _read_json(self.folder / "docs" / f"{number // chunk}.json", [])
        return self._rows

    def kinds(self) -> list[str]:
        """Each page's kind (Article, Roadmap, Changelog)."""
        names = {letter: kind for kind, letter in KIND_LETTERS.items()}
        return [names[letter] for letter in self.meta["kinds"]]

    def hit(self, page: int, score: float) -> Hit:
        """The result shown for one page."""
        url, title, kind, category, summary = self.rows()[page]
        return Hit(url, title, kind, category, summary, round(score, 6))

    def word_matches(self, word: str) -> dict[int, float]:
        """The word engine's pages for one word, with its score on each."""
        if self._bm25 is None:
            self._bm25 = _Bm25(self.site_dir / PAGEFIND_DIR, unpack_ids(self.meta["pagefind_ids"]))
        return self._bm25.matches(word)


def stem(word: str) -> str:
    """A light English suffix strip (the stand-in for Pagefind's Snowball stemmer)."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + keep
    return word


class _Bm25:
    """BM25 over Pagefind's fragments (what Pagefind indexed), title weighted."""

    def __init__(self, pagefind_dir: Path, ids: list[str]) -> None:
        self.terms: list[Counter[str]] = []
        lengths: list[int] = []
        for page_id in ids:
            fragment = _fragment(pagefind_dir / "fragment" / f"{page_id}.pf_fragment")
            content = str(fragment.get("content", ""))
            meta = fragment.get("meta")
            title = str(meta.get("title", "")) if isinstance(meta, dict) else ""
            counted = Counter(stem(w) for w in words(content))
            for w in words(title):
                counted[stem(w)] += TITLE_WEIGHT - 1
            self.terms.append(counted)
            lengths.append(max(1, len(words(content))))
        self.lengths = lengths
        self.average = sum(lengths) / max(1, len(lengths))

    def matches(self, word: str) -> dict[int, float]:
        key = stem(word)
        found: dict[int, float] = {}
        for page, counted in enumerate(self.terms):
            tf = counted.get(key, 0)
            if tf:
                norm = 1 - BM25_B + BM25_B * self.lengths[page] / self.average
                found[page] = tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)
        return found


def _fragment(path: Path) -> dict[str, object]:
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError):
        return {}
    body = raw[len(_FRAGMENT_PREFIX) :] if raw.startswith(_FRAGMENT_PREFIX) else raw
    loaded = json.loads(body)
    return loaded if isinstance(loaded, dict) else {}


def _read_json(path: Path, missing: Any) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return missing
