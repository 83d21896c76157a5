"""Review intervals: parsing ``3 months``/``6m``/``quarterly`` and calendar arithmetic."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_UNIT_ALIASES = {
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "week": "weeks", "weeks": "weeks",
    "m": "months", "month": "months", "months": "months",
    "y": "years", "year": "years", "years": "years",
}  # fmt: skip
_WORDS = {
    "monthly": (1, 0),
    "quarterly": (3, 0),
    "yearly": (12, 0),
    "annually": (12, 0),
}
_PATTERN = re.compile(r"^\s*(\d+)\s*([a-z]+)\s*$")


class IntervalError(ValueError):
    """The text is not a review interval kbgen understands."""


@dataclass(frozen=True, slots=True)
class Interval:
    """A review interval: whole calendar months plus days (a year is 12 months)."""

    months: int = 0
    days: int = 0
    text: str = ""

    def add_to(self, start: date) -> date:
        """Return ``start`` plus this interval, clamping the day to the end of short months."""
        return add_months(start, self.months) + timedelta(days=self.days)

    def __str__(self) -> str:
        return self.text or describe(self.months, self.days)


def describe(months: int, days: int) -> str:
    """Render a canonical text for an interval, e.g. ``3 months``."""
    if months and not days:
        return f"{months} month" if months == 1 else f"{months} months"
    return f"{days} day" if days == 1 else f"{days} days"


def parse_interval(value: object) -> Interval:
    """Parse an interval from frontmatter or config; raise IntervalError if it is not one."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise IntervalError(f"review interval must be text such as '3 months', got {value!r}")
    text = str(value).strip()
    lowered = text.lower()
    if lowered in _WORDS:
        months, days = _WORDS[lowered]
        return Interval(months, days, text)
    match = _PATTERN.match(lowered)
    unit = _UNIT_ALIASES.get(match.group(2)) if match else None
    if match is None or unit is None:
        raise IntervalError(
            f"unknown review interval {text!r} "
            "(use e.g. '90 days', '6 weeks', '3 months', '1 year', '6m', 'quarterly')"
        )
    count = int(match.group(1))
    if count == 0:
        raise IntervalError(f"review interval {text!r} must be longer than zero")
    months = {"months": count, "years": 12 * count}.get(unit, 0)
    days = {"days": count, "weeks": 7 * count}.get(unit, 0)
    return Interval(months, days, text)


def add_months(start: date, months: int) -> date:
    """Add calendar months, clamping to the last day of the target month (Aug 31 + 3m = Nov 30)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))
