"""What the last Linear pull recorded about the items articles link to (``data/linear-links.json``).

Only freshness facts are kept, for public and non-public items alike: the identifier, whether
it is public, its state type and the dates of its last state change and completion, and the
identifiers an issue held before it moved team (``previous_ids``: an article naming ``ENG-123``
finds the issue that is ``PAY-45`` now). Nothing else (no title, team or description), so the
file is safe to commit to a public repository.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from kbgen.atomic import read_json, write_json
from kbgen.bounded_json import JsonBoundsError, located
from kbgen.content.linear_links import is_issue_identifier, is_link
from kbgen.dates import DateError, iso_utc, read_moment
from kbgen.errors import KbgenError
from kbgen.paths import Sources

FORMAT = "kbgen-linear-links/1"
STATE_TYPES = frozenset(
    {"triage", "backlog", "unstarted", "planned", "started", "paused", "completed", "canceled",
     "duplicate"}
)  # fmt: skip
MAX_PREVIOUS_IDS = 20
"""Identifiers kept per moved issue (a team move each; more is not a real history)."""


class LinkDataError(KbgenError):
    """The link data file is unreadable or not kbgen link data."""


@dataclass(frozen=True, slots=True)
class LinkedItem:
    """One linked Linear issue or project, as freshness needs it."""

    id: str
    public: bool
    state: str  # Linear's state (issue) or status (project) type
    state_changed_at: datetime | None
    completed_at: datetime | None
    previous_ids: tuple[str, ...] = ()  # identifiers an issue held before moving team

    @property
    def shipped_on(self) -> date | None:
        """The UTC day it was completed, when it is completed."""
        if self.state != "completed" or self.completed_at is None:
            return None
        return self.completed_at.astimezone(timezone.utc).date()


@dataclass(frozen=True, slots=True)
class LinkData:
    """Every linked item the last good pull found, and the ids it could not find."""

    generated_at: datetime
    items: Mapping[str, LinkedItem] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # what a pull could not use (not written to the file)
    moved: Mapping[str, str] = field(default_factory=dict)  # previous identifier -> current

    def get(self, identifier: str) -> LinkedItem | None:
        """The recorded item an article's identifier names (through a team move, ``ENG-123``
        finds ``PAY-45``), or None when it was not found (or not pulled yet)."""
        return self.items.get(self.current_id(identifier))

    def current_id(self, identifier: str) -> str:
        """The identifier the item ``identifier`` names holds now (itself unless it moved)."""
        return identifier if identifier in self.items else self.moved.get(identifier, identifier)


def current_ids(identifiers: Iterable[str], links: LinkData | None) -> tuple[str, ...]:
    """``identifiers`` as the items hold them now (a moved issue's new one), once each."""
    if links is None:
        return tuple(dict.fromkeys(identifiers))
    return tuple(dict.fromkeys(links.current_id(identifier) for identifier in identifiers))


def make_link_data(
    generated_at: datetime,
    items: Iterable[LinkedItem],
    missing: Iterable[str] = (),
    problems: Iterable[str] = (),
) -> LinkData:
    """Link data keyed by identifier, in a stable order, with each previous identifier of a
    moved issue leading to its current one (a current identifier always wins)."""
    ordered = sorted(items, key=lambda item: item.id)
    by_id = {item.id: item for item in ordered}
    moved = {
        previous: item.id
        for item in ordered
        for previous in item.previous_ids
        if previous not in by_id
    }
    return LinkData(
        generated_at,
        by_id,
        tuple(sorted(set(missing) - set(by_id) - set(moved))),  # found after all
        tuple(problems),
        moved,
    )


def write_link_data(path: Path, data: LinkData, sources: Sources | None = None) -> None:
    """Write the file as stable JSON, replacing the old one in one step; with ``sources``,
    never over one of them nor outside their project (``kbgen.paths``)."""
    document = {
        "format": FORMAT,
        "generated_at": iso_utc(data.generated_at),
        "items": [_item_json(item) for item in data.items.values()],
        "missing": list(data.missing),
    }
    write_json(path, document, sources, None if sources is None else sources.project)


def load_link_data(path: Path) -> LinkData | None:
    """The recorded link data; None when no pull recorded any yet.

    Raises LinkDataError (``path:line`` or the JSON path of the bad value) for a file that
    cannot be used.
    """
    try:
        document = read_json(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise LinkDataError(f"{path}: cannot read the Linear link data: {error.strerror}") from None
    except JsonBoundsError as error:
        raise LinkDataError(f"{located(path, error)} (unreadable Linear link data)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise LinkDataError(f"{path}: not kbgen Linear link data ({FORMAT})")
    items, missing = document.get("items"), document.get("missing", [])
    try:
        generated = read_moment(document.get("generated_at"), "$.generated_at")
    except DateError as error:
        raise LinkDataError(f"{path}: {error}") from None
    if generated is None or not isinstance(items, list) or not isinstance(missing, list):
        raise LinkDataError(f"{path}: link data lacks 'generated_at', 'items' or 'missing'")
    try:
        parsed = [_item_from_json(item, f"$.items[{n}]") for n, item in enumerate(items)]
    except ValueError as error:
        raise LinkDataError(f"{path}: invalid linked item at {error}") from None
    ids = (m for m in missing if isinstance(m, str) and len(m) <= 100 and is_link(m))
    return make_link_data(generated, parsed, ids)


def _item_json(item: LinkedItem) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": item.id,
        "public": item.public,
        "state": item.state,
        "state_changed_at": iso_utc(item.state_changed_at) if item.state_changed_at else None,
        "completed_at": iso_utc(item.completed_at) if item.completed_at else None,
    }
    if item.previous_ids:
        document["previous_ids"] = list(item.previous_ids)
    return document


def previous_identifiers(value: object, current: str) -> tuple[str, ...]:
    """The issue identifiers in ``value`` (Linear's ``previousIdentifiers``, or the file's
    ``previous_ids``) but ``current``, in order, once each, at most MAX_PREVIOUS_IDS; anything
    else is dropped."""
    if not isinstance(value, list):
        return ()
    found = (
        v
        for v in value
        if isinstance(v, str) and len(v) <= 100 and is_issue_identifier(v) and v != current
    )
    return tuple(dict.fromkeys(found))[:MAX_PREVIOUS_IDS]


def _item_from_json(data: object, where: str) -> LinkedItem:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: not an object")
    identifier, state, public = data.get("id"), data.get("state"), data.get("public")
    if not isinstance(identifier, str) or len(identifier) > 100 or not is_link(identifier):
        raise ValueError(f"{where}: bad id")
    where = f"{where} ({identifier})"
    if state not in STATE_TYPES or not isinstance(public, bool):
        shown = repr(state[:30]) if isinstance(state, str) else "(not text)"
        raise ValueError(f"{where}: bad state {shown} or public flag")
    return LinkedItem(
        id=identifier,
        public=public,
        state=str(state),
        state_changed_at=read_moment(data.get("state_changed_at"), f"{where}.state_changed_at"),
        completed_at=read_moment(data.get("completed_at"), f"{where}.completed_at"),
        previous_ids=previous_identifiers(data.get("previous_ids"), identifier),
    )


def describe_age(data: LinkData, now: datetime | None = None) -> str:
    """``2026-11-25 03:00 UTC, 6 days ago`` (``today`` within the first day)."""
    moment = now or datetime.now(timezone.utc)
    days = (moment - data.generated_at).days
    when = data.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    if days < 1:
        return f"{when}, today"
    return f"{when}, {days} day{'s' if days != 1 else ''} ago"
