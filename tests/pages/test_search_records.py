"""kbgen.pages.search: what the index learns from an article page and the roadmap's records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from linear_emulator.items import WHEN, public_item

from kbgen.content.articles import Article
from kbgen.pages.search import (
    ARTICLE,
    CHANGELOG,
    ROADMAP,
    html_text,
    roadmap_records,
    search_view,
)
from kbgen.roadmap.models import ChangelogEntry, RoadmapData, RoadmapItem


def test_article_view_carries_kind_category_and_terms() -> None:
    """An article page: kind Article, its category's title, its hidden terms and their count."""
    article = Article(
        Path("a.md"), "a.md", "A", None, None, None, None, search_terms=("money back", "refund")
    )
    view = search_view(article, "Billing")
    assert (view.kind, view.category, view.terms, view.terms_words) == (
        ARTICLE,
        "Billing",
        "money back refund",
        3,
    )
    assert search_view(article, None).category == ""


def test_one_record_per_card_and_entry() -> None:
    """Cards link their roadmap anchor, entries their own page; the text is the item's."""
    shipped = public_item(
        "ENG-7", "shipped", title="Dark mode", summary_html="<p>At <b>night</b></p>"
    )
    data = RoadmapData(
        WHEN,
        "snapshot",
        (RoadmapItem(public_item("ENG-6")), RoadmapItem(shipped)),
        (ChangelogEntry(shipped, date(2026, 11, 20)),),
    )
    records = roadmap_records(data, "/roadmap/")
    assert [(record.url, record.kind) for record in records] == [
        ("/roadmap/#eng-6", ROADMAP),
        ("/roadmap/#eng-7", ROADMAP),
        ("/changelog/dark-mode-eng-7/", CHANGELOG),
    ]
    assert records[-1].content == "Dark mode. At night"


@given(st.lists(st.text(alphabet="ab <>/&;", max_size=8), max_size=5))
def test_html_text_is_the_words_without_markup(words: list[str]) -> None:
    """For any text wrapped in tags: the words alone, single-spaced, no tag left."""
    html = "".join(f"<p>{word.replace('<', '&lt;').replace('>', '&gt;')}</p>" for word in words)
    assert html_text(html) == " ".join(" ".join(words).split())
