"""Bounded readers of outside values (kbgen/bounded_json.py, kbgen/dates.py and the Linear
loaders): for any input they return a bounded value or raise the project's error, nothing else."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.bounded_json import JsonBoundsError, JsonLimits, check_bounds, loads_bounded
from kbgen.dates import DateError, parse_utc, read_day, read_moment
from kbgen.errors import KbgenError
from kbgen.linear_data.history import HistoryError, load_history_file
from kbgen.linear_data.link_data import LinkDataError, load_link_data
from kbgen.linear_data.snapshot import SnapshotError, load_snapshot

SMALL = JsonLimits(max_bytes=10_000, max_depth=6, max_string=50, max_number=12, max_values=200)
PROPERTY = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**60), max_value=10**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=80)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=40,
)
date_texts = st.one_of(
    st.text(max_size=80),
    st.from_regex(
        r"[+-]?\d{1,6}-\d{1,2}-\d{1,2}"
        r"([T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?",
        fullmatch=True,
    ),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
)


def deepest(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((deepest(inner) for inner in value), default=0)
    if isinstance(value, dict):
        return 1 + max((deepest(inner) for inner in value.values()), default=0)
    return 1


@PROPERTY
@given(st.binary(max_size=400))
def test_any_bytes_give_json_or_the_bounds_error(data: bytes) -> None:
    """Property: arbitrary bytes parse or raise JsonBoundsError (a KbgenError), nothing else."""
    try:
        loads_bounded(data, SMALL)
    except JsonBoundsError as error:
        assert isinstance(error, KbgenError) and "\n" not in str(error)


@PROPERTY
@given(json_values)
def test_any_json_within_bounds_is_returned_unchanged(value: Any) -> None:
    """Property: a document is returned as written, or refused when it breaks a bound."""
    text = json.dumps(value)
    try:
        parsed = loads_bounded(text, SMALL)
    except JsonBoundsError:
        return
    assert parsed == value and deepest(parsed) <= SMALL.max_depth
    check_bounds(parsed, SMALL)


@PROPERTY
@given(st.integers(min_value=1, max_value=5000), st.sampled_from(["[", '{"a":']))
def test_any_nesting_depth_is_bounded(depth: int, opener: str) -> None:
    """Property: nesting beyond the limit, up to far past Python's recursion limit, is refused."""
    closer = "]" if opener == "[" else "}"
    text = opener * depth + "1" + closer * depth
    limits = replace(SMALL, max_bytes=100_000)
    if depth < limits.max_depth:
        assert deepest(loads_bounded(text, limits)) == depth + 1
    else:
        with pytest.raises(JsonBoundsError, match="nested too deeply"):
            loads_bounded(text, limits)


@PROPERTY
@given(st.integers(min_value=1, max_value=6000))
def test_any_number_length_is_bounded(digits: int) -> None:
    """Property: a number longer than the limit is refused with its line, never converted."""
    text = '{\n"n": 1' + "0" * (digits - 1) + "}"
    if digits <= SMALL.max_number:
        assert loads_bounded(text, SMALL) == {"n": 10 ** (digits - 1)}
    else:
        with pytest.raises(JsonBoundsError) as raised:
            loads_bounded(text, SMALL)
        assert raised.value.line == 2


@PROPERTY
@given(date_texts)
def test_any_date_text_is_a_bounded_moment_or_a_date_error(text: str) -> None:
    """Property: read_moment gives an aware UTC moment in years 1-9999 or raises DateError;
    parse_utc agrees and never raises."""
    try:
        moment = read_moment(text, "x")
    except DateError as error:
        assert isinstance(error, KbgenError) and str(error).startswith("x: ")
        assert parse_utc(text) is None
        return
    if moment is None:
        assert text == ""
        return
    assert moment.tzinfo == timezone.utc and 1 <= moment.year <= 9999
    assert moment.microsecond == 0 and parse_utc(text) == moment


@PROPERTY
@given(date_texts | json_values)
def test_any_value_is_a_day_or_a_date_error(value: Any) -> None:
    """Property: read_day gives a date or None (absent) or raises DateError."""
    try:
        day = read_day(value, "x")
    except DateError:
        return
    assert day is None or 1 <= day.year <= 9999


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01T00:00:00+01:00",
        "0001-01-01T00:59:59+01:00",
        "9999-12-31T23:00:00-01:00",
        "+10000-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2026-11-25T03:00:00+24:00",
        "2026-11-25T03:00:00." + "0" * 100 + "Z",
        "２０２６-１１-２５T03:00:00Z",
    ],
)
def test_out_of_range_and_odd_forms_are_date_errors(text: str) -> None:
    """The reported value and its siblings: a DateError naming the place, never an overflow."""
    with pytest.raises(DateError, match=r"^ENG-1 createdAt: .* year from 1 to 9999$"):
        read_moment(text, "ENG-1 createdAt")


def test_the_edges_of_the_range_are_read() -> None:
    """Years 1 and 9999 in UTC (after the offset) are dates like any other."""
    assert read_moment("0001-01-01T01:00:00+01:00", "x") == datetime(1, 1, 1, tzinfo=timezone.utc)
    assert read_moment("9999-12-31T22:59:59-01:00", "x") == datetime(
        9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc
    )


FORMATS = {
    "snapshot": "kbgen-linear-snapshot/1",
    "links": "kbgen-linear-links/1",
    "history": "kbgen-roadmap-history/1",
}
LOADERS = {
    "snapshot": (load_snapshot, SnapshotError),
    "links": (load_link_data, LinkDataError),
    "history": (load_history_file, HistoryError),
}
documents = st.fixed_dictionaries(
    {"format": st.sampled_from(list(FORMATS.values())) | st.text(max_size=5)},
    optional={
        "generated_at": date_texts | json_values,
        "items": st.lists(
            st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "kind",
                        "status",
                        "title",
                        "summary_html",
                        "target",
                        "labels",
                        "created_at",
                        "updated_at",
                        "shipped_at",
                        "customer_requests",
                        "public",
                        "state",
                        "state_changed_at",
                        "completed_at",
                    ]
                ),
                json_values | date_texts,
                max_size=12,
            )
            | json_values,
            max_size=4,
        )
        | json_values,
        "moves": st.lists(json_values, max_size=3) | json_values,
        "pulls": st.lists(
            st.dictionaries(st.sampled_from(["at", "items"]), json_values | date_texts), max_size=3
        ),
        "missing": json_values,
    },
)


@PROPERTY
@given(st.sampled_from(sorted(LOADERS)), documents | json_values)
def test_the_linear_loaders_raise_only_their_own_error_for_any_json(
    kind: str, document: Any
) -> None:
    """Property: snapshot, link data and history loaders, for arbitrary JSON, load or raise
    their own KbgenError (one line starting with the path)."""
    _load_anything(kind, json.dumps(document).encode())


@PROPERTY
@given(st.sampled_from(sorted(LOADERS)), st.binary(max_size=300))
def test_the_linear_loaders_raise_only_their_own_error_for_any_bytes(
    kind: str, data: bytes
) -> None:
    """Property: the same for arbitrary bytes (conflict markers, bad UTF-8, truncation)."""
    _load_anything(kind, data)


def _load_anything(kind: str, data: bytes) -> None:
    load, error_type = LOADERS[kind]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.json"
        path.write_bytes(data)
        try:
            load(path)
        except error_type as error:
            assert str(error).startswith(str(path)) and "\n" not in str(error)
