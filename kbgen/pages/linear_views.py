"""What an article page shows about its linked Linear work: a changed notice, recent updates.

A non-public linked item is only ever "a recent change" with its date: its identifier,
title and team never reach the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kbgen.dates import display_date
from kbgen.review.changes import Change
from kbgen.roadmap.models import ChangelogEntry


@dataclass(frozen=True, slots=True)
class UpdateLink:
    """A public changelog entry: title, site-relative URL, ship date."""

    title: str
    url: str
    date: str
    date_text: str


@dataclass(frozen=True, slots=True)
class ChangedNotice:
    """ "This feature changed on 20 November 2026; some details here may be out of date"."""

    date: str
    date_text: str
    entries: tuple[UpdateLink, ...]  # the public changes, with their changelog entries
    recent_change: bool  # some change is not public (or has no changelog entry)


def update_link(entry: ChangelogEntry, entry_pages: Mapping[str, str]) -> UpdateLink:
    """The changelog entry as a link from an article, to the entry's own page
    (``entry_pages``: site-relative pages by anchor, see ``entry_paths``)."""
    return UpdateLink(
        title=entry.item.title,
        url=entry_pages[entry.anchor],
        date=entry.shipped_at.isoformat(),
        date_text=display_date(entry.shipped_at),
    )


def changed_notice(
    changes: Sequence[Change],
    entries: Mapping[str, ChangelogEntry],
    entry_pages: Mapping[str, str],
) -> ChangedNotice | None:
    """The notice for an article's changes; None when there are none."""
    if not changes:
        return None
    newest = max(change.date for change in changes)
    public = [entries[change.id] for change in changes if change.id in entries]
    return ChangedNotice(
        date=newest.isoformat(),
        date_text=display_date(newest),
        entries=tuple(update_link(entry, entry_pages) for entry in public),
        recent_change=len(public) < len(changes),
    )


def recent_updates(
    linked: Sequence[str], entries: Mapping[str, ChangelogEntry], entry_pages: Mapping[str, str]
) -> tuple[UpdateLink, ...]:
    """The article's public linked items that shipped (in the changelog), newest first."""
    shipped = [entries[identifier] for identifier in linked if identifier in entries]
    shipped.sort(key=lambda entry: (-entry.shipped_at.toordinal(), entry.id))
    return tuple(update_link(entry, entry_pages) for entry in shipped)
