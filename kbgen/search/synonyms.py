"""Synonym groups from ``search.synonyms``, applied at build time to every page."""

from __future__ import annotations

import re
from collections.abc import Iterable


def synonyms_for(text: str, groups: Iterable[tuple[str, ...]]) -> list[str]:
    """The terms to add to a page: every other term of each group one of whose terms the
    text holds as whole words (case-insensitive)."""
    folded = " ".join(text.lower().split())
    added: list[str] = []
    for group in groups:
        present = [term for term in group if _holds(folded, term)]
        if present:
            added += [term for term in group if term not in present and term not in added]
    return added


def _holds(text: str, term: str) -> bool:
    return re.search(r"(?<![^\W_])" + re.escape(term) + r"(?![^\W_])", text) is not None
