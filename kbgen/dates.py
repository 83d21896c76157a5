"""Dates as readers read them (``14 September 2026``) and as files store them (ISO 8601, UTC)."""

from __future__ import annotations

from datetime import date, datetime, timezone


def display_date(day: date) -> str:
    """A date (or datetime) as readers write it: ``14 September 2026``."""
    return f"{day.day} {day:%B %Y}"


def iso_utc(moment: datetime) -> str:
    """A moment as stored in kbgen's JSON files: ``2026-11-25T03:00:00Z``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(value: object) -> datetime | None:
    """An ISO 8601 timestamp as an aware UTC datetime to the second; None if absent/invalid."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0)
