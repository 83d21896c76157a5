"""Scan an existing docs folder: which review-field family its frontmatter uses, and coverage.

Used by ``kbgen init --docs-dir``: the family found becomes ``review.fields`` in the new
site_config.yml, and the counts tell the team how much of its docs kbgen can judge today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kbgen.config import FieldNames, ReviewPolicy
from kbgen.content.articles import Article, iter_markdown, load_articles


@dataclass(frozen=True, slots=True)
class FieldFamily:
    """A documentation tool's frontmatter keys for owner, review date and interval."""

    name: str
    fields: FieldNames
    keys: frozenset[str]


FAMILIES = (
    FieldFamily(
        "GOV.UK Tech Docs Template",
        FieldNames(("owner_slack",), ("last_reviewed_on",), ("review_in",)),
        frozenset({"owner_slack", "last_reviewed_on", "review_in"}),
    ),
    FieldFamily(
        "Microsoft Learn",
        FieldNames(("ms.author",), ("ms.date",), ("review_every",)),
        frozenset({"ms.author", "ms.date"}),
    ),
    FieldFamily(
        "kbgen",
        FieldNames(("owner",), ("last_reviewed",), ("review_every",)),
        frozenset({"owner", "last_reviewed", "review_every"}),
    ),
)
KBGEN_FAMILY = FAMILIES[-1]


@dataclass(frozen=True, slots=True)
class DocsScan:
    """What ``kbgen init --docs-dir`` found in an existing docs folder."""

    family: FieldFamily
    pages: int
    judged: int
    missing_owner: int
    missing_date: int
    erb_pages: int
    dates_from_git: bool = False
    """Pages without a review date are judged by their last git commit (the folder is in git)."""


def scan_docs(folder: Path, today: date, dates_from_git: bool = False) -> DocsScan:
    """Pick the field family most pages' frontmatter uses, then count coverage with it
    (``dates_from_git``: a page without a review date has its last commit's)."""
    files = list(iter_markdown(folder, articles_only=True))
    found = load_articles(files, folder, ReviewPolicy(), today, check_body=False)
    family = dominant_family(found)
    policy = ReviewPolicy(fields=family.fields, dates_from_git=dates_from_git)
    articles = load_articles(files, folder, policy, today, check_body=False)
    return DocsScan(
        family=family,
        pages=len(articles),
        judged=sum(1 for article in articles if article.is_valid),
        missing_owner=sum(1 for article in articles if article.owner is None),
        missing_date=sum(1 for article in articles if article.last_reviewed is None),
        erb_pages=sum(1 for path in files if path.name.endswith(".erb")),
        dates_from_git=dates_from_git,
    )


def dominant_family(articles: list[Article]) -> FieldFamily:
    """The family whose keys appear in the most pages; kbgen's own on a tie or none."""
    counts = {
        family.name: sum(1 for article in articles if family.keys & set(article.meta))
        for family in FAMILIES
    }
    best = max(FAMILIES, key=lambda family: counts[family.name])
    return best if counts[best.name] > counts[KBGEN_FAMILY.name] else KBGEN_FAMILY
