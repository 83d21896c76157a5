"""What a build writes next to its HTML: search bundle, JSON, twins, robots, redirects, feeds."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from kbgen.mkdocs import generated_pages
from kbgen.mkdocs.assistant_exports import write_assistant_exports
from kbgen.mkdocs.linear_state import answer_alternate_sitemaps
from kbgen.mkdocs.plugin.state import BuildState
from kbgen.mkdocs.url_record import publish_redirects
from kbgen.pages.articles_json import write_articles_json
from kbgen.pages.robots import write_robots_txt
from kbgen.pages.search import SearchRecord, roadmap_records
from kbgen.roadmap.exports import write_roadmap_exports

log = logging.getLogger("mkdocs.plugins.kbgen")


def write_exports(state: BuildState, config: MkDocsConfig, record_urls: bool) -> None:
    """Everything a build writes beside the pages (``record_urls``: update the published-URL
    record; ``serve`` does not)."""
    if state.views is None:
        return
    site_dir = Path(config.site_dir)
    state.indexer.write(site_dir, search_records(state))  # SearchIndexError fails the build
    records = state.views.article_records()
    write_articles_json(records, site_dir / "api" / "articles.json")
    write_assistant_exports(site_dir, state.views, records, state.twin_bodies)
    write_robots_txt(site_dir, config.site_url)
    for warning in publish_redirects(
        state.site, state.kb, state.pages, site_dir, state.today, record=record_urls
    ):
        log.warning(warning)  # a URL that would 404 fails --strict, as in kbgen check
    if state.roadmap is not None and state.linear.changelog_feed is not None:
        write_roadmap_exports(
            state.roadmap, site_dir, config.site_url,
            changelog_title=state.linear.changelog_feed.title,
            history=state.linear.history, roadmap_feeds=state.linear.roadmap_feeds,
        )  # fmt: skip
        answer_alternate_sitemaps(site_dir, state.linear.head_feeds)


def search_records(state: BuildState) -> list[SearchRecord]:
    """Roadmap cards (linked to their anchor) and changelog entries (linked to their own
    page), each a search result."""
    if state.roadmap is None or state.views is None:
        return []
    roadmap_url = "/" + state.views.urls[generated_pages.ROADMAP]
    return roadmap_records(state.roadmap, roadmap_url)
