"""Write a site's search data (``<site>/kbgen-search/``), read by search-engine.js.

- ``meta.json``: counts, shard sizes, ranking constants, each page's kind (one letter),
  Pagefind id (``pagefind_ids``, see ``pack_ids``) and the Pagefind files to fetch early
  (``preload``, see ``pagefind_preload``);
- ``docs/<n>.json``: pages ``n*CHUNK`` to ``n*CHUNK+CHUNK-1``: url, title, kind, category,
  summary (only the chunks of the pages shown are fetched);
- ``words/<shard>.json``: word -> [pages holding it, pages whose title holds it, tokens,
  scale, int8 vector (base64)]: the site's words and common English (a query fetches only its
  words' shards);
- ``typos/<shard>.json``: delete key -> [site word, pages holding it] (fetched only for a
  word the table does not know);
- ``vectors.json``: one 256-bit sign vector per page, stored dimension by dimension (each
  dimension's bit for every page, padded to whole bytes: a dimension most pages agree on
  compresses well), base64 in a JSON string (semantic only; JSON so that hosts compress it as
  they compress the rest).

``meta.json`` also holds the search's filter values with their page counts (``filters``, as
Pagefind's ``filters()`` gives them), so the filter chips need no Pagefind filter files.
"""

from __future__ import annotations

import base64
import json
import shutil
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kbgen.search import model, ranking
from kbgen.search.text import STOP_WORDS, shard_of, words
from kbgen.search.typos import typo_keys

DATA_DIR = "kbgen-search"
PAGEFIND_DIR = "pagefind"
VECTORS = "vectors.json"
VERSION = 2
CHUNK = 16
WORDS_PER_SHARD = 8
KEYS_PER_SHARD = 96
MAX_WORD_LENGTH = 40
KIND_LETTERS = {"Article": "A", "Roadmap": "R", "Changelog": "C"}
DIMS = model.DIMS
"""Dimensions kept (the model is Matryoshka-trained: a prefix of its dimensions is a smaller
embedding); each page's vector is their signs, DIMS bits."""


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One search result: a page (article) or a record (roadmap card, changelog entry).

    ``text`` is everything search reads: title, description, search terms, synonyms,
    headings and body.
    """

    url: str
    title: str
    kind: str
    category: str
    summary: str
    text: str


def shard_count(items: int, per_shard: int) -> int:
    """A power of two giving about ``per_shard`` items a shard."""
    count = 1
    while count * per_shard < items:
        count *= 2
    return count


def write_search_data(
    site_dir: Path,
    docs: Sequence[SearchDoc],
    semantic: bool,
    pagefind_ids: Mapping[str, str],
    client: Mapping[str, object] | None = None,
) -> None:
    """Write ``<site_dir>/kbgen-search/`` for ``docs`` (replacing an older one); ``client``
    is what the help widget needs from the site (support link, analytics provider)."""
    folder = site_dir / DATA_DIR
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    frequency: Counter[str] = Counter()
    for doc in docs:
        frequency.update(word for word in set(words(doc.text)) if len(word) <= MAX_WORD_LENGTH)
    table = dict.fromkeys(model.english_words(), 0) if semantic else {}
    table.update(frequency)
    titled: dict[str, list[int]] = {}
    for page, doc in enumerate(docs):
        for word in dict.fromkeys(words(doc.title)):
            titled.setdefault(word, []).append(page)
    word_shards = shard_count(len(table), WORDS_PER_SHARD)
    _write_words(folder, table, titled, word_shards, semantic)
    keys = typo_keys(word for word in frequency if word not in STOP_WORDS)
    typo_shards = shard_count(len(keys), KEYS_PER_SHARD)
    _write_typos(folder, keys, frequency, typo_shards)
    for start in range(0, len(docs), CHUNK):
        rows = [
            [d.url, d.title, d.kind, d.category, d.summary] for d in docs[start : start + CHUNK]
        ]
        _write_json(folder / "docs" / f"{start // CHUNK}.json", rows)
    if semantic and docs:
        vectors = model.page_vectors([doc.text for doc in docs])[:, :DIMS]
        _write_json(folder / VECTORS, pack_signs(vectors))
    meta = {
        "version": VERSION,
        "docs": len(docs),
        "chunk": CHUNK,
        "word_shards": word_shards,
        "typo_shards": typo_shards,
        "semantic": semantic and bool(docs),
        "dims": DIMS,
        "ranking": ranking.settings(),
        "kinds": "".join(KIND_LETTERS.get(doc.kind, "A") for doc in docs),
        "pagefind_ids": pack_ids([pagefind_ids.get(doc.url, "") for doc in docs]),
        "preload": pagefind_preload(site_dir / PAGEFIND_DIR),
        "filters": filter_counts(docs),
        "client": dict(client or {}),
    }
    _write_json(folder / "meta.json", meta)


def pack_signs(vectors: np.ndarray) -> str:
    """The signs of ``vectors`` (pages x dims), dimension by dimension, base64."""
    return base64.b64encode(np.packbits((vectors > 0).T, axis=1).tobytes()).decode("ascii")


def unpack_signs(text: str, docs: int, dims: int) -> np.ndarray:
    """The pages x dims matrix of +1/-1 that ``pack_signs`` packed."""
    packed = np.frombuffer(base64.b64decode(text), dtype=np.uint8).reshape(dims, -1)
    return np.unpackbits(packed, axis=1)[:, :docs].T.astype(np.float64) * 2 - 1


def filter_counts(docs: Sequence[SearchDoc]) -> dict[str, dict[str, int]]:
    """Pages per filter value, as Pagefind counts the filters kbgen gives it: every page and
    record has a kind, articles a category."""
    kinds = Counter(doc.kind for doc in docs)
    categories = Counter(doc.category for doc in docs if doc.category)
    return {"kind": dict(sorted(kinds.items())), "category": dict(sorted(categories.items()))}


def pagefind_preload(bundle: Path) -> list[str]:
    """The files Pagefind fetches one after another as it starts (its index metadata, then its
    WebAssembly), for a one-language bundle: search-engine.js fetches them at once, so the
    browser has them when Pagefind asks (paths relative to the site's root)."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        [language] = entry["languages"].values()
        meta, wasm = str(language["hash"]), str(language["wasm"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []
    names = [f"pagefind.{meta}.pf_meta", f"wasm.{wasm}.pagefind"]
    if not all((bundle / name).is_file() for name in names):
        return []
    return [f"{PAGEFIND_DIR}/{name}" for name in names]


def pack_ids(ids: Sequence[str]) -> dict[str, object]:
    """Pagefind page ids, compactly: one shared prefix ("en_") and the rest of every id
    concatenated at a fixed width ("." for a page Pagefind did not index)."""
    present = [page_id for page_id in ids if page_id]
    prefix = present[0].partition("_")[0] + "_" if present else ""
    width = max((len(page_id) - len(prefix) for page_id in present), default=0)
    if any(not i.startswith(prefix) or len(i) - len(prefix) != width for i in present):
        return {"list": list(ids)}
    packed = "".join(i[len(prefix) :] if i else "." * width for i in ids)
    return {"prefix": prefix, "width": width, "count": len(ids), "ids": packed}


def unpack_ids(packed: Mapping[str, Any]) -> list[str]:
    """The ids ``pack_ids`` packed ('' where a page has none)."""
    if "list" in packed:
        return [str(page_id) for page_id in packed["list"]]
    width, text, prefix = int(packed["width"]), str(packed["ids"]), str(packed["prefix"])
    if not width:
        return [""] * int(packed["count"])
    parts = [text[at : at + width] for at in range(0, len(text), width)]
    return [prefix + part if not part.startswith(".") else "" for part in parts]


def _write_words(
    folder: Path,
    table: Mapping[str, int],
    titled: Mapping[str, list[int]],
    shards: int,
    semantic: bool,
) -> None:
    names = sorted(table)
    grouped: dict[int, dict[str, list[object]]] = {}
    if semantic:
        vectors, counts = model.word_vectors(names)
        vectors = vectors[:, :DIMS]
        scales = np.abs(vectors).max(axis=1) / 127
        scales[scales == 0] = 1
        quantised = np.round(vectors / scales[:, None]).astype(np.int8)
    for row, name in enumerate(names):
        entry: list[object] = [table[name], titled.get(name, [])]
        if semantic and counts[row]:
            packed = base64.b64encode(quantised[row].tobytes()).decode("ascii")
            entry += [int(counts[row]), float(f"{scales[row]:.6g}"), packed]
        grouped.setdefault(shard_of(name, shards), {})[name] = entry
    for shard, entries in grouped.items():
        _write_json(folder / "words" / f"{shard}.json", entries)


def _write_typos(
    folder: Path, keys: Mapping[str, list[str]], frequency: Mapping[str, int], shards: int
) -> None:
    grouped: dict[int, dict[str, list[list[object]]]] = {}
    for key, found in keys.items():
        grouped.setdefault(shard_of(key, shards), {})[key] = [
            [word, frequency[word]] for word in sorted(set(found))
        ]
    for shard, entries in grouped.items():
        _write_json(folder / "typos" / f"{shard}.json", entries)


def _write_json(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), "utf-8")
