"""The ``kbgen`` MkDocs plugin: wires the knowledge base and roadmap into MkDocs events."""

from __future__ import annotations

import logging
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mkdocs.config import base, config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from kbgen.config import SiteConfig, load_config
from kbgen.content.knowledge_base import KnowledgeBase, load_knowledge_base
from kbgen.errors import KbgenError
from kbgen.mkdocs import generated_pages as pages
from kbgen.mkdocs.page_context import PageViews
from kbgen.mkdocs.theme_layers import layer_theme
from kbgen.pages.articles_json import write_articles_json
from kbgen.pages.robots import write_robots_txt

log = logging.getLogger("mkdocs.plugins.kbgen")
_LEADING_H1 = re.compile(r"\A\s*#[ \t]+[^\n]*\n")


class KbgenPluginConfig(base.Config):
    """Plugin options: only where site_config.yml lives (kbgen sets it itself)."""

    config_file = config_options.Type(str, default="site_config.yml")


class KbgenPlugin(BasePlugin[KbgenPluginConfig]):
    """Adds generated pages and per-page context; writes the JSON and feed exports."""

    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load site_config.yml, the articles and the roadmap; set the bounded navigation."""
        self.today = datetime.now(timezone.utc).date()
        self.site: SiteConfig = load_config(self.config.config_file)
        self.kb: KnowledgeBase = load_knowledge_base(self.site, self.today)
        for problem in self.kb.problems:
            log.warning(str(problem))
        self.roadmap = load_roadmap(self.site)
        layer_theme(config.theme)
        config.nav = navigation(self.kb, has_roadmap=self.roadmap is not None)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the home, category, tag and roadmap pages the content folder does not have."""
        for src_uri, content in self.generated_sources().items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=content))
        self.views = PageViews(self.site, self.kb, self.today, files)
        return files

    def generated_sources(self) -> dict[str, str]:
        """Markdown for every page kbgen can generate, keyed by its path in the docs."""
        sources = {
            pages.HOME: pages.home_page(self.site.get("site_description")),
            pages.TAGS: pages.tags_page(),
        }
        for category in self.kb.categories:
            sources[f"{category.slug}/index.md"] = pages.category_index(category)
        if self.roadmap is not None:
            sources[pages.ROADMAP] = pages.linear_page("Roadmap", "What we are building next.")
            sources[pages.CHANGELOG] = pages.linear_page("Changelog", "What shipped, by month.")
        return sources

    def on_page_markdown(self, markdown: str, *, page: Page, **kwargs: Any) -> str:
        """Drop an article's leading H1 so the theme renders title, then the trust line."""
        if self.kb.article(page.file.src_uri) and page.meta.get("title"):
            return _LEADING_H1.sub("", markdown, count=1)
        return markdown

    def on_page_content(self, html: str, *, page: Page, **kwargs: Any) -> str:
        """Render roadmap and changelog bodies from the Linear data (escaped, sanitised)."""
        if self.roadmap is None or page.file.src_uri not in (pages.ROADMAP, pages.CHANGELOG):
            return html
        from kbgen.roadmap import render_changelog_html, render_roadmap_html

        if page.file.src_uri == pages.ROADMAP:
            return html + render_roadmap_html(self.roadmap)
        return html + render_changelog_html(self.roadmap, feed_url="feed.xml")

    @event_priority(50)
    def on_page_context(self, context: dict[str, Any], *, page: Page, **kwargs: Any) -> dict:
        """Give templates the values kbgen computed for this page."""
        context["kbgen"] = self.views.for_page(page)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write machine-readable exports next to the HTML."""
        site_dir = Path(config.site_dir)
        write_articles_json(self.views.article_records(), site_dir / "api" / "articles.json")
        write_robots_txt(site_dir, config.site_url)
        if self.roadmap is not None:
            from kbgen.roadmap import write_roadmap_exports

            write_roadmap_exports(self.roadmap, site_dir, config.site_url)


def navigation(kb: KnowledgeBase, has_roadmap: bool) -> list[dict[str, str]]:
    """Home, one entry per category, roadmap pages and tags: bounded, whatever the size."""
    nav = [{"Home": pages.HOME}]
    nav += [{category.title: f"{category.slug}/index.md"} for category in kb.categories]
    if has_roadmap:
        nav += [{"Roadmap": pages.ROADMAP}, {"Changelog": pages.CHANGELOG}]
    return [*nav, {"Tags": pages.TAGS}]


def load_roadmap(site: SiteConfig) -> Any:
    """The roadmap data when the site has a ``linear:`` section, else None."""
    if "linear" not in site.raw:
        return None
    from kbgen.roadmap import load_roadmap_data

    try:
        return load_roadmap_data(site, os.environ)
    except KbgenError as error:
        raise PluginError(str(error)) from None
