"""HTML for the roadmap and changelog pages (the part below the page's H1).

Templates only display values prepared here. Autoescape is on, and every output value has
its braces written as character references, so Jinja or Markdown syntax in a title stays text.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from kbgen.dates import display_date, iso_utc
from kbgen.linear.public import SHIPPED
from kbgen.linear.sanitize import inert_braces
from kbgen.roadmap.feed_links import FeedLink
from kbgen.roadmap.models import COLUMNS, ArticleLink, ChangelogEntry, RoadmapData, RoadmapItem

_EMPTY = {
    "planned": "Nothing planned right now.",
    "in_progress": "Nothing in progress right now.",
    "shipped": "Nothing shipped recently.",
}


def render_roadmap_html(
    data: RoadmapData, link_base: str = "../", feeds: Sequence[FeedLink] = ()
) -> str:
    """Three columns (Planned, In progress, Recently shipped) of cards, and the feeds to follow.

    ``link_base`` leads from the page to the site root (for article and feed links).
    """
    columns = [
        {
            "key": status.replace("_", "-"),
            "heading": heading,
            "count": len(cards),
            "cards": [_card(item, link_base) for item in cards],
            "empty": _EMPTY[status],
        }
        for status, heading in COLUMNS
        for cards in [data.column(status)]
    ]
    follow = [
        {"title": feed.label or "All updates", "url": link_base + feed.path} for feed in feeds
    ]
    return _template("roadmap.html").render(columns=columns, feeds=follow, **_updated(data))


def render_changelog_html(data: RoadmapData, feed_url: str, link_base: str = "../") -> str:
    """Entries grouped by month, newest first, each with a permalink; a link to the feed."""
    months = [
        {
            "anchor": f"month-{month}",
            "heading": _month_heading(entries[0].shipped_at),
            "entries": [_entry(entry, link_base) for entry in entries],
        }
        for month, group in itertools.groupby(data.entries, key=lambda e: f"{e.shipped_at:%Y-%m}")
        for entries in [list(group)]
    ]
    return _template("changelog.html").render(months=months, feed_url=feed_url, **_updated(data))


def target_text(target: str | None) -> str | None:
    """2027-Q1 -> 'Q1 2027', 2027-03 -> 'March 2027', 2027-03-15 -> '15 March 2027'."""
    if not target:
        return None
    year, _, rest = target.partition("-")
    if rest[:1] in ("Q", "H"):
        return f"{rest} {year}"
    try:
        if len(rest) == 2:
            return f"{date(int(year), int(rest), 1):%B %Y}"
        if rest:
            return display_date(date.fromisoformat(target))
    except ValueError:
        return target
    return year


def _card(item: RoadmapItem, link_base: str) -> dict[str, Any]:
    shipped = item.status == SHIPPED and item.shipped_at is not None
    day = item.shipped_at if shipped and item.shipped_at else item.updated_at.date()
    return {
        "anchor": item.anchor,
        "title": item.title,
        "summary_html": Markup(item.summary_html),  # noqa: S704 (sanitised by nh3)
        "target": target_text(item.target),
        "labels": item.labels,
        "date_label": "Shipped" if shipped else "Updated",
        "date_iso": day.isoformat(),
        "date_text": display_date(day),
        "requests": item.customer_requests,
        "articles": _articles(item.articles, link_base),
    }


def _entry(entry: ChangelogEntry, link_base: str) -> dict[str, Any]:
    return {
        "anchor": entry.anchor,
        "title": entry.title,
        "summary_html": Markup(entry.summary_html),  # noqa: S704 (sanitised by nh3)
        "labels": entry.labels,
        "date_iso": entry.shipped_at.isoformat(),
        "date_text": display_date(entry.shipped_at),
        "articles": _articles(entry.articles, link_base),
    }


def _articles(links: Sequence[ArticleLink], link_base: str) -> list[dict[str, str]]:
    return [{"title": link.title, "url": link_base + link.url} for link in links]


def _updated(data: RoadmapData) -> dict[str, str]:
    return {
        "generated_iso": iso_utc(data.generated_at),
        "generated_text": display_date(data.generated_at),
    }


def _month_heading(day: date) -> str:
    return f"{day:%B %Y}"


def _inert(value: object) -> Markup:
    """Escape (unless already safe HTML) and neutralise template braces."""
    return Markup(inert_braces(str(escape("" if value is None else value))))  # noqa: S704


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("kbgen.roadmap", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_inert,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _template(name: str) -> Any:
    return _environment().get_template(name)
