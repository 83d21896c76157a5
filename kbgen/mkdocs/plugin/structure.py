"""kbgen's own pages (home, categories, tags, roadmap, changelog) and the navigation."""

from __future__ import annotations

from kbgen.content.knowledge_base import KnowledgeBase
from kbgen.mkdocs import generated_pages
from kbgen.mkdocs.plugin.state import BuildState
from kbgen.mkdocs.theme_text import theme_text
from kbgen.roadmap.entry_pages import entry_slugs, entry_source


def generated_sources(state: BuildState) -> dict[str, str]:
    """Markdown for every page kbgen can generate, keyed by its path in the docs."""
    sources = {
        generated_pages.HOME: generated_pages.home_page(state.site.site_description),
        generated_pages.TAGS: generated_pages.tags_page(),
    }
    for category in state.kb.categories:
        sources[category.page] = generated_pages.category_index(category)
    if state.roadmap is not None:
        sources[generated_pages.ROADMAP] = generated_pages.roadmap_page()
        sources[generated_pages.CHANGELOG] = generated_pages.changelog_page()
        for slug in entry_slugs(state.roadmap.entries).values():
            sources[entry_source(slug)] = generated_pages.changelog_entry_page()
    return sources


def navigation(kb: KnowledgeBase, has_roadmap: bool) -> list[dict[str, str]]:
    """Home, one entry per category, roadmap pages and tags: bounded, whatever the size."""
    nav = [{"Home": generated_pages.HOME}]
    nav += [{theme_text(category.title): category.page} for category in kb.categories]
    if has_roadmap:
        nav += [{"Roadmap": generated_pages.ROADMAP}, {"Changelog": generated_pages.CHANGELOG}]
    return [*nav, {"Tags": generated_pages.TAGS}]
