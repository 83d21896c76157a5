"""Map the pages events name back to the articles (source files) the site builds them from.

kbgen sites use directory URLs: ``billing/refunds.md`` is served at ``billing/refunds/``.
Events carry a page path (``location.pathname``) or a full URL; both map the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from kbgen.content.articles import Article, is_index_page
from kbgen.content.knowledge_base import KnowledgeBase
from kbgen.insights.queries import CONTROL

SITE_PAGES = ("", "tags/", "roadmap/", "changelog/")


@dataclass(frozen=True, slots=True)
class PageIndex:
    """Articles by their page key (``billing/refunds/``), the site's own pages, the base path."""

    articles: Mapping[str, Article]
    site_pages: frozenset[str]
    base_path: str = "/"

    def key(self, page: str) -> str:
        """The page as a key relative to the site root: ``billing/refunds/`` (home: ``""``)."""
        path = CONTROL.sub("", unquote(urlsplit(page.strip()).path)) or "/"
        if not path.startswith("/"):
            path = "/" + path
        if path.startswith(self.base_path):
            path = "/" + path[len(self.base_path) :]
        if path.endswith("/index.html"):
            path = path[: -len("index.html")]
        elif path.endswith(".html"):
            path = path[: -len(".html")] + "/"
        elif not path.endswith("/"):
            path += "/"
        return path.strip("/") + "/" if path.strip("/") else ""

    def article(self, page: str) -> Article | None:
        """The article served at ``page``, if any."""
        return self.articles.get(self.key(page))

    def is_site_page(self, page: str) -> bool:
        """True for the home, category, tag, roadmap and changelog pages."""
        return self.key(page) in self.site_pages

    def page_of(self, article: Article) -> str:
        """The article's page path on the site: ``/billing/refunds/``."""
        return self.base_path + article_key(article)


def article_key(article: Article) -> str:
    """``billing/refunds.md`` -> ``billing/refunds/``; ``billing/index.md`` -> ``billing/``."""
    folder, _, name = article.rel_path.rpartition("/")
    if is_index_page(name):
        return f"{folder}/" if folder else ""
    stem = name.removesuffix(".md")
    return f"{folder}/{stem}/" if folder else f"{stem}/"


def page_index(kb: KnowledgeBase, site_url: str | None) -> PageIndex:
    """Index the knowledge base's articles by page; ``site_url`` gives the base path."""
    base = urlsplit(site_url or "/").path or "/"
    base = base if base.endswith("/") else base + "/"
    site_pages = {*SITE_PAGES, *(f"{category.slug}/" for category in kb.categories)}
    return PageIndex(
        articles={article_key(article): article for article in kb.articles},
        site_pages=frozenset(site_pages),
        base_path=base,
    )
