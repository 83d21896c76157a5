"""Review status of an article on a given day: ok, due-soon, changed, overdue or invalid."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from kbgen.content.articles import Article
from kbgen.linear_data.link_data import LinkData
from kbgen.review.changes import Change, changes_since_review


class ReviewStatus(str, enum.Enum):
    """Where an article stands in its review cycle."""

    OVERDUE = "overdue"
    CHANGED = "changed"
    DUE_SOON = "due-soon"
    OK = "ok"
    INVALID = "invalid"

    @property
    def key(self) -> str:
        """The identifier form used in JSON summaries (``due_soon``)."""
        return self.value.replace("-", "_")


@dataclass(frozen=True, slots=True)
class ReviewState:
    """An article's status on ``as_of``, with its due date and days overdue."""

    article: Article
    status: ReviewStatus
    due: date | None
    days_overdue: int
    changes: tuple[Change, ...] = ()


def review_state(
    article: Article, as_of: date, due_within_days: int, links: LinkData | None = None
) -> ReviewState:
    """Judge one article: overdue before ``as_of``; changed when a linked item shipped after
    the last review (an overdue article stays overdue, with its changes); due-soon from
    ``as_of`` to the window end.
    """
    due = article.due
    if article.problems or due is None:
        return ReviewState(article, ReviewStatus.INVALID, due, 0)
    changes = changes_since_review(article, links)
    days_left = (due - as_of).days
    if days_left < 0:
        return ReviewState(article, ReviewStatus.OVERDUE, due, -days_left, changes)
    if changes:
        return ReviewState(article, ReviewStatus.CHANGED, due, 0, changes)
    if days_left <= due_within_days:
        return ReviewState(article, ReviewStatus.DUE_SOON, due, 0)
    return ReviewState(article, ReviewStatus.OK, due, 0)
