"""kbgen.pages.articles_json: one article's record in api/articles.json, and the file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kbgen.content.articles import Article
from kbgen.pages.articles_json import article_record, published_changes, write_articles_json
from kbgen.review.changes import SHIPPED, Change
from kbgen.review.status import ReviewState, ReviewStatus

REVIEWED = date(2026, 11, 2)


def article(path: str = "billing/refunds.md") -> Article:
    return Article(
        Path(path), path, "Refunds", "billing-team", REVIEWED, None, None,
        description="How refunds work", tags=("billing",), linear=("ENG-1", "FIN-2"),
    )  # fmt: skip


def test_record_holds_what_a_dashboard_needs() -> None:
    """Title, URL, path, kind, description, category, tags, public owner, dates, status, changes."""
    changes = (Change("ENG-1", SHIPPED, date(2026, 11, 20)), Change("FIN-2", SHIPPED, REVIEWED))
    state = ReviewState(article(), ReviewStatus.CHANGED, date(2027, 2, 2), 0, changes)
    record = article_record(article(), state, "billing/refunds/", "Billing", "Support", {"ENG-1"})
    assert record == {
        "title": "Refunds",
        "url": "billing/refunds/",
        "path": "billing/refunds.md",
        "kind": article().kind,
        "description": "How refunds work",
        "category": "Billing",
        "tags": ["billing"],
        "owner": "Support",
        "last_reviewed": "2026-11-02",
        "due": "2027-02-02",
        "status": "changed",
        "changes": [
            {"id": "ENG-1", "event": "shipped", "date": "2026-11-20"},
            {"id": None, "event": "shipped", "date": "2026-11-02"},
        ],
    }


@given(
    st.lists(st.sampled_from(["ENG-1", "ENG-2", "FIN-3"]), max_size=5),
    st.sets(st.sampled_from(["ENG-1", "ENG-2"])),
)
def test_only_public_items_are_named(ids: list[str], public: set[str]) -> None:
    """For any changes and public set: an identifier appears exactly when it is public; every
    change keeps its event and date, in order."""
    changes = [Change(identifier, SHIPPED, REVIEWED) for identifier in ids]
    shown = published_changes(changes, public)
    assert [change["id"] for change in shown] == [i if i in public else None for i in ids]
    assert all((c["event"], c["date"]) == ("shipped", "2026-11-02") for c in shown)


def test_file_is_sorted_by_path(tmp_path: Path) -> None:
    """api/articles.json lists the records by path, under generated_at."""
    records = [{"path": "b.md"}, {"path": "a.md"}]
    target = tmp_path / "api" / "articles.json"
    write_articles_json(records, target)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [record["path"] for record in document["articles"]] == ["a.md", "b.md"]
    assert document["generated_at"].endswith("Z")
