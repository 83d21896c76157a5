"""The knowledge base as a whole: articles grouped into categories, ready to render."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kbgen.config import SiteConfig
from kbgen.config.content import is_renderable
from kbgen.content.articles import (
    Article,
    is_index_page,
    iter_markdown,
    load_articles,
    title_from_path,
)
from kbgen.content.folder_defaults import FolderDefaults
from kbgen.content.links import scan_links
from kbgen.content.published import is_unpublished
from kbgen.errors import Problem

UNWEIGHTED = 2**31
"""Where a page without ``weight:`` is listed: after every weighted page."""


@dataclass(frozen=True, slots=True)
class Category:
    """A top-level content folder and the articles below it, sorted by title."""

    slug: str
    title: str
    description: str | None
    order: int
    articles: tuple[Article, ...]
    icon: str | None = None
    """One of Material's bundled icons (``icon:`` in the folder's ``_defaults.yml``)."""

    @property
    def page(self) -> str:
        """The category's own page below the content folder (its listing)."""
        return f"{self.slug}/index.md"


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Every article of a site, its categories and every problem found reading them.

    ``articles`` holds what may be published; ``by_path`` also knows the files kbgen
    refused to read (unreadable frontmatter, bad links), so the build can leave them out.
    """

    articles: tuple[Article, ...]
    categories: tuple[Category, ...]
    problems: tuple[Problem, ...]
    by_path: Mapping[str, Article] = field(default_factory=dict)
    not_rendered: tuple[str, ...] = ()
    """Pages ``content.patterns`` matches that the build cannot render (ERB templates)."""

    @property
    def pages(self) -> tuple[Article, ...]:
        """The pages at the top of the content folder (``contact.md``), in listing order:
        checked and published like articles, in no category."""
        return tuple(sorted((item for item in self.articles if not item.category),
                            key=navigation_order))  # fmt: skip

    def article(self, rel_path: str) -> Article | None:
        """The article at ``rel_path`` (relative to the content folder), if any."""
        return self.by_path.get(rel_path)


def load_knowledge_base(
    config: SiteConfig, today: date, *, check_body: bool = True
) -> KnowledgeBase:
    """Read every article under the content folder and group them by category.

    ``check_body=False`` reads frontmatter only (no body is needed to map pages to articles).
    """
    root = config.docs_dir
    defaults = FolderDefaults(root)
    pages = list(iter_markdown(root, content=config.content))
    matched = [path for path in pages if not is_index_page(path.name)]  # top-level pages too
    files = [path for path in matched if is_renderable(path.name)]
    not_rendered = [
        path.relative_to(root).as_posix() for path in pages if not is_renderable(path.name)
    ]
    loaded = load_articles(files, root, config.review, today, defaults, check_body=check_body)
    articles = [item for item in loaded if not item.unreadable]
    categories = [
        category_of(folder, [item for item in articles if item.category == folder.name], defaults)
        for folder in sorted(path for path in root.iterdir() if is_category_folder(path))
    ]
    categories.sort(key=lambda category: (category.order, category.title.lower()))
    problems = [problem for item in loaded for problem in item.problems]
    return KnowledgeBase(
        articles=tuple(articles),
        categories=tuple(categories),
        problems=tuple(dict.fromkeys(problems + defaults.problems + scan_links(root))),
        by_path={item.rel_path: item for item in loaded},
        not_rendered=tuple(not_rendered),
    )


def is_category_folder(path: Path) -> bool:
    """A visible folder directly under the content root (not a link)."""
    return path.is_dir() and not path.is_symlink() and not is_unpublished(path.name)


def navigation_order(article: Article) -> tuple[int, str]:
    """Listing order: ``weight:`` (the Tech Docs Template's ordering; lower first), then title."""
    weight = article.meta.get("weight")
    if isinstance(weight, int) and not isinstance(weight, bool):
        return (weight, article.title.lower())
    return (UNWEIGHTED, article.title.lower())


def category_of(folder: Path, articles: list[Article], defaults: FolderDefaults) -> Category:
    """Build a Category from a folder, titled by its ``_defaults.yml`` or its name."""
    own = defaults.own(folder)
    order = own.get("order")
    return Category(
        slug=folder.name,
        title=str(own.get("title") or title_from_path(folder)),
        description=str(own["description"]) if own.get("description") else None,
        order=order if isinstance(order, int) and not isinstance(order, bool) else 1000,
        articles=tuple(sorted(articles, key=navigation_order)),
        icon=str(own["icon"]) if own.get("icon") else None,
    )
