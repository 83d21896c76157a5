"""The demo snapshot shipped in data/: reproducible, realistic, and public-only."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from linear_emulator import PRIVATE
from linear_emulator.demo import DEMO_SETTINGS
from make_linear_demo_snapshot import (
    DEFAULT_HISTORY,
    DEFAULT_LINKS,
    DEFAULT_OUTPUT,
    make_demo_history,
    make_demo_links,
    make_demo_snapshot,
)

from kbgen.linear_data.snapshot import load_snapshot
from kbgen.roadmap.models import roadmap_from_snapshot

DEMO_DAY = date(2026, 11, 25)


def test_committed_snapshot_is_reproducible(tmp_path: Path) -> None:
    """Regenerating it with kbgen's pull against the emulator gives the same bytes."""
    make_demo_snapshot(tmp_path / "snapshot.json")
    assert (tmp_path / "snapshot.json").read_bytes() == DEFAULT_OUTPUT.read_bytes()


def test_demo_roadmap_is_realistic() -> None:
    """About 8 planned, 5 in progress, 4 recently shipped and 15 changelog entries."""
    data = roadmap_from_snapshot(load_snapshot(DEFAULT_OUTPUT), "snapshot", DEMO_SETTINGS, DEMO_DAY)
    columns = Counter(card.item.status for card in data.items)
    assert columns == {"planned": 8, "in_progress": 5, "shipped": 4}
    assert len(data.entries) == 15


def test_demo_snapshot_holds_nothing_private() -> None:
    """No private marker, internal note, Linear link or internal item title."""
    text = DEFAULT_OUTPUT.read_text(encoding="utf-8")
    for token in (
        PRIVATE,
        "Internal",
        "Engineering notes",
        "linear.app",
        "Fraud rules",
        "Renegotiate",
        "Publicity plan",
        "support: see",
    ):
        assert token not in text


def test_committed_link_data_and_history_are_reproducible(tmp_path: Path) -> None:
    """The demo articles' link data and the first pull's history regenerate byte for byte."""
    result = make_demo_snapshot(tmp_path / "snapshot.json")
    make_demo_links(tmp_path / "links.json")
    make_demo_history(tmp_path / "history.json", result)
    assert (tmp_path / "links.json").read_bytes() == DEFAULT_LINKS.read_bytes()
    assert (tmp_path / "history.json").read_bytes() == DEFAULT_HISTORY.read_bytes()


def test_demo_link_data_names_a_private_item_by_identifier_only() -> None:
    """The internal FIN item is recorded as not public, with no title or team."""
    text = DEFAULT_LINKS.read_text(encoding="utf-8")
    assert '"id": "FIN-2",\n      "public": false' in text
    assert "Ledger close" not in text and "Finance" not in text and PRIVATE not in text
