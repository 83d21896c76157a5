"""What a pull may not lose without a word: items (against the largest recent accepted pull)
and every public summary at once.

A renamed label, a changed API or a renamed ``## Public`` heading looks, to a pull, exactly
like news. Both guards err on the side of keeping what was published; ``kbgen linear pull
--allow-empty`` accepts the loss (and starts the record of recent pulls afresh).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from kbgen.linear_data.history import PullRecord
from kbgen.linear_data.items import PublicItem

RECENT_DAYS = 30
"""Accepted pulls are remembered for this many days, one record (the largest) per UTC day:
erosion within a month is caught however often builds pull."""


def reference_size(recent: Sequence[PullRecord], previous: int | None) -> int:
    """The size a pull is judged against: the largest recent accepted pull (or snapshot)."""
    return max([record.items for record in recent] + [previous or 0])


def accepts(reference: int, found: int) -> bool:
    """A pull is accepted when it keeps at least half of ``reference`` (the threshold)."""
    return found * 2 >= reference


def shrink_problem(
    recent: Sequence[PullRecord],
    previous: Sequence[PublicItem] | None,
    found: Sequence[PublicItem],
    label: str,
) -> str | None:
    """Why this pull must not replace the snapshot, or None when it may.

    Refused: fewer than half of the largest recent accepted pull (so 8 -> 4 -> 2 erosion is
    caught at 2), or more than half of the previous snapshot's items removed at once.
    """
    reference = reference_size(recent, len(previous) if previous is not None else None)
    amount = "none" if not found else f"only {len(found)}"
    if not accepts(reference, len(found)):
        return (
            f"the pull found {amount} of the {reference} public items of the largest recent "
            f"accepted pull (was the '{label}' label renamed, or did Linear's answer change?); "
            "the snapshot is kept: run `kbgen linear pull --allow-empty` to accept"
        )
    if previous:
        kept = {item.id for item in found}
        removed = sum(1 for item in previous if item.id not in kept)
        if removed * 2 > len(previous):
            return (
                f"the pull found {amount} of the {len(previous)} public items in the snapshot "
                f"and would remove {removed} (was the '{label}' label renamed, or did Linear's "
                "answer change?); the snapshot is kept: run `kbgen linear pull --allow-empty` "
                "to accept"
            )
    return None


def record_accepted(
    recent: Sequence[PullRecord], record: PullRecord, reset: bool = False
) -> tuple[PullRecord, ...]:
    """The recent accepted pulls after ``record``: the last RECENT_DAYS days, the largest
    of each UTC day; ``reset`` (an accepted loss) starts afresh."""
    if reset:
        return (record,)
    since = record.at - timedelta(days=RECENT_DAYS)
    kept = [old for old in recent if old.at > since]
    if kept and kept[-1].at.date() == record.at.date():
        record = PullRecord(record.at, max(record.items, kept.pop().items))
    return (*kept, record)


def keep_vanished_summaries(
    previous: Sequence[PublicItem] | None, found: Sequence[PublicItem], section: str
) -> tuple[tuple[PublicItem, ...], str | None]:
    """When no item has a summary any more but some had one, keep those and say why."""
    items = tuple(found)
    if previous is None or any(item.summary_html for item in items):
        return items, None
    before = {item.id: item.summary_html for item in previous if item.summary_html}
    lost = [item.id for item in items if item.id in before]
    if not lost:
        return items, None
    kept = tuple(
        replace(item, summary_html=before[item.id]) if item.id in before else item for item in items
    )
    return kept, (
        f"no item has a public summary in this pull, yet {len(lost)} had one (was the "
        f"'{section}' heading renamed in Linear? linear.public_section is '{section}'); "
        "their previous summaries are kept: run `kbgen linear pull --allow-empty` to accept"
    )
