"""Dates as readers read them (``14 September 2026``) and as files store them (ISO 8601, UTC).

Every date from outside (Linear's answers, committed JSON, events) is read here, bounded: an
ISO 8601 text of at most MAX_DATE_TEXT characters whose year is 1-9999 after conversion to
UTC. ``read_moment``/``read_day`` raise :class:`DateError` for a value that is there but bad;
``parse_utc`` returns None for it. Neither raises anything else.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from kbgen.errors import KbgenError

MAX_DATE_TEXT = 64
"""Longer texts are not dates (ISO 8601 with an offset and microseconds is 32 characters)."""


class DateError(KbgenError, ValueError):
    """A value that should be a date or date-time is not one kbgen can use."""


def display_date(day: date) -> str:
    """A date (or datetime) as readers write it: ``14 September 2026``."""
    return f"{day.day} {day:%B %Y}"


def iso_utc(moment: datetime) -> str:
    """A moment as stored in kbgen's JSON files: ``2026-11-25T03:00:00Z``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(value: object) -> datetime | None:
    """An ISO 8601 timestamp as an aware UTC datetime to the second; None if absent/invalid."""
    try:
        return read_moment(value, "value")
    except DateError:
        return None


def read_moment(value: object, where: str) -> datetime | None:
    """``value`` as an aware UTC datetime to the second; None when absent (null or "").

    A present value that is not an ISO 8601 date-time within years 1-9999 (after its offset
    is applied) raises DateError naming ``where``.
    """
    if value is None or value == "":
        return None
    text = _date_text(value, where)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).replace(microsecond=0)
    except (ValueError, OverflowError, TypeError):
        raise DateError(_bad(where, value, "an ISO 8601 date-time")) from None


def read_day(value: object, where: str) -> date | None:
    """``value`` (``YYYY-MM-DD``) as a date; None when absent; DateError naming ``where``."""
    if value is None or value == "":
        return None
    text = _date_text(value, where)
    try:
        return date.fromisoformat(text)
    except (ValueError, OverflowError, TypeError):
        raise DateError(_bad(where, value, "a date (YYYY-MM-DD)")) from None


def _date_text(value: object, where: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_DATE_TEXT or not value.isascii():
        raise DateError(_bad(where, value, "an ISO 8601 date"))
    return value.strip()


_KINDS = {
    bool: "true or false",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "an object",
}


def _bad(where: str, value: object, expected: str) -> str:
    if isinstance(value, str):
        shown = repr(value[:40] + ("..." if len(value) > 40 else ""))
    else:
        shown = _KINDS.get(type(value), "a value")
    return f"{where}: {shown} is not {expected} with a year from 1 to 9999"
