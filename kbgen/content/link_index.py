"""Which Linear items the articles link to (the frontmatter ``linear:`` lists)."""

from __future__ import annotations

from collections.abc import Iterable

from kbgen.config import SiteConfig
from kbgen.content.articles import Article, iter_markdown, load_articles
from kbgen.content.folder_defaults import FolderDefaults


def linked_identifiers(articles: Iterable[Article]) -> tuple[str, ...]:
    """Every identifier some article links, sorted, once each."""
    return tuple(sorted({identifier for article in articles for identifier in article.linear}))


def articles_by_item(articles: Iterable[Article]) -> dict[str, list[Article]]:
    """Item identifier -> the articles linking it, in the order given."""
    found: dict[str, list[Article]] = {}
    for article in articles:
        for identifier in article.linear:
            found.setdefault(identifier, []).append(article)
    return found


def site_link_articles(site: SiteConfig) -> list[Article]:
    """The site's articles (``content.patterns``), frontmatter only: what may link Linear items."""
    root = site.docs_dir
    if not root.is_dir():
        return []
    files = iter_markdown(root, articles_only=True, content=site.content)
    return load_articles(files, root, site.review, None, FolderDefaults(root), check_body=False)


def site_linked_identifiers(site: SiteConfig) -> tuple[str, ...]:
    """The identifiers linked by the site's articles."""
    return linked_identifiers(site_link_articles(site))
