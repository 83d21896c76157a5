"""The ``kbgen`` MkDocs plugin's events: each checks ``enabled`` first, then orchestrates.

The work is done where its job lives (``state``, ``structure``, ``files``, ``page_markdown``,
``exports`` beside this module, and the adapter modules of ``kbgen.mkdocs``); an event only
decides what runs, in which order.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from kbgen.mkdocs import safe_walk
from kbgen.mkdocs.plugin.config import KbgenPluginConfig
from kbgen.mkdocs.plugin.exports import write_exports
from kbgen.mkdocs.plugin.files import prepare_files
from kbgen.mkdocs.plugin.page_markdown import (
    indexed_page,
    keep_twin_body,
    page_markdown,
    without_cdn_diagrams,
)
from kbgen.mkdocs.plugin.state import BuildState, start_build
from kbgen.mkdocs.plugin.structure import navigation
from kbgen.mkdocs.plugin_ran import mark_ran
from kbgen.mkdocs.theme_layers import layer_theme
from kbgen.mkdocs.theme_text import escape_page_meta, escape_site_settings, mark_rendered_title

NOT_FOUND_TEMPLATE = "404.html"
NOT_FOUND_TITLE = "Page not found"


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
        self.state = start_build(self.config.config_file, pull=not self.is_serve)
        layer_theme(config.theme)
        config.nav = navigation(self.state.kb, has_roadmap=self.state.roadmap is not None)
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
        if self.state is not None:
            prepare_files(self.state, files, config)
        return files

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
        """Render this page with the build's one Markdown instance (see SharedMarkdown)."""
        if not self.config.enabled:
            return page
        if self.state is not None:
            self.state.markdown.take_over(page)
        return page

    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Escape the frontmatter the theme prints (before other plugins read it), then
        kbgen's part of the Markdown (see ``page_markdown``)."""
        if not self.config.enabled:
            return markdown
        escape_page_meta(page)
        if self.state is None:
            return markdown
        return page_markdown(self.state, page, markdown)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Escape the title, keep an article's twin body, disarm CDN-loaded diagrams."""
        if not self.config.enabled:
            return html
        mark_rendered_title(page)
        if self.state is not None:
            keep_twin_body(self.state, page, config)
        return without_cdn_diagrams(html, page)

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
        if self.state is None:
            return output
        return indexed_page(self.state, page, output)

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
        if self.state is None or self.state.views is None:
            return
        write_exports(self.state, config, record_urls=not self.is_serve)
        mark_ran(
            Path(config.site_dir)
        )  # last: kbgen build refuses a site without it (see plugin_ran)
