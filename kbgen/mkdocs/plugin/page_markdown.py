"""One page's Markdown before rendering and its HTML after (kbgen's part of both)."""

from __future__ import annotations

import html as html_text
import logging
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from kbgen.content.articles import tags_of
from kbgen.content.knowledge_base import KnowledgeBase
from kbgen.content.link_rewrite import html_links_as_sources
from kbgen.mkdocs import generated_pages
from kbgen.mkdocs.plugin.state import BuildState
from kbgen.mkdocs.third_party import disarm_mermaid

log = logging.getLogger("mkdocs.plugins.kbgen")
_LEADING_H1 = re.compile(r"\A\s*#[ \t]+[^\n]*\n")
_HTML_LANG = re.compile(r'<html lang="[^"]*"')


def page_markdown(state: BuildState, page: Page, markdown: str) -> str:
    """Links by ``x.html`` name as sources, kbgen's template for a roadmap or changelog page
    content/ writes, only valid tags, and no leading H1 on an article (the theme shows the
    title)."""
    src_uri = page.file.src_uri
    markdown = html_links_as_sources(markdown, src_uri, state.page_sources)
    if state.roadmap is not None and src_uri in generated_pages.LINEAR_TEMPLATES:
        page.meta.setdefault("template", generated_pages.LINEAR_TEMPLATES[src_uri])
    if "tags" in page.meta:
        page.meta["tags"] = plain_tags(page.meta["tags"], src_uri, state.kb)
    if state.kb.article(src_uri) and page.meta.get("title"):
        return _LEADING_H1.sub("", markdown, count=1)
    return markdown


def plain_tags(value: object, src_uri: str, kb: KnowledgeBase) -> list[str]:
    """The tags Material may show; a bad item is warned about (an article's already was)."""
    tags, bad = tags_of(value)
    if bad is not None and kb.article(src_uri) is None:
        log.warning(f"{src_uri}: tags must be text, got {bad!r}")
    return list(tags)


def keep_twin_body(state: BuildState, page: Page, config: MkDocsConfig) -> None:
    """Remember an article's Markdown as rendered (includes expanded): its twin's body."""
    if state.kb.article(page.file.src_uri):
        body = state.includes.expand(page.markdown or "", config)
        state.twin_bodies[page.file.src_uri] = body


def without_cdn_diagrams(html: str, page: Page) -> str:
    """Mermaid blocks shown as text (Material would load mermaid.js from a CDN), warned."""
    html, diagrams = disarm_mermaid(html)
    if diagrams:
        log.warning(
            f"{page.file.src_uri}: {diagrams} mermaid diagram(s) shown as text: Material "
            "would load mermaid.js from a CDN, and kbgen sites make no third-party requests"
        )
    return html


def indexed_page(state: BuildState, page: Page, output: str) -> str:
    """An article's final HTML, with its own ``lang``, handed to the search index."""
    article = state.kb.article(page.file.src_uri)
    if article is None:
        return output
    if article.lang:
        lang = html_text.escape(article.lang)
        output = _HTML_LANG.sub(f'<html lang="{lang}"', output, count=1)
    state.indexer.add_page(output, "/" + page.url)
    return output
