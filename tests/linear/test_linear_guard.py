"""The shrink guard and the vanished-summary guard, as pure functions and as properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.linear.guard import (
    RECENT_DAYS,
    accepts,
    keep_vanished_summaries,
    record_accepted,
    reference_size,
    shrink_problem,
)
from kbgen.linear_data.history import PullRecord
from kbgen.linear_data.items import PublicItem
from kbgen.linear_data.snapshot import Snapshot, describe_diff, diff_snapshots

WHEN = datetime(2026, 11, 25, 3, 0, tzinfo=timezone.utc)


def items(numbers: list[int] | range, summary: str = "") -> tuple[PublicItem, ...]:
    return tuple(
        PublicItem(f"ENG-{n}", "issue", f"Item {n}", "planned", summary, None, (), WHEN, WHEN, None)
        for n in numbers
    )


def run_pulls(
    sizes: list[int], gaps: list[float] | None = None
) -> list[tuple[datetime, int, int, bool]]:
    """Feed pulls of these sizes (``gaps``: hours before each, default a day) through the
    guard; (time, size, reference, accepted) per pull."""
    recent: tuple[PullRecord, ...] = ()
    previous: tuple[PublicItem, ...] | None = None
    seen = []
    moment = WHEN
    for step, size in enumerate(sizes):
        moment += timedelta(hours=gaps[step] if gaps else 24)
        found = items(range(1, size + 1))
        reference = reference_size(recent, len(previous) if previous is not None else None)
        accepted = shrink_problem(recent, previous, found, "Public") is None
        seen.append((moment, size, reference, accepted))
        if accepted:
            recent = record_accepted(recent, PullRecord(moment, size))
            previous = found
    return seen


def test_erosion_in_halves_is_caught() -> None:
    """8 -> 4 passes (half kept), 4 -> 2 is refused: 2 is under half of the largest, 8."""
    assert [accepted for *_, accepted in run_pulls([8, 4, 2, 1])] == [True, True, False, False]


def test_erosion_within_one_day_of_frequent_builds_is_caught() -> None:
    """Forty builds ten minutes apart cannot wash the largest pull out of the record."""
    sizes = [8, 4, *[4] * 40, 2]
    seen = run_pulls(sizes, [1 / 6] * len(sizes))
    assert seen[-1][2:] == (8, False)


def test_an_empty_pull_after_any_items_is_refused() -> None:
    """0 items after 1 or more is never accepted without --allow-empty."""
    assert [seen[1:] for seen in run_pulls([1, 0])] == [(1, 0, True), (0, 1, False)]


def test_replacing_most_items_at_once_is_refused() -> None:
    """Same count, but most ids new: more than half removed is refused as before."""
    assert shrink_problem((), items(range(1, 11)), items(range(5, 15)), "Public") is None
    problem = shrink_problem((), items(range(1, 11)), items(range(7, 17)), "Public")
    assert problem is not None and "would remove 6" in problem


def test_the_message_names_the_label_and_the_way_out() -> None:
    """One line: what was found, against what, the label, and --allow-empty."""
    problem = shrink_problem((PullRecord(WHEN, 8),), items([1]), items([]), "Roadmap")
    assert problem is not None and "\n" not in problem
    assert "found none of the 8" in problem and "'Roadmap'" in problem
    assert "--allow-empty" in problem


def test_an_accepted_loss_starts_the_record_afresh() -> None:
    """--allow-empty resets the record: the next pull is judged against the accepted size."""
    recent = record_accepted((PullRecord(WHEN, 40),), PullRecord(WHEN, 3), reset=True)
    assert recent == (PullRecord(WHEN, 3),)
    assert shrink_problem(recent, items(range(3)), items(range(3)), "Public") is None


def test_the_record_keeps_the_largest_of_each_day_for_thirty_days() -> None:
    """One record a UTC day (its largest pull), none older than RECENT_DAYS days."""
    recent: tuple[PullRecord, ...] = ()
    for day in range(RECENT_DAYS + 5):
        for hour, size in ((1, day + 10), (5, day)):
            recent = record_accepted(
                recent, PullRecord(WHEN + timedelta(days=day, hours=hour), size)
            )
    assert len(recent) == RECENT_DAYS
    assert [record.items for record in recent] == [day + 10 for day in range(5, RECENT_DAYS + 5)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=60), st.floats(min_value=0, max_value=24 * 40)
        ),
        max_size=60,
    )
)
def test_no_pull_under_half_the_largest_recent_accepted_is_accepted(
    pulls: list[tuple[int, float]],
) -> None:
    """Property: across any sequence (any spacing in time), every accepted pull keeps at least
    half of the largest pull accepted in the RECENT_DAYS days before it."""
    accepted: list[tuple[datetime, int]] = []
    sizes, gaps = [size for size, _ in pulls], [gap for _, gap in pulls]
    for moment, size, reference, ok in run_pulls(sizes, gaps):
        window = [n for at, n in accepted if at > moment - timedelta(days=RECENT_DAYS)]
        assert reference >= max(window, default=0)
        assert ok == accepts(reference, size)
        if ok:
            assert size * 2 >= max(window, default=0)
            accepted.append((moment, size))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=40), max_size=20),
    st.sets(st.integers(min_value=1, max_value=40), max_size=40),
    st.sets(st.integers(min_value=1, max_value=40), max_size=40),
)
def test_any_mix_of_ids_respects_both_rules(
    history: list[int], before: set[int], after: set[int]
) -> None:
    """Property: an accepted pull keeps half the largest recent size and half the snapshot."""
    recent = tuple(PullRecord(WHEN, size) for size in history)
    old, new = items(sorted(before)), items(sorted(after))
    if shrink_problem(recent, old, new, "Public") is None:
        assert len(new) * 2 >= max([*history, len(old)])
        assert len(before - after) * 2 <= len(before)


@pytest.mark.parametrize("count", [1, 2, 7])
def test_every_summary_vanishing_keeps_the_previous_ones(count: int) -> None:
    """No summary left where some had one: the previous summaries stay, with the reason."""
    before = items(range(count), "<p>What it does.</p>")
    kept, warning = keep_vanished_summaries(before, items(range(count)), "Public")
    assert [item.summary_html for item in kept] == ["<p>What it does.</p>"] * count
    assert warning is not None and "'Public' heading renamed" in warning


def test_one_summary_left_is_an_ordinary_change() -> None:
    """Some summaries gone, one still there: the heading exists; nothing is kept back."""
    before = items(range(3), "<p>Old.</p>")
    after = items(range(2)) + items([2], "<p>New.</p>")
    assert keep_vanished_summaries(before, after, "Public") == (after, None)


def test_no_previous_summaries_nothing_to_keep() -> None:
    """A first pull, or a roadmap without summaries, is left as it is."""
    assert keep_vanished_summaries(None, items([1]), "Public") == (items([1]), None)
    assert keep_vanished_summaries(items([1]), items([1]), "Public") == (items([1]), None)


public_items = st.builds(
    lambda number, status, title, summary, target, labels, day: PublicItem(
        f"ENG-{number}",
        "issue",
        title,
        status,
        summary,
        target,
        labels,
        WHEN - timedelta(days=day),
        WHEN + timedelta(days=day),
        (WHEN - timedelta(days=day)).date() if status == "shipped" else None,
    ),
    st.integers(min_value=1, max_value=6),
    st.sampled_from(["planned", "in_progress", "shipped"]),
    st.sampled_from(["Export", "Import"]),
    st.sampled_from(["", "<p>Faster.</p>"]),
    st.sampled_from([None, "2027-Q1"]),
    st.sampled_from([(), ("Invoicing",)]),
    st.integers(min_value=0, max_value=2),
)


def unique(found: list[PublicItem]) -> tuple[PublicItem, ...]:
    return tuple({item.id: item for item in found}.values())


@settings(max_examples=600, deadline=None)
@given(st.lists(public_items, max_size=6), st.lists(public_items, max_size=6))
def test_no_changes_exactly_when_nothing_changed(
    before: list[PublicItem], after: list[PublicItem]
) -> None:
    """Property: the diff is empty (and says "No changes") exactly when both pulls hold the
    same items with the same values."""
    old, new = Snapshot(WHEN, unique(before)), Snapshot(WHEN, unique(after))
    diff = diff_snapshots(old, new)
    assert diff.empty == (set(old.items) == set(new.items))
    assert (describe_diff(diff) == ["No changes since the previous snapshot."]) == diff.empty


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target": "2027-Q1"}, "target"),
        ({"shipped_at": WHEN.date() - timedelta(days=3)}, "shipped_at"),
        ({"summary_html": ""}, "summary_html"),
    ],
)
def test_a_change_to_a_shipped_item_is_listed(change: dict[str, object], field: str) -> None:
    """Found by the property: a shipped item's new target or ship date was not reported."""
    shipped = PublicItem(
        "ENG-1", "issue", "Export", "shipped", "<p>Done.</p>", None, (), WHEN, WHEN, WHEN.date()
    )
    diff = diff_snapshots(Snapshot(WHEN, (shipped,)), Snapshot(WHEN, (replace(shipped, **change),)))
    assert [fields for fields, _ in diff.updated] == [(field,)]
    assert f"~ ENG-1  {field}  Export" in "\n".join(describe_diff(diff))
