"""The ``review:`` section: how articles are judged for freshness."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kbgen.config.checks import check_section, parse_string_list
from kbgen.config.source import ConfigSource, shown
from kbgen.intervals import Interval, IntervalError, parse_interval

_REVIEW_KEYS: dict[str, type | tuple[type, ...]] = {
    "default_every": (str, int),
    "due_soon_days": int,
    "show_stale_notice": (str, bool),
    "show_owner": bool,
    "fields": dict,
    "date_formats": list,
    "dates_from_git": bool,
}
_FIELD_KEYS = ("owner", "last_reviewed", "review_every")
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "owner": ("owner", "owner_slack", "ms.author", "author"),
    "last_reviewed": ("last_reviewed", "last_reviewed_on", "ms.date"),
    "review_every": ("review_every", "review_in"),
}
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
MAX_DEFAULT_EVERY_MONTHS = 120
MAX_DUE_SOON_DAYS = 3650
STALE_NOTICES = ("changed", "all", "none")
DEFAULT_STALE_NOTICE = "changed"
"""``review.show_stale_notice``: ``changed`` shows only "this feature changed on ...", ``all``
also the calendar notice ("due for a review"), ``none`` neither. Booleans read as all/none."""


@dataclass(frozen=True, slots=True)
class FieldNames:
    """Which frontmatter keys hold each review field; the first key present wins."""

    owner: tuple[str, ...] = DEFAULT_FIELDS["owner"]
    last_reviewed: tuple[str, ...] = DEFAULT_FIELDS["last_reviewed"]
    review_every: tuple[str, ...] = DEFAULT_FIELDS["review_every"]


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    """How articles are judged for freshness."""

    default_every: Interval = field(default_factory=lambda: parse_interval("3 months"))
    due_soon_days: int = 14
    show_stale_notice: str = DEFAULT_STALE_NOTICE
    """Which reader notices articles show: one of STALE_NOTICES."""
    show_owner: bool = True
    """False hides owners from readers entirely (trust line and api/articles.json)."""
    fields: FieldNames = field(default_factory=FieldNames)
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    dates_from_git: bool = False
    """A page without a review date is judged by the date of its last git commit."""


def parse_review(source: ConfigSource, data: object) -> ReviewPolicy:
    """Validate the ``review:`` section into a ReviewPolicy (defaults for bad values)."""
    section = check_section(source, data, ("review",), _REVIEW_KEYS)
    defaults = ReviewPolicy()
    every = parse_default_every(source, section.get("default_every"))
    due_soon = section.get("due_soon_days", defaults.due_soon_days)
    if not 0 <= due_soon <= MAX_DUE_SOON_DAYS:
        source.fail(
            ("review", "due_soon_days"),
            f"'review.due_soon_days' must be between 0 and {MAX_DUE_SOON_DAYS}, got {due_soon}",
        )
    return ReviewPolicy(
        default_every=every or defaults.default_every,
        due_soon_days=due_soon,
        show_stale_notice=parse_stale_notice(source, section.get("show_stale_notice")),
        show_owner=section.get("show_owner", defaults.show_owner),
        fields=parse_fields(source, section.get("fields") or {}),
        date_formats=parse_date_formats(source, section) or defaults.date_formats,
        dates_from_git=section.get("dates_from_git", defaults.dates_from_git),
    )


def parse_stale_notice(source: ConfigSource, value: object) -> str:
    """``review.show_stale_notice`` as one of STALE_NOTICES (true -> all, false -> none)."""
    if value is None:
        return DEFAULT_STALE_NOTICE
    if isinstance(value, bool):
        return "all" if value else "none"
    if value not in STALE_NOTICES:
        choices = ", ".join(STALE_NOTICES)
        source.fail(
            ("review", "show_stale_notice"),
            f"'review.show_stale_notice' must be one of {choices}, got {shown(value)}",
        )
        return DEFAULT_STALE_NOTICE
    return str(value)


def parse_default_every(source: ConfigSource, value: object) -> Interval | None:
    """``review.default_every`` as an Interval of at most ten years; None when unset or bad."""
    if value is None:
        return None
    keys = ("review", "default_every")
    try:
        every = parse_interval(value)
    except IntervalError as error:
        source.fail(keys, f"'review.default_every': {error}")
        return None
    if every.months + every.days / 31 > MAX_DEFAULT_EVERY_MONTHS:
        years = MAX_DEFAULT_EVERY_MONTHS // 12
        source.fail(
            keys, f"'review.default_every' must be at most {years} years, got {shown(value)}"
        )
        return None
    return every


def parse_fields(source: ConfigSource, data: object) -> FieldNames:
    """Validate ``review.fields``: each a key name or a list of key names."""
    keys = ("review", "fields")
    section = check_section(source, data, keys, dict.fromkeys(_FIELD_KEYS, (str, list)))
    names = {key: parse_string_list(source, section, (*keys, key)) for key in section}
    return FieldNames(**{key: value for key, value in names.items() if value})


def parse_date_formats(source: ConfigSource, section: Mapping[str, Any]) -> tuple[str, ...]:
    """``review.date_formats``: strptime formats, each with at least one ``%`` directive."""
    keys = ("review", "date_formats")
    formats = parse_string_list(source, section, keys)
    if any("%" not in item for item in formats):
        source.fail(keys, "'review.date_formats' must be formats such as '%Y-%m-%d'")
        return ()
    return formats
