"""Review intervals: every syntax, and calendar arithmetic at month ends and leap days."""

from __future__ import annotations

from datetime import date

import pytest

from kbgen.intervals import IntervalError, parse_interval


@pytest.mark.parametrize(
    ("text", "months", "days"),
    [
        ("1 day", 0, 1),
        ("90 days", 0, 90),
        ("1 week", 0, 7),
        ("6 weeks", 0, 42),
        ("1 month", 1, 0),
        ("3 months", 3, 0),
        ("1 year", 12, 0),
        ("2 years", 24, 0),
        ("10d", 0, 10),
        ("2w", 0, 14),
        ("6m", 6, 0),
        ("1y", 12, 0),
        ("  4  Months ", 4, 0),
        ("monthly", 1, 0),
        ("quarterly", 3, 0),
        ("Quarterly", 3, 0),
        ("yearly", 12, 0),
        ("annually", 12, 0),
        ("191 days", 0, 191),
        ("12 months", 12, 0),
    ],
)
def test_every_interval_syntax(text: str, months: int, days: int) -> None:
    """Each documented spelling parses to the right months and days."""
    interval = parse_interval(text)
    assert (interval.months, interval.days) == (months, days)


@pytest.mark.parametrize(
    "value", ["fortnightly", "0 days", "3 parsecs", "", "months", "-1 months", "3", 3, True, None]
)
def test_unknown_intervals_are_refused(value: object) -> None:
    """Anything else is an IntervalError, never a guess."""
    with pytest.raises(IntervalError):
        parse_interval(value)


def test_interval_keeps_the_text_the_writer_used() -> None:
    """The report shows '6m', not a rewritten form."""
    assert str(parse_interval("6m")) == "6m"


@pytest.mark.parametrize(
    ("start", "text", "due"),
    [
        (date(2026, 8, 31), "3 months", date(2026, 11, 30)),
        (date(2026, 1, 31), "1 month", date(2026, 2, 28)),
        (date(2028, 1, 31), "1 month", date(2028, 2, 29)),
        (date(2028, 2, 29), "1 year", date(2029, 2, 28)),
        (date(2028, 2, 29), "12 months", date(2029, 2, 28)),
        (date(2028, 2, 29), "4 years", date(2032, 2, 29)),
        (date(2026, 12, 31), "monthly", date(2027, 1, 31)),
        (date(2026, 11, 30), "quarterly", date(2027, 2, 28)),
        (date(2026, 5, 31), "1m", date(2026, 6, 30)),
        (date(2026, 10, 15), "6 months", date(2027, 4, 15)),
        (date(2020, 4, 7), "191 days", date(2020, 10, 15)),
        (date(2026, 12, 25), "2w", date(2027, 1, 8)),
        (date(2024, 2, 28), "1 day", date(2024, 2, 29)),
    ],
)
def test_due_dates(start: date, text: str, due: date) -> None:
    """Months are calendar months clamped to the month end; days and weeks are exact."""
    assert parse_interval(text).add_to(start) == due
