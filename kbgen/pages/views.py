"""What templates display: plain values computed here, so templates hold no logic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kbgen.content.articles import Article
from kbgen.dates import display_date
from kbgen.pages.article_nav import Crumb
from kbgen.pages.linear_views import ChangedNotice, UpdateLink
from kbgen.pages.support import SupportLink
from kbgen.review.status import ReviewState, ReviewStatus


@dataclass(frozen=True, slots=True)
class ArticleView:
    """The trust line, stale notice and feedback link of one article page.

    ``owner`` is the public name readers see (None: hidden); ``notice_action`` says what the
    stale notice may offer: ``support`` (a link), ``feedback`` (the buttons record answers) or
    None (nothing is promised).
    """

    owner: str | None
    last_reviewed: str
    last_reviewed_text: str
    due: str
    due_text: str
    status: str
    show_stale_notice: bool
    feedback_url: str | None
    category_title: str | None
    category_url: str | None
    changed: ChangedNotice | None = None
    """Set when linked Linear work shipped after the last review (and notices are on)."""
    updates: tuple[UpdateLink, ...] = ()
    """The article's public linked items that shipped: its "Recent updates"."""
    support: SupportLink | None = None
    notice_action: str | None = None
    show_feedback: bool = False
    """Whether "Was this page helpful?" is shown: only when answers land somewhere."""
    breadcrumbs: tuple[Crumb, ...] = ()
    """Home, then the category: above the title."""
    related: tuple[ListingItem, ...] = ()
    """"Related articles": same tags first, then same category, never the page itself."""


@dataclass(frozen=True, slots=True)
class ListingItem:
    """One article in a category listing or the home page's recent list."""

    title: str
    url: str
    description: str | None
    last_reviewed: str
    last_reviewed_text: str
    updated: str = ""
    """When the article last changed (the home page's fallback list), else ''."""
    updated_text: str = ""


@dataclass(frozen=True, slots=True)
class CategoryCard:
    """One category on the home page."""

    title: str
    url: str
    description: str | None
    article_count: int
    icon: str | None = None
    """One of Material's bundled icons, as ``material/credit-card-outline``."""


@dataclass(frozen=True, slots=True)
class CategoryView:
    """A category index page: its description and its articles."""

    title: str
    description: str | None
    items: tuple[ListingItem, ...]


def article_view(
    state: ReviewState,
    *,
    notice_enabled: bool,
    feedback_url: str | None,
    category_title: str | None,
    category_url: str | None,
    owner: str | None = None,
    support: SupportLink | None = None,
    feedback_records: bool = False,
) -> ArticleView | None:
    """The view of a valid article, or None when it cannot be judged.

    ``owner`` is the public name to show; ``feedback_records`` is whether the feedback
    buttons lead anywhere (a form or an analytics provider).
    """
    article = state.article
    if state.due is None or article.last_reviewed is None or article.owner is None:
        return None
    return ArticleView(
        owner=owner,
        last_reviewed=article.last_reviewed.isoformat(),
        last_reviewed_text=display_date(article.last_reviewed),
        due=state.due.isoformat(),
        due_text=display_date(state.due),
        status=state.status.value,
        show_stale_notice=notice_enabled and state.status is ReviewStatus.OVERDUE,
        feedback_url=feedback_url,
        category_title=category_title,
        category_url=category_url,
        support=support,
        notice_action=notice_action(support, feedback_url is not None or feedback_records),
        show_feedback=feedback_url is not None or feedback_records,
    )


def notice_action(support: SupportLink | None, feedback_records: bool) -> str | None:
    """What the stale notice may point readers to: only a way that exists."""
    if support is not None:
        return "support"
    return "feedback" if feedback_records else None


def listing_item(article: Article, url: str) -> ListingItem:
    """An article as a line in a listing."""
    reviewed = article.last_reviewed
    return ListingItem(
        title=article.title,
        url=url,
        description=article.description,
        last_reviewed=reviewed.isoformat() if reviewed else "",
        last_reviewed_text=display_date(reviewed) if reviewed else "",
    )


def link_item(article: Article, url: str, updated: date | None = None) -> ListingItem:
    """An article as a link with its description (and when it changed), no review date."""
    return ListingItem(
        title=article.title,
        url=url,
        description=article.description,
        last_reviewed="",
        last_reviewed_text="",
        updated=updated.isoformat() if updated else "",
        updated_text=display_date(updated) if updated else "",
    )
