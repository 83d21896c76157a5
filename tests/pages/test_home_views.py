"""kbgen.pages.home: the home page's popular articles, What's new and ways forward."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from linear_emulator.items import public_item

from kbgen.content.articles import Article
from kbgen.pages.home import home_links, popular_articles, whats_new
from kbgen.pages.support import SupportLink
from kbgen.roadmap.models import ChangelogEntry

DAY = date(2026, 11, 20)


def article(path: str, title: str | None = None) -> Article:
    return Article(Path(path), path, title or path, None, None, None, None)


ARTICLES = [article("a.md", "Alpha"), article("b.md", "Beta"), article("c.md", "Gamma")]


def test_featured_articles_come_in_their_order() -> None:
    """home.featured, in its order, leaving out what is not published."""
    chosen, featured = popular_articles(ARTICLES, ["c.md", "gone.md", "a.md"], {})
    assert ([a.rel_path for a in chosen], featured) == (["c.md", "a.md"], True)


@given(
    st.dictionaries(st.sampled_from(["a.md", "b.md", "c.md"]), st.dates(), max_size=3),
    st.integers(0, 4),
)
def test_without_featured_the_newest_updated_come_first(
    updated: dict[str, date], count: int
) -> None:
    """For any update dates: at most ``count``, newest first, undated last, ties by title."""
    chosen, featured = popular_articles(ARTICLES, [], updated, count)
    assert not featured and len(chosen) == min(count, len(ARTICLES))
    days = [updated.get(a.rel_path, date.min) for a in chosen]
    assert days == sorted(days, reverse=True)


def test_whats_new_takes_the_latest_entries_escaped() -> None:
    """The first entries (newest first), titles escaped, each with its page and date."""
    entries = [
        ChangelogEntry(public_item(f"ENG-{n}", "shipped", title=f"<b>{n}</b>"), DAY - timedelta(n))
        for n in range(5)
    ]
    news = whats_new(entries, lambda entry: f"changelog/{entry.id.lower()}/", count=3)
    assert [(item.title, item.url, item.date_iso) for item in news] == [
        ("&lt;b&gt;0&lt;/b&gt;", "changelog/eng-0/", "2026-11-20"),
        ("&lt;b&gt;1&lt;/b&gt;", "changelog/eng-1/", "2026-11-19"),
        ("&lt;b&gt;2&lt;/b&gt;", "changelog/eng-2/", "2026-11-18"),
    ]


@pytest.mark.parametrize("has_roadmap", [True, False])
@pytest.mark.parametrize("support", [None, SupportLink("https://help.example/ask", "Ask us")])
def test_ways_forward_exist_only_when_their_page_does(
    has_roadmap: bool, support: SupportLink | None
) -> None:
    """Roadmap and Changelog with a roadmap, Contact support with a support link, else none."""
    links = home_links(has_roadmap, support)
    expected = (["roadmap", "changelog"] if has_roadmap else []) + (["support"] if support else [])
    assert [link.key for link in links] == expected
    assert all(link.support == (link.key == "support") for link in links)
