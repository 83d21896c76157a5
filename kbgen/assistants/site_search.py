"""``search(query)`` for ``kbgen mcp``: the site's own ranking over its built search data
(``kbgen.search.query``, what the search box runs), each article result linked to its twin and
saying whether it may be out of date."""

from __future__ import annotations

from typing import Any

from kbgen.assistants.knowledge import AssistantError, PublishedArticles
from kbgen.pages.llms import status_note
from kbgen.pages.twins import absolute_url, twin_path
from kbgen.search.query import Hit, answer

RESULT_LIMIT = 10


def search_site(
    articles: PublishedArticles, query: str, limit: int = RESULT_LIMIT
) -> dict[str, Any]:
    """The best ``limit`` results for ``query``, best first, and the typo corrections made."""
    try:
        found = answer(articles.site_dir, query, limit)
    except (OSError, ValueError, KeyError) as error:
        raise AssistantError(
            f"{articles.site_dir}: no usable search data ({error}); rebuild the site with "
            "this kbgen (kbgen build), or run kbgen mcp without --site-dir"
        ) from None
    return {
        "query": query,
        "corrections": dict(found.corrections),
        "results": [result_of(hit, articles) for hit in found.hits],
    }


def result_of(hit: Hit, articles: PublishedArticles) -> dict[str, Any]:
    """One result: title, kind, category, URL, excerpt; for an article also its twin's URL,
    status and the "may be out of date" note of llms.txt."""
    result: dict[str, Any] = {
        "title": hit.title,
        "kind": hit.kind,
        "category": hit.category or None,
        "url": absolute_url(hit.url, articles.site_url),
        "summary": hit.summary,
    }
    record = articles.get(hit.url)
    if record is not None:
        result["markdown"] = absolute_url(twin_path(str(record["url"])), articles.site_url)
        result["status"] = record["status"]
        result["note"] = status_note(record)
    return result
