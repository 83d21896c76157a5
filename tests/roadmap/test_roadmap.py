"""Roadmap data: windows and allowlists on a snapshot, and where the data comes from."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from linear_emulator import PRIVATE, TEST_KEY, TODAY, Fault, LinearEmulator, generate_workspace
from linear_emulator.items import WHEN
from linear_emulator.items import public_item as item
from linear_emulator.sites import write_site

from kbgen.config import load_config
from kbgen.config.linear import LinearSettings
from kbgen.errors import KbgenError
from kbgen.linear import LOGGER_NAME
from kbgen.linear.build_data import linear_data_for_build
from kbgen.linear_data.snapshot import Snapshot, load_snapshot, write_snapshot
from kbgen.roadmap.models import roadmap_from_snapshot, target_text

FAST = {"max_retries": 0, "timeout_seconds": 2, "page_size": 25}


class Records(list):
    """Log records of the Linear logger, whatever MkDocs did to propagation."""


@pytest.fixture
def linear_log() -> Iterator[Records]:
    records = Records()
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger(LOGGER_NAME)
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield records
    logger.removeHandler(handler)
    logger.setLevel(old_level)


@pytest.fixture
def emulator() -> Iterator[LinearEmulator]:
    with LinearEmulator(generate_workspace(), TEST_KEY) as running:
        yield running


def _env(emulator: LinearEmulator, key: str = TEST_KEY) -> dict[str, str]:
    return {"LINEAR_API_KEY": key, "KBGEN_LINEAR_API_URL": emulator.url}


def _messages(records: Records, level: int) -> list[str]:
    return [r.getMessage() for r in records if r.levelno == level]


# -- windows -------------------------------------------------------------------------------


def test_shipped_items_leave_the_roadmap_after_shipped_days() -> None:
    """Recently shipped stays on the roadmap for shipped_days; older ones only in the changelog."""
    snapshot = Snapshot(
        WHEN,
        (
            item("ENG-1", "shipped", shipped_at=date(2026, 11, 1)),
            item("ENG-2", "shipped", shipped_at=date(2026, 10, 1)),
            item("ENG-3"),
        ),
    )
    data = roadmap_from_snapshot(snapshot, "snapshot", LinearSettings(), date(2026, 11, 25))
    assert [i.id for i in data.items] == ["ENG-3", "ENG-1"]
    assert [e.id for e in data.entries] == ["ENG-1", "ENG-2"]


def test_changelog_window_and_order() -> None:
    """Entries within changelog_days, newest first."""
    snapshot = Snapshot(
        WHEN,
        (
            item("ENG-1", "shipped", shipped_at=date(2026, 5, 1)),
            item("ENG-2", "shipped", shipped_at=date(2026, 9, 1)),
            item("ENG-3", "shipped", shipped_at=date(2025, 1, 1)),
        ),
    )
    settings = LinearSettings(changelog_days=365)
    data = roadmap_from_snapshot(snapshot, "snapshot", settings, date(2026, 11, 25))
    assert [e.id for e in data.entries] == ["ENG-2", "ENG-1"]


def test_label_allowlist_is_applied_again_at_build() -> None:
    """Removing a label from the allowlist hides it without a new pull."""
    snapshot = Snapshot(WHEN, (item("ENG-1", labels=("Invoicing", "Payments")),))
    data = roadmap_from_snapshot(snapshot, "snapshot", LinearSettings(labels=("Payments",)), TODAY)
    assert data.items[0].item.labels == ("Payments",)


def test_planned_items_sort_by_target() -> None:
    """Sooner targets first; items without a target last."""
    snapshot = Snapshot(
        WHEN,
        (
            item("a", target=None),
            item("b", target="2027-H1"),
            item("c", target="2027-Q1"),
            item("d", target="2027-02"),
        ),
    )
    data = roadmap_from_snapshot(snapshot, "snapshot", LinearSettings(), TODAY)
    assert [i.id for i in data.items] == ["d", "c", "b", "a"]


# -- where the data comes from -------------------------------------------------------------


def test_no_linear_section_means_no_roadmap(tmp_path: Path) -> None:
    """Sites without 'linear:' get None (no pages), whatever the environment says."""
    config = load_config(write_site(tmp_path))
    assert linear_data_for_build(config, {"LINEAR_API_KEY": TEST_KEY}) is None


def test_without_key_the_snapshot_is_used(tmp_path: Path, linear_log: Records) -> None:
    """No LINEAR_API_KEY: data comes from the snapshot, with an INFO line (not a warning)."""
    config = load_config(write_site(tmp_path, {}))
    write_snapshot(tmp_path / "data" / "linear-snapshot.json", Snapshot(WHEN, (item("ENG-1"),)))
    data = linear_data_for_build(config, {}, today=TODAY)
    assert data is not None and data.source == "snapshot"
    assert data.snapshot.generated_at == WHEN and [i.id for i in data.snapshot.items] == ["ENG-1"]
    assert _messages(linear_log, logging.WARNING) == []
    assert any("LINEAR_API_KEY is not set" in m for m in _messages(linear_log, logging.INFO))


def test_empty_key_counts_as_unset(tmp_path: Path) -> None:
    """An empty secret (as forks' pull requests get) falls back to the snapshot quietly."""
    config = load_config(write_site(tmp_path, {}))
    write_snapshot(tmp_path / "data" / "linear-snapshot.json", Snapshot(WHEN, (item("ENG-1"),)))
    assert linear_data_for_build(config, {"LINEAR_API_KEY": ""}, today=TODAY).source == "snapshot"


def test_without_key_or_snapshot_the_build_stops(tmp_path: Path) -> None:
    """Never an empty roadmap by accident: a clear error instead."""
    config = load_config(write_site(tmp_path, {}))
    with pytest.raises(KbgenError, match=r"no Linear snapshot yet.*LINEAR_API_KEY"):
        linear_data_for_build(config, {}, today=TODAY)


def test_with_key_data_is_pulled_and_saved(tmp_path: Path, emulator: LinearEmulator) -> None:
    """With a key: source 'linear', and the snapshot on disk is refreshed."""
    config = load_config(write_site(tmp_path, FAST))
    data = linear_data_for_build(config, _env(emulator), today=TODAY)
    assert data is not None and data.source == "linear"
    saved = load_snapshot(tmp_path / "data" / "linear-snapshot.json")
    assert {i.id: i.status for i in saved.items} == emulator.workspace.expected()


def test_labelled_private_items_are_warned_about(
    tmp_path: Path, emulator: LinearEmulator, linear_log: Records
) -> None:
    """A public label on a private team's item is a warning (so --strict fails)."""
    config = load_config(write_site(tmp_path, FAST))
    linear_data_for_build(config, _env(emulator), today=TODAY)
    warnings = _messages(linear_log, logging.WARNING)
    assert any("FIN-1" in w for w in warnings)
    assert not any(PRIVATE in w for w in warnings)


def test_outage_falls_back_to_the_snapshot_with_a_warning(
    tmp_path: Path, emulator: LinearEmulator, linear_log: Records
) -> None:
    """Linear down: a WARNING under mkdocs.plugins.kbgen.linear and the last snapshot is used."""
    config = load_config(write_site(tmp_path, FAST))
    write_snapshot(tmp_path / "data" / "linear-snapshot.json", Snapshot(WHEN, (item("ENG-1"),)))
    emulator.outage = Fault.http(503)
    data = linear_data_for_build(config, _env(emulator), today=TODAY)
    assert (
        data is not None
        and data.source == "snapshot"
        and [i.id for i in data.snapshot.items] == ["ENG-1"]
    )
    (warning,) = _messages(linear_log, logging.WARNING)
    assert "Linear pull failed" in warning and "snapshot" in warning
    assert linear_log[-1].name == "mkdocs.plugins.kbgen.linear"


def test_auth_failure_falls_back_without_showing_the_key(
    tmp_path: Path, emulator: LinearEmulator, linear_log: Records
) -> None:
    """A wrong key: the warning names LINEAR_API_KEY; the key is in no log record."""
    config = load_config(write_site(tmp_path, FAST))
    write_snapshot(tmp_path / "data" / "linear-snapshot.json", Snapshot(WHEN, (item("ENG-1"),)))
    wrong = "lin_api_WRONG0000000000000000"
    linear_data_for_build(config, _env(emulator, wrong), today=TODAY)
    text = " ".join(r.getMessage() for r in linear_log)
    assert "LINEAR_API_KEY" in text and wrong not in text


def test_outage_without_snapshot_stops_the_build(tmp_path: Path, emulator: LinearEmulator) -> None:
    """Linear down and nothing saved: an error, never an empty roadmap."""
    config = load_config(write_site(tmp_path, FAST))
    emulator.outage = Fault.drop()
    with pytest.raises(KbgenError, match=r"Linear pull failed.*no snapshot to fall back on"):
        linear_data_for_build(config, _env(emulator), today=TODAY)


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
years = st.integers(min_value=1, max_value=9999)
targets = st.one_of(
    st.tuples(years, st.integers(1, 4)).map(lambda t: (f"{t[0]:04d}-Q{t[1]}", t[0], t[1] * 3)),
    st.tuples(years, st.integers(1, 2)).map(lambda t: (f"{t[0]:04d}-H{t[1]}", t[0], t[1] * 6)),
    st.tuples(years, st.integers(1, 12)).map(lambda t: (f"{t[0]:04d}-{t[1]:02d}", t[0], t[1])),
    st.dates().map(lambda d: (d.isoformat(), d.year, d.month)),
    years.map(lambda y: (f"{y:04d}", y, 12)),
)


@given(targets)
def test_every_target_reads_as_the_month_and_year_it_ends(target: tuple[str, int, int]) -> None:
    """Quarter, half, month, day or year: one format, the month the target ends and its year
    (2027-Q1 -> March 2027), on cards, in feeds and in llms.txt alike (all use target_text)."""
    text, year, month = target
    assert target_text(text) == f"{MONTHS[month - 1]} {year}"


@pytest.mark.parametrize("odd", ["soon", "2027-Q5", "2027-H0", "Q1 2027"])
def test_a_target_kbgen_cannot_read_is_shown_as_written(odd: str) -> None:
    """A target in no known form is shown as Linear holds it, never dropped or guessed."""
    assert target_text(odd) == odd
