"""The ``kbgen`` MkDocs plugin: wires the knowledge base and roadmap into MkDocs events."""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import partial
from pathlib import Path

from mkdocs.config import base, config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from kbgen.config import SiteConfig, load_config
from kbgen.content.articles import tags_of
from kbgen.content.knowledge_base import KnowledgeBase, load_knowledge_base
from kbgen.content.link_index import linked_identifiers
from kbgen.content.link_rewrite import html_links_as_sources
from kbgen.content.page_urls import not_built_message
from kbgen.content.shipped_assets import ShadowingError, shadowing_problems, shipped_assets
from kbgen.mkdocs import generated_pages as pages
from kbgen.mkdocs import safe_walk
from kbgen.mkdocs.assistant_exports import write_assistant_exports
from kbgen.mkdocs.config_builder import LOADED_SITES
from kbgen.mkdocs.html_names import keep_html_names
from kbgen.mkdocs.linear_state import (
    LinearExtras,
    answer_alternate_sitemaps,
    article_links,
    load_linear,
)
from kbgen.mkdocs.page_context import PageViews
from kbgen.mkdocs.page_snippets import refuse_missing_snippets
from kbgen.mkdocs.page_templates import refuse_missing_templates
from kbgen.mkdocs.plugin_ran import mark_ran
from kbgen.mkdocs.readers_markdown import IncludeExpander
from kbgen.mkdocs.safe_files import unsafe_files
from kbgen.mkdocs.search_index import SearchIndexer
from kbgen.mkdocs.shared_markdown import SharedMarkdown
from kbgen.mkdocs.theme_layers import layer_theme, theme_dir
from kbgen.mkdocs.theme_text import (
    escape_page_meta,
    escape_site_settings,
    mark_rendered_title,
    theme_text,
)
from kbgen.mkdocs.third_party import disarm_mermaid, offline_theme_bundle
from kbgen.mkdocs.url_record import built_pages, publish_redirects
from kbgen.pages.articles_json import write_articles_json
from kbgen.pages.robots import write_robots_txt
from kbgen.pages.search import SearchRecord, roadmap_records, widget_settings
from kbgen.paths import refuse_unsafe_overrides
from kbgen.roadmap.crosslinks import with_article_links
from kbgen.roadmap.entry_pages import entry_slugs, entry_source
from kbgen.roadmap.exports import write_roadmap_exports
from kbgen.roadmap.models import RoadmapData

log = logging.getLogger("mkdocs.plugins.kbgen")
_LEADING_H1 = re.compile(r"\A\s*#[ \t]+[^\n]*\n")
_HTML_LANG = re.compile(r'<html lang="[^"]*"')
NOT_FOUND_TEMPLATE = "404.html"
NOT_FOUND_TITLE = "Page not found"


class KbgenPluginConfig(base.Config):
    """Plugin options: on or off, and where site_config.yml lives (kbgen sets it itself)."""

    enabled = config_options.Type(bool, default=True)
    config_file = config_options.Type(str, default="site_config.yml")


@dataclass(slots=True)
class BuildState:
    """What one build (or one ``serve`` rebuild) knows: created in ``on_config``."""

    today: date
    site: SiteConfig
    kb: KnowledgeBase
    roadmap: RoadmapData | None
    indexer: SearchIndexer
    markdown: SharedMarkdown
    views: PageViews | None = None
    linear: LinearExtras = field(default_factory=LinearExtras)
    pages: dict[str, str] = field(default_factory=dict)
    """URL -> source path of every page this build publishes."""
    page_sources: frozenset[str] = frozenset()
    """The source path of every file of the build (pages and others)."""
    includes: IncludeExpander = field(default_factory=IncludeExpander)
    twin_bodies: dict[str, str] = field(default_factory=dict)
    """Each article's Markdown as rendered (includes expanded), by path: its twin's body."""


class KbgenPlugin(BasePlugin[KbgenPluginConfig]):
    """Adds generated pages and per-page context; writes the JSON and feed exports.

    MkDocs keeps one instance across ``serve`` rebuilds (the plugin has ``on_startup``), so
    each build's state is created afresh in ``on_config``. Every event but ``on_startup`` checks
    ``enabled`` first: a disabled plugin changes nothing in the site.
    """

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.state: BuildState | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Record whether this is ``serve``: a preview never talks to Linear. (The one event
        that runs while disabled: it only notes the command, for a rebuild that enables it.)"""
        self.is_serve = command == "serve"

    def drop_state(self) -> None:
        """Forget the last build's state (and stop its search indexer)."""
        if self.state is not None:
            self.state.indexer.close()
        self.state = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load the articles and the roadmap; layer the theme; set the bounded navigation."""
        if not self.config.enabled:
            self.drop_state()
            return config
        self.drop_state()
        today = datetime.now(timezone.utc).date()
        site = site_config_for(self.config.config_file)
        refuse_unsafe_overrides(site.sources)
        kb = load_knowledge_base(site, today)
        refuse_missing_templates(site, kb)
        refuse_missing_snippets(site)
        for problem in kb.problems:
            log.warning(str(problem))
        if kb.not_rendered:
            log.warning(not_rendered_message(kb.not_rendered))
        linked = linked_identifiers(kb.articles)
        roadmap, linear = load_linear(site, today, pull=not self.is_serve, linked=linked)
        self.state = BuildState(
            today,
            site,
            kb,
            roadmap,
            SearchIndexer(site.theme.language, site.search, widget_settings(site)),
            SharedMarkdown(),
            linear=linear,
        )
        layer_theme(config.theme)
        config.nav = navigation(kb, has_roadmap=roadmap is not None)
        safe_walk.install()
        escape_site_settings(config)
        return config

    def on_build_error(self, *, error: Exception) -> None:
        """Give MkDocs its own file walk back when a build fails before ``on_files``; stop
        Pagefind when it fails before the index is written."""
        if not self.config.enabled:
            return
        safe_walk.uninstall()
        if self.state is not None:
            self.state.indexer.close()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Drop what must not be read, refuse what shadows kbgen's assets, add kbgen's pages."""
        if not self.config.enabled:
            return files
        safe_walk.uninstall()
        if (state := self.state) is None:
            return files
        left_out = unsafe_files(files, config.docs_dir, state.kb, state.site.content)
        for file, problem in list(left_out):
            if problem is not None:
                log.warning(str(problem))
            files.remove(file)
        refuse_shadowing(files, state.site.docs_dir)
        for src_uri, content in generated_sources(state).items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=content))
        offline_theme_bundle(files, config)
        keep_html_names(files, config)  # Tech Docs: cdn.html.md -> cdn.html
        state.page_sources = frozenset(file.src_uri for file in files)
        urls = {file.src_uri: file.url for file in files.documentation_pages()}
        state.pages = built_pages(files.documentation_pages())
        if state.roadmap is not None:
            linking = article_links(state.kb, urls, state.linear.links)
            state.roadmap = with_article_links(state.roadmap, linking)
        extras = state.linear
        state.views = PageViews(
            state.site, state.kb, state.today, urls,
            links=extras.links, roadmap=state.roadmap,
            feeds=extras.head_feeds if state.roadmap else (),
            roadmap_feeds=extras.roadmap_feeds,
        )  # fmt: skip
        return files

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
        """Render this page with the build's one Markdown instance (see SharedMarkdown)."""
        if not self.config.enabled:
            return page
        if self.state is not None:
            page.render = partial(self.state.markdown.render, page)  # type: ignore[method-assign]
        return page

    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Escape the frontmatter the theme prints (before other plugins read it), keep only
        valid tags; drop an article's leading H1 (the theme renders the title). A roadmap or
        changelog page content/ writes in place of kbgen's keeps the Linear listing below it."""
        if not self.config.enabled:
            return markdown
        escape_page_meta(page)
        if self.state is None:
            return markdown
        markdown = html_links_as_sources(markdown, page.file.src_uri, self.state.page_sources)
        if self.state.roadmap is not None and page.file.src_uri in pages.LINEAR_TEMPLATES:
            page.meta.setdefault("template", pages.LINEAR_TEMPLATES[page.file.src_uri])
        if "tags" in page.meta:
            page.meta["tags"] = plain_tags(page.meta["tags"], page.file.src_uri, self.state.kb)
        if self.state.kb.article(page.file.src_uri) and page.meta.get("title"):
            return _LEADING_H1.sub("", markdown, count=1)
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Escape the title, disarm CDN-loaded diagrams."""
        if not self.config.enabled:
            return html
        mark_rendered_title(page)
        if self.state is not None and self.state.kb.article(page.file.src_uri):
            body = self.state.includes.expand(page.markdown or "", config)
            self.state.twin_bodies[page.file.src_uri] = body
        html, diagrams = disarm_mermaid(html)
        if diagrams:
            log.warning(
                f"{page.file.src_uri}: {diagrams} mermaid diagram(s) shown as text: Material "
                "would load mermaid.js from a CDN, and kbgen sites make no third-party requests"
            )
        return html

    @event_priority(50)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Give templates the values kbgen computed for this page.

        Priority 50 (above the default 0): kbgen's values are in place before any other
        plugin's ``on_page_context`` reads or extends the context.
        """
        if not self.config.enabled:
            return context
        if self.state and self.state.views:
            context["kbgen"] = self.state.views.for_page(page)  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Give an article in another language its ``lang``; hand articles to the index."""
        if not self.config.enabled:
            return output
        article = self.state.kb.article(page.file.src_uri) if self.state else None
        if self.state is None or article is None:
            return output
        state = self.state
        if article.lang:
            output = _HTML_LANG.sub(f'<html lang="{html.escape(article.lang)}"', output, count=1)
        state.indexer.add_page(output, "/" + page.url)
        return output

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext | None:
        """The 404 page gets the support link and script settings too (it has no Page)."""
        if not self.config.enabled:
            return context
        if self.state and self.state.views and template_name == NOT_FOUND_TEMPLATE:
            context["kbgen"] = self.state.views.for_template(NOT_FOUND_TITLE)  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the search bundle and the machine-readable exports next to the HTML, then
        the marker that proves to ``kbgen build`` that the plugin ran."""
        if not self.config.enabled:
            return
        if (state := self.state) is None or state.views is None:
            return
        site_dir = Path(config.site_dir)
        state.indexer.write(site_dir, search_records(state))  # SearchIndexError fails the build
        records = state.views.article_records()
        write_articles_json(records, site_dir / "api" / "articles.json")
        write_assistant_exports(site_dir, state.views, records, state.twin_bodies)
        write_robots_txt(site_dir, config.site_url)
        for warning in publish_redirects(
            state.site, state.kb, state.pages, site_dir, state.today, record=not self.is_serve
        ):
            log.warning(warning)  # a URL that would 404 fails --strict, as in kbgen check
        if state.roadmap is not None and state.linear.changelog_feed is not None:
            write_roadmap_exports(
                state.roadmap, site_dir, config.site_url,
                changelog_title=state.linear.changelog_feed.title,
                history=state.linear.history, roadmap_feeds=state.linear.roadmap_feeds,
            )  # fmt: skip
            answer_alternate_sitemaps(site_dir, state.linear.head_feeds)
        mark_ran(site_dir)  # last: kbgen build refuses a site without it (see plugin_ran)


def site_config_for(config_file: str) -> SiteConfig:
    """The SiteConfig kbgen already loaded for this build, else read the file (plain mkdocs)."""
    loaded = LOADED_SITES.get(str(Path(config_file).resolve()))
    return loaded if loaded is not None else load_config(config_file)


def not_rendered_message(paths: tuple[str, ...]) -> str:
    """One warning naming the ERB pages the build leaves out (check and stale still read them)."""
    return not_built_message(paths)


def generated_sources(state: BuildState) -> dict[str, str]:
    """Markdown for every page kbgen can generate, keyed by its path in the docs."""
    sources = {
        pages.HOME: pages.home_page(state.site.site_description),
        pages.TAGS: pages.tags_page(),
    }
    for category in state.kb.categories:
        sources[category.page] = pages.category_index(category)
    if state.roadmap is not None:
        sources[pages.ROADMAP] = pages.roadmap_page()
        sources[pages.CHANGELOG] = pages.changelog_page()
        for slug in entry_slugs(state.roadmap.entries).values():
            sources[entry_source(slug)] = pages.changelog_entry_page()
    return sources


def plain_tags(value: object, src_uri: str, kb: KnowledgeBase) -> list[str]:
    """The tags Material may show; a bad item is warned about (an article's already was)."""
    tags, bad = tags_of(value)
    if bad is not None and kb.article(src_uri) is None:
        log.warning(f"{src_uri}: tags must be text, got {bad!r}")
    return list(tags)


def refuse_shadowing(files: Files, docs_dir: Path) -> None:
    """Fail the build, naming each file, when content would replace kbgen's own assets.

    A KbgenError (not a PluginError) passes through MkDocs unlogged, so the CLI prints
    each problem once.
    """
    from_content = [file.src_uri for file in files if is_content_file(file, docs_dir)]
    problems = shadowing_problems(docs_dir, from_content, shipped_assets(theme_dir()))
    if problems:
        raise ShadowingError(problems)


def is_content_file(file: File, docs_dir: Path) -> bool:
    """True for a file MkDocs took from the content folder (not the theme, not generated)."""
    source = file.abs_src_path
    return (
        file.generated_by is None and source is not None and Path(source).is_relative_to(docs_dir)
    )


def search_records(state: BuildState) -> list[SearchRecord]:
    """Roadmap cards and changelog entries, each a search result linked to its anchor."""
    if state.roadmap is None or state.views is None:
        return []
    roadmap_url = "/" + state.views.urls[pages.ROADMAP]
    changelog_url = "/" + state.views.urls[pages.CHANGELOG]
    return roadmap_records(state.roadmap, roadmap_url, changelog_url)


def navigation(kb: KnowledgeBase, has_roadmap: bool) -> list[dict[str, str]]:
    """Home, one entry per category, roadmap pages and tags: bounded, whatever the size."""
    nav = [{"Home": pages.HOME}]
    nav += [{theme_text(category.title): category.page} for category in kb.categories]
    if has_roadmap:
        nav += [{"Roadmap": pages.ROADMAP}, {"Changelog": pages.CHANGELOG}]
    return [*nav, {"Tags": pages.TAGS}]
