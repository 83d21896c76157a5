"""Where an article sits and where to go next: breadcrumbs and "Related articles"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kbgen.content.articles import Article

RELATED_COUNT = 5


@dataclass(frozen=True, slots=True)
class Crumb:
    """One step of the breadcrumbs: its title and site-root-relative URL (``""``: home)."""

    title: str
    url: str


def breadcrumbs(category_title: str | None, category_url: str | None) -> tuple[Crumb, ...]:
    """Home, then the category (only when the article has one with a page)."""
    crumbs = [Crumb("Home", "./")]
    if category_title and category_url:
        crumbs.append(Crumb(category_title, category_url))
    return tuple(crumbs)


def related_articles(
    article: Article, candidates: Sequence[Article], count: int = RELATED_COUNT
) -> tuple[Article, ...]:
    """Up to ``count`` others: those sharing the most tags first, then the rest of its
    category, each group by title; never the article itself, only valid articles."""
    tags = set(article.tags)
    scored = []
    for other in candidates:
        if other.rel_path == article.rel_path or not other.is_valid:
            continue
        shared = len(tags.intersection(other.tags))
        same_category = bool(article.category) and other.category == article.category
        if shared or same_category:
            scored.append(
                ((-shared, 0 if shared else 1, other.title.lower(), other.rel_path), other)
            )
    scored.sort(key=lambda pair: pair[0])
    return tuple(other for _, other in scored[:count])
