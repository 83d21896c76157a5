"""Per-page template context, resolving article paths to the URLs MkDocs assigned."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from mkdocs.structure.pages import Page

from kbgen.config import SiteConfig
from kbgen.content.articles import Article
from kbgen.content.knowledge_base import Category, KnowledgeBase
from kbgen.content.updated import last_updated
from kbgen.linear_data.link_data import LinkData, current_ids
from kbgen.mkdocs import generated_pages
from kbgen.pages.article_nav import breadcrumbs, related_articles
from kbgen.pages.articles_json import article_record
from kbgen.pages.feedback import feedback_url
from kbgen.pages.home import HomeView, home_links, popular_articles, whats_new
from kbgen.pages.linear_views import changed_notice, recent_updates
from kbgen.pages.owners import public_owner
from kbgen.pages.palette import palette_css
from kbgen.pages.roadmap_views import (
    ChangelogView,
    EntryView,
    RoadmapView,
    changelog_view,
    entry_page_view,
    roadmap_view,
)
from kbgen.pages.search import SearchView, search_view
from kbgen.pages.support import SupportLink, client_settings, support_link
from kbgen.pages.twins import twin_path
from kbgen.pages.views import (
    ArticleView,
    CategoryCard,
    CategoryView,
    article_view,
    link_item,
    listing_item,
)
from kbgen.review.status import review_state
from kbgen.roadmap.crosslinks import entries_by_id
from kbgen.roadmap.entry_pages import entry_path, entry_paths, entry_slugs, entry_source
from kbgen.roadmap.feed_links import FeedLink
from kbgen.roadmap.models import ChangelogEntry, RoadmapData


class PageViews:
    """Builds the ``kbgen`` template variable for each page of one build."""

    def __init__(
        self,
        site: SiteConfig,
        kb: KnowledgeBase,
        today: date,
        urls: Mapping[str, str],
        *,
        links: LinkData | None = None,
        roadmap: RoadmapData | None = None,
        feeds: Sequence[FeedLink] = (),
        roadmap_feeds: Sequence[FeedLink] = (),
    ) -> None:
        self.site = site
        self.kb = kb
        self.today = today
        self.links = links
        self.roadmap = roadmap
        self.roadmap_feeds = roadmap_feeds
        self.entries = entries_by_id(roadmap)
        self.feeds = [{"title": feed.title, "url": feed.path} for feed in feeds]
        self.urls = urls
        self.categories = {category.slug: category for category in kb.categories}
        self.category_pages = {category.page: category for category in kb.categories}
        self.form_template = site.feedback.form_url
        self.palette_css = palette_css(site.theme.primary, site.theme.accent)
        self.entry_slugs = entry_slugs(roadmap.entries) if roadmap else {}
        self.entry_pages = {entry_source(slug): anchor for anchor, slug in self.entry_slugs.items()}
        self.entry_paths = entry_paths(roadmap.entries) if roadmap else {}

    def for_page(self, page: Page) -> dict[str, Any]:
        """``article``, ``category``, ``home``, ``roadmap`` or ``changelog`` view for this page
        (the others are None)."""
        src_uri = page.file.src_uri
        article = self.kb.article(src_uri)
        category = self.category_pages.get(src_uri)
        # kbgen's own titles, as written: MkDocs' page titles are escaped for the theme.
        title = article.title if article else (category.title if category else self.site.site_name)
        context = self.common(title, article.rel_path if article else "", page.canonical_url)
        return {
            **context,
            "article": self.article_view(article, page, context["support"]) if article else None,
            "category": self.category_view(category) if category else None,
            "home": self.home_view(context["support"]) if src_uri == generated_pages.HOME else None,
            "roadmap": self.roadmap_view(page) if src_uri == generated_pages.ROADMAP else None,
            "changelog": self.changelog_view(page)
            if src_uri == generated_pages.CHANGELOG
            else None,
            "changelog_entry": self.entry_page_view(src_uri, page),
            "search": self.search_view(article) if article else None,
            "twin": twin_path(page.url) if article else None,
        }

    def for_template(self, title: str) -> dict[str, Any]:
        """The context of a page MkDocs renders from a template alone (``404.html``)."""
        return {
            **self.common(title, "", None),
            "article": None,
            "category": None,
            "home": None,
            "roadmap": None,
            "changelog": None,
            "changelog_entry": None,
            "search": None,
            "twin": None,
        }

    def common(self, title: str, path: str, url: str | None) -> dict[str, Any]:
        """What every page gets: the support link, feedback reasons and the script settings."""
        support = support_link(self.site.support, title=title, url=url or "", path=path)
        return {
            "support": support,
            "feedback_reasons": self.site.feedback.reasons,
            "feeds": self.feeds,
            "client": client_settings(self.site, title=title, path=path, url=url or ""),
            "palette_css": self.palette_css,
        }

    def article_view(
        self, article: Article, page: Page, support: SupportLink | None
    ) -> ArticleView | None:
        """Trust line, stale and changed notices, recent updates and feedback link."""
        state = review_state(article, self.today, self.site.review.due_soon_days, self.links)
        category = self.categories.get(article.category)
        page_url = page.canonical_url or page.url
        view = article_view(
            state,
            notice_enabled=self.site.review.show_stale_notice == "all",
            feedback_url=feedback_url(
                self.form_template,
                title=article.title,
                path=article.rel_path,
                url=page_url,
                owner=article.owner or "",
            ),
            category_title=category.title if category else None,
            category_url=self.urls.get(category.page) if category else None,
            owner=public_owner(article.owner, self.site),
            support=support,
            feedback_records=self.site.analytics.provider is not None,
        )
        if view is None:
            return None
        notice = changed_notice(state.changes, self.entries, self.entry_paths)
        return dataclasses.replace(
            view,
            changed=notice if self.site.review.show_stale_notice != "none" else None,
            updates=recent_updates(
                current_ids(article.linear, self.links), self.entries, self.entry_paths
            ),
            breadcrumbs=breadcrumbs(view.category_title, view.category_url),
            related=tuple(
                link_item(other, self.urls[other.rel_path])
                for other in related_articles(article, self.kb.articles)
                if other.rel_path in self.urls
            ),
        )

    def search_view(self, article: Article) -> SearchView:
        """What the search index learns from one article page (valid or not)."""
        category = self.categories.get(article.category)
        return search_view(article, category.title if category else None)

    def category_view(self, category: Category) -> CategoryView:
        """The listing of one category page."""
        items = tuple(listing_item(item, self.urls[item.rel_path]) for item in category.articles)
        return CategoryView(category.title, category.description, items)

    def roadmap_view(self, page: Page) -> RoadmapView | None:
        """The roadmap's columns and feeds, linked relative to the page."""
        if self.roadmap is None:
            return None
        return roadmap_view(self.roadmap, link_base=root_from(page), feeds=self.roadmap_feeds)

    def changelog_view(self, page: Page) -> ChangelogView | None:
        """The changelog's months, linked relative to the page."""
        return None if self.roadmap is None else changelog_view(self.roadmap, root_from(page))

    def home_view(self, support: SupportLink | None) -> HomeView:
        """Topics, popular articles, what is new and the ways forward, for the home page."""
        cards = tuple(
            CategoryCard(
                title=category.title,
                url=self.urls[category.page],
                description=category.description,
                article_count=len(category.articles),
                icon=category.icon,
            )
            for category in self.kb.categories
        )
        published = [item for item in self.kb.articles if item.rel_path in self.urls]
        updated = last_updated(published, self.site.docs_dir)
        chosen, featured = popular_articles(published, self.site.home.featured, updated)
        popular = tuple(
            link_item(
                item, self.urls[item.rel_path], None if featured else updated.get(item.rel_path)
            )
            for item in chosen
        )
        news = whats_new(self.roadmap.entries, self.entry_url) if self.roadmap else ()
        links = home_links(self.roadmap is not None, support)
        return HomeView(cards, popular, featured, news, links)

    def entry_url(self, entry: ChangelogEntry) -> str:
        """Where a changelog entry is read, from the site root: its own page."""
        return entry_path(self.entry_slugs[entry.anchor])

    def entry_page_view(self, src_uri: str, page: Page) -> EntryView | None:
        """The changelog entry shown on ``changelog/<slug>/``; None on other pages."""
        anchor = self.entry_pages.get(src_uri)
        if anchor is None or self.roadmap is None:
            return None
        return entry_page_view(self.roadmap, anchor, root_from(page))

    def article_records(self) -> list[dict[str, Any]]:
        """One record per article for ``api/articles.json``."""
        due_soon_days = self.site.review.due_soon_days
        records = []
        for article in self.kb.articles:
            category = self.categories.get(article.category)
            records.append(
                article_record(
                    article,
                    review_state(article, self.today, due_soon_days, self.links),
                    url=self.urls.get(article.rel_path, ""),
                    category_title=category.title if category else None,
                    owner=public_owner(article.owner, self.site),
                    public_ids=self.entries,
                )
            )
        return records


def root_from(page: Page) -> str:
    """The relative path from a page to the site root: ``../`` for ``roadmap/``."""
    return "../" * page.url.count("/")
