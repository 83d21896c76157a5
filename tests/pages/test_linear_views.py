"""kbgen.pages.linear_views: an article's changed notice and recent updates, as plain values."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from linear_emulator.items import public_item

from kbgen.pages.linear_views import changed_notice, recent_updates
from kbgen.review.changes import SHIPPED, Change
from kbgen.roadmap.models import ChangelogEntry

PAGES = {f"eng-{n}": f"changelog/title-of-eng-{n}-eng-{n}/" for n in (1, 2, 3)}
"""Each entry's own page, by anchor (as entry_paths gives them)."""
DAY = date(2026, 11, 20)


def entry(identifier: str, shipped: date = DAY) -> ChangelogEntry:
    """A public changelog entry shipped on ``shipped``."""
    return ChangelogEntry(public_item(identifier, "shipped", shipped_at=shipped), shipped)


def test_no_change_is_no_notice() -> None:
    """An article without changes shows no notice."""
    assert changed_notice((), {"ENG-1": entry("ENG-1")}, PAGES) is None


def test_a_public_change_links_its_entry() -> None:
    """A change with a changelog entry is linked by its title to the entry's own page; no
    'recent change'."""
    notice = changed_notice([Change("ENG-1", SHIPPED, DAY)], {"ENG-1": entry("ENG-1")}, PAGES)
    assert notice is not None
    assert (notice.date, notice.date_text, notice.recent_change) == (
        "2026-11-20",
        "20 November 2026",
        False,
    )
    assert [(link.title, link.url) for link in notice.entries] == [
        ("Title of ENG-1", "changelog/title-of-eng-1-eng-1/")
    ]


@pytest.mark.parametrize("private", ["FIN-2", "a1b2c3d4e5f6"])
def test_a_private_change_is_only_a_recent_change(private: str) -> None:
    """A change without a public entry says 'a recent change' and names nothing."""
    notice = changed_notice([Change(private, SHIPPED, DAY)], {}, PAGES)
    assert notice is not None
    assert notice.recent_change and notice.entries == ()
    assert private not in repr(notice)


@given(
    st.lists(
        st.tuples(st.sampled_from(["ENG-1", "ENG-2", "FIN-3", "FIN-4"]), st.integers(0, 400)),
        min_size=1,
        max_size=6,
    )
)
def test_notice_date_is_the_newest_change(specs: list[tuple[str, int]]) -> None:
    """For any mix of public and private changes: the newest date, one link per public change,
    'recent change' exactly when some change is not public."""
    changes = [Change(identifier, SHIPPED, DAY - timedelta(days=d)) for identifier, d in specs]
    entries = {i: entry(i) for i in ("ENG-1", "ENG-2")}
    notice = changed_notice(changes, entries, PAGES)
    assert notice is not None
    assert notice.date == max(change.date for change in changes).isoformat()
    assert len(notice.entries) == sum(change.id in entries for change in changes)
    assert notice.recent_change == any(change.id not in entries for change in changes)


def test_recent_updates_are_public_entries_newest_first() -> None:
    """Only linked items with a changelog entry, newest first, ties by identifier."""
    entries = {
        "ENG-1": entry("ENG-1", DAY - timedelta(days=5)),
        "ENG-2": entry("ENG-2", DAY),
        "ENG-3": entry("ENG-3", DAY),
    }
    updates = recent_updates(["ENG-1", "FIN-9", "ENG-3", "ENG-2"], entries, PAGES)
    assert [update.url for update in updates] == [
        PAGES["eng-2"],
        PAGES["eng-3"],
        PAGES["eng-1"],
    ]
