"""The ranking both engines apply (search-engine.js in the browser, ``query.py`` here).

A query's content words (stop words dropped) are looked up in the site's word table; a
word the table does not know is corrected to the closest site word. Each known word is
searched on its own, so a page that holds only some of the words still ranks, by the share
of the query's weight (IDF) it covers. Pages also rank by meaning: the query's vector
(built from the word table) against every page's binary vector. The two lists are fused
by reciprocal rank; at equal score articles come before roadmap cards and changelog
entries, and a page whose title holds every word of the query gets a third list's share.
Nothing is shown when no page covers enough of the query and no page is close enough in
meaning.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence

RRF_K = 20
"""Reciprocal rank fusion constant."""
MIN_COVERAGE = 0.5
"""A word match counts as confident when it covers this share of the query's weight."""
MIN_SEMANTIC = 0.22
"""A meaning match counts as confident from this score (query . sign(page) / sqrt(dims))."""
SEMANTIC_WINDOW = 0.08
"""Meaning matches within this distance of the best one join the fused list."""
SEMANTIC_LIST = 30
"""How many meaning matches join the fusion at most."""
SEMANTIC_WEIGHT = 1.0
"""The meaning list's weight in the fusion (the word list's is 1)."""
CORRECTED_SHARE = 0.6
"""A corrected word covers this share of its weight: a guess is weaker evidence than the word
as typed (a query of corrected words alone still reaches MIN_COVERAGE)."""
RECORD_FACTOR = 0.85
"""Roadmap cards and changelog entries score this share of an article at the same ranks."""
KIND_ORDER = {"Article": 0, "Roadmap": 1, "Changelog": 2}


def idf(document_frequency: int, documents: int) -> float:
    """How rare a word is: words on no page weigh as much as the rarest."""
    return math.log(1 + documents / max(document_frequency, 0.5))


def coverage_scores(
    matches: Mapping[str, Mapping[int, float]],
    weights: Mapping[str, float],
    corrected: Collection[str] = (),
) -> dict[int, float]:
    """Per page: the IDF share of the query it holds, nudged by how well each word matched.

    ``matches[word][page]`` is the word engine's score for that page, ``weights[word]`` the
    word's IDF (over every content word of the query, matched or not); a word in
    ``corrected`` (a typo correction's result) counts CORRECTED_SHARE of its weight.
    """
    total = sum(weights.values()) or 1.0
    scores: dict[int, float] = {}
    for word, pages in matches.items():
        best = max(pages.values(), default=0.0) or 1.0
        weight = weights[word] * (CORRECTED_SHARE if word in corrected else 1.0)
        for page, score in pages.items():
            share = weight * (0.8 + 0.2 * score / best) / total
            scores[page] = scores.get(page, 0.0) + share
    return scores


def fuse(
    word_scores: Mapping[int, float],
    semantic_scores: Sequence[float],
    kinds: Sequence[str],
    titled: Collection[int] = (),
    meaning_share: float = 1.0,
) -> list[tuple[int, float]]:
    """The fused ranking: (page, score), best first; empty when nothing is confident.

    Three lists are fused: pages by word coverage, pages by meaning, and the pages whose
    title holds every word of the query (``titled``, in word order), so an exact title wins.
    ``meaning_share`` is the share of the query's weight whose words have vectors: a meaning
    built from less than MIN_COVERAGE of the query ("volcano eruption history" from
    "history" alone) is not confident on its own.
    """
    best_semantic = max(semantic_scores, default=0.0)
    confident_words = max(word_scores.values(), default=0.0) >= MIN_COVERAGE
    confident_meaning = best_semantic >= MIN_SEMANTIC and meaning_share >= MIN_COVERAGE
    if not confident_words and not confident_meaning:
        return []
    floor = max(MIN_SEMANTIC, best_semantic - SEMANTIC_WINDOW)

    def order(page: int) -> int:
        return KIND_ORDER.get(kinds[page], 3)

    semantic = sorted(
        (page for page, score in enumerate(semantic_scores) if score >= floor),
        key=lambda page: (-semantic_scores[page], order(page), page),
    )[:SEMANTIC_LIST]
    words = sorted(word_scores, key=lambda page: (-word_scores[page], order(page), page))
    if confident_words:
        words = [page for page in words if word_scores[page] >= MIN_COVERAGE / 2]
    titles = [page for page in words if page in titled]
    fused: dict[int, float] = {}
    for ranked, weight in ((words, 1.0), (semantic, SEMANTIC_WEIGHT), (titles, 1.0)):
        for rank, page in enumerate(ranked):
            share = weight / (RRF_K + rank + 1)
            fused[page] = fused.get(page, 0.0) + share * (
                RECORD_FACTOR if kinds[page] != "Article" else 1.0
            )
    return sorted(fused.items(), key=lambda item: (-round(item[1], 9), order(item[0]), item[0]))


def settings() -> dict[str, float]:
    """The constants, written into the site's search data for search-engine.js."""
    return {
        "rrf_k": RRF_K,
        "min_coverage": MIN_COVERAGE,
        "min_semantic": MIN_SEMANTIC,
        "semantic_window": SEMANTIC_WINDOW,
        "semantic_list": SEMANTIC_LIST,
        "record_factor": RECORD_FACTOR,
        "corrected_share": CORRECTED_SHARE,
        "semantic_weight": SEMANTIC_WEIGHT,
    }
