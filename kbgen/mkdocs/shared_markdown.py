"""One Markdown converter per build, reset between pages.

MkDocs builds a fresh ``markdown.Markdown`` (loading and configuring every extension) for
each page: about a tenth of a build on 1,000 articles. ``SharedMarkdown.render`` does what
``Page.render`` does with one instance, reset before each page; the rest of ``Page.render``
(MkDocs' private per-page processors) is ``kbgen.mkdocs.compat.render_page``.
"""

from __future__ import annotations

from functools import partial

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kbgen.mkdocs import compat


class SharedMarkdown:
    """Renders pages like ``Page.render`` with a single reused Markdown instance."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None

    def take_over(self, page: Page) -> None:
        """Render ``page`` with this converter when the engine renders it."""
        compat.render_with(page, partial(self.render, page))

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """Convert ``page.markdown`` to ``page.content`` and its TOC, title and anchors."""
        compat.render_page(self._instance(config), page, config, files)

    def _instance(self, config: MkDocsConfig) -> markdown.Markdown:
        if self._md is None:
            self._md = markdown.Markdown(
                extensions=config["markdown_extensions"],
                extension_configs=config["mdx_configs"] or {},
            )
        else:
            self._md.reset()
        return self._md
