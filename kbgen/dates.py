"""Dates as readers read them on the site: ``14 September 2026``."""

from __future__ import annotations

from datetime import date


def display_date(day: date) -> str:
    """A date (or datetime) as readers write it: ``14 September 2026``."""
    return f"{day.day} {day:%B %Y}"
