"""When each article last changed: its last git commit, else its file's modification time.

Readers see this as "Updated <date>" (the home page's fallback list); it is never the review
date, which is the team's business.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timezone
from pathlib import Path

from kbgen.content.articles import Article
from kbgen.content.git_history import commit_dates_after_renames


def last_updated(articles: Iterable[Article], root: Path) -> dict[str, date]:
    """The UTC date each article last changed, by its path below ``root`` (git asked once)."""
    commits = commit_dates_after_renames(root)
    dates: dict[str, date] = {}
    for article in articles:
        found = commits.get(article.rel_path)
        if found is None:
            try:
                found = datetime.fromtimestamp(article.path.stat().st_mtime, timezone.utc).date()
            except OSError:
                continue
        dates[article.rel_path] = found
    return dates
