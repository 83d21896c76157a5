"""What one build (or one ``serve`` rebuild) knows, made once in ``on_config``."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from kbgen.config import SiteConfig, load_config
from kbgen.content.knowledge_base import KnowledgeBase, load_knowledge_base
from kbgen.content.link_index import linked_identifiers
from kbgen.content.page_urls import not_built_message
from kbgen.mkdocs.config_builder import LOADED_SITES
from kbgen.mkdocs.linear_state import LinearExtras, load_linear
from kbgen.mkdocs.page_context import PageViews
from kbgen.mkdocs.page_snippets import refuse_missing_snippets
from kbgen.mkdocs.page_templates import refuse_missing_templates
from kbgen.mkdocs.readers_markdown import IncludeExpander
from kbgen.mkdocs.search_index import SearchIndexer
from kbgen.mkdocs.shared_markdown import SharedMarkdown
from kbgen.pages.search import widget_settings
from kbgen.paths import refuse_unsafe_overrides
from kbgen.roadmap.models import RoadmapData

log = logging.getLogger("mkdocs.plugins.kbgen")


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


def start_build(config_file: str, pull: bool) -> BuildState:
    """Load the site, its articles and its Linear data (``pull=False``: never ask Linear);
    refuse what the build cannot render; warn about every article problem."""
    today = datetime.now(timezone.utc).date()
    site = site_config_for(config_file)
    refuse_unsafe_overrides(site.sources)
    kb = load_knowledge_base(site, today)
    refuse_missing_templates(site, kb)
    refuse_missing_snippets(site)
    for problem in kb.problems:
        log.warning(str(problem))
    if kb.not_rendered:
        log.warning(not_built_message(kb.not_rendered))
    linked = linked_identifiers(kb.articles)
    roadmap, linear = load_linear(site, today, pull=pull, linked=linked)
    indexer = SearchIndexer(site.theme.language, site.search, widget_settings(site))
    return BuildState(today, site, kb, roadmap, indexer, SharedMarkdown(), linear=linear)


def site_config_for(config_file: str) -> SiteConfig:
    """The SiteConfig kbgen already loaded for this build, else read the file (plain mkdocs)."""
    loaded = LOADED_SITES.get(str(Path(config_file).resolve()))
    return loaded if loaded is not None else load_config(config_file)
