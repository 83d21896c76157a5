"""The ``review:`` section: how articles are judged for freshness."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kbgen.config.checks import check_keys, parse_string_list
from kbgen.errors import ConfigError
from kbgen.intervals import Interval, IntervalError, parse_interval

_REVIEW_KEYS: dict[str, type | tuple[type, ...]] = {
    "default_every": (str, int),
    "due_soon_days": int,
    "show_stale_notice": bool,
    "fields": dict,
    "date_formats": list,
}
_FIELD_KEYS = ("owner", "last_reviewed", "review_every")
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "owner": ("owner", "owner_slack", "ms.author", "author"),
    "last_reviewed": ("last_reviewed", "last_reviewed_on", "ms.date"),
    "review_every": ("review_every", "review_in"),
}
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")


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
    show_stale_notice: bool = True
    fields: FieldNames = field(default_factory=FieldNames)
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS


def parse_review(data: Mapping[str, Any], where: str) -> ReviewPolicy:
    """Validate the ``review:`` section into a ReviewPolicy."""
    check_keys(data, _REVIEW_KEYS, where, prefix="review.")
    defaults = ReviewPolicy()
    try:
        every = parse_interval(data["default_every"]) if "default_every" in data else None
    except IntervalError as error:
        raise ConfigError(f"{where}: 'review.default_every': {error}") from None
    due_soon = data.get("due_soon_days", defaults.due_soon_days)
    if due_soon < 0:
        raise ConfigError(f"{where}: 'review.due_soon_days' must be zero or more")
    return ReviewPolicy(
        default_every=every or defaults.default_every,
        due_soon_days=due_soon,
        show_stale_notice=data.get("show_stale_notice", defaults.show_stale_notice),
        fields=parse_fields(data.get("fields") or {}, where),
        date_formats=parse_string_list(data, "date_formats", where) or defaults.date_formats,
    )


def parse_fields(data: Mapping[str, Any], where: str) -> FieldNames:
    """Validate ``review.fields``: each a key name or a list of key names."""
    check_keys(data, dict.fromkeys(_FIELD_KEYS, (str, list)), where, prefix="review.fields.")
    names = {key: parse_string_list(data, key, where, "review.fields.") for key in data}
    return FieldNames(**{key: value for key, value in names.items() if value})
