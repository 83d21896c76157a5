"""The build's file list: what must not be read goes, kbgen's pages come, views are made."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from kbgen.content.shipped_assets import ShadowingError, shadowing_problems, shipped_assets
from kbgen.mkdocs.html_names import keep_html_names
from kbgen.mkdocs.linear_state import article_links
from kbgen.mkdocs.page_context import PageViews
from kbgen.mkdocs.plugin.state import BuildState
from kbgen.mkdocs.plugin.structure import generated_sources
from kbgen.mkdocs.safe_files import unsafe_files
from kbgen.mkdocs.theme_layers import theme_dir
from kbgen.mkdocs.third_party import offline_theme_bundle
from kbgen.mkdocs.url_record import built_pages
from kbgen.roadmap.crosslinks import with_article_links

log = logging.getLogger("mkdocs.plugins.kbgen")


def prepare_files(state: BuildState, files: Files, config: MkDocsConfig) -> None:
    """Drop what must not be read, refuse what shadows kbgen's assets, add kbgen's pages;
    then record the build's pages and make the page views (roadmap cross-linked)."""
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
    extras = state.linear
    if state.roadmap is not None:
        linking = article_links(state.kb, urls, extras.links)
        state.roadmap = with_article_links(state.roadmap, linking)
    state.views = PageViews(
        state.site, state.kb, state.today, urls,
        links=extras.links, roadmap=state.roadmap,
        feeds=extras.head_feeds if state.roadmap else (),
        roadmap_feeds=extras.roadmap_feeds,
    )  # fmt: skip


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
