"""Machine-readable exports of the knowledge base (``api/articles.json``)."""

from __future__ import annotations

import json
from collections.abc import Container, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kbgen.content.articles import Article
from kbgen.dates import iso_utc
from kbgen.review.changes import Change
from kbgen.review.status import ReviewState


def article_record(
    article: Article,
    state: ReviewState,
    url: str,
    category_title: str | None,
    owner: str | None = None,
    public_ids: Container[str] = (),
) -> dict[str, Any]:
    """One article's record in ``api/articles.json``: what a product or dashboard needs.

    ``owner`` is the public owner name (None when owners are hidden from readers);
    ``public_ids`` are the Linear items the site publishes (its changelog entries).
    This record is what the article publishes everywhere: its Markdown twin's frontmatter
    and its ``llms.txt`` line are made from it (``kbgen.pages.twins``, ``kbgen.pages.llms``).
    """
    return {
        "title": article.title,
        "url": url,
        "path": article.rel_path,
        "kind": article.kind,
        "description": article.description,
        "category": category_title,
        "tags": list(article.tags),
        "owner": owner,
        "last_reviewed": article.last_reviewed.isoformat() if article.last_reviewed else None,
        "due": state.due.isoformat() if state.due else None,
        "status": state.status.value,
        "changes": published_changes(state.changes, public_ids),
    }


def published_changes(
    changes: Sequence[Change], public_ids: Container[str]
) -> list[dict[str, Any]]:
    """The changes since the last review as readers may see them, newest first: a non-public
    item keeps its event and date but no identifier (``"id": null``, and no ``linked_as`` for
    an issue that moved team), as on the page."""
    return [change.as_dict() if change.id in public_ids else _unnamed(change) for change in changes]


def _unnamed(change: Change) -> dict[str, Any]:
    """A non-public change: its event and date only."""
    return {"id": None, "event": change.event, "date": change.date.isoformat()}


def write_articles_json(records: list[dict[str, Any]], path: Path) -> None:
    """Write every article's title, URL, owner and review status for products and dashboards."""
    payload = {
        "generated_at": iso_utc(datetime.now(timezone.utc)),
        "articles": sorted(records, key=lambda record: record["path"]),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
