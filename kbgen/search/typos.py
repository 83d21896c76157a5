"""Typo correction against the site's own words: a SymSpell-style deletes dictionary.

Every site word is stored under itself and under each of its one-letter deletes; a query
word looks up itself and its own one-letter deletes. Two words meeting under a key are at
most two edits apart (a missing, extra, changed or swapped letter, or two of those), and
the candidate is then checked with the optimal-string-alignment distance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

MIN_LENGTH = 5
"""Shorter words are never corrected: one edit from a short word is usually another word
(knit/unit, bake/take, tyre/type). Meilisearch's defaults: one typo from 5 letters, two
from 9."""
TWO_EDITS_FROM = 9


def deletes(word: str) -> list[str]:
    """``word`` and every string one letter shorter."""
    return [word, *dict.fromkeys(word[:at] + word[at + 1 :] for at in range(len(word)))]


def typo_keys(vocabulary: Iterable[str]) -> dict[str, list[str]]:
    """Delete key -> the site words stored under it."""
    keys: dict[str, list[str]] = {}
    for word in vocabulary:  # a typed word of MIN_LENGTH letters may mean a shorter one
        if len(word) >= MIN_LENGTH - 1 and not word.isdigit():
            for key in deletes(word):
                keys.setdefault(key, []).append(word)
    return keys


def max_edits(word: str) -> int:
    """Edits allowed: none below 5 letters, 1 up to 8 letters, 2 from 9."""
    if len(word) < MIN_LENGTH:
        return 0
    return 1 if len(word) < TWO_EDITS_FROM else 2


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent swaps)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def best_correction(
    word: str, candidates: Iterable[str], document_frequency: Mapping[str, int]
) -> str | None:
    """The closest candidate within ``max_edits``; ties go to the word on more pages,
    then to the alphabetically first (search-engine.js picks the same)."""
    if len(word) < MIN_LENGTH or word.isdigit():
        return None
    limit = max_edits(word)
    scored = sorted(
        (distance(word, candidate), -document_frequency.get(candidate, 0), candidate)
        for candidate in set(candidates)
        if candidate != word
    )
    return scored[0][2] if scored and scored[0][0] <= limit else None
