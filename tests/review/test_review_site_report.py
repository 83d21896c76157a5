"""kbgen.review.site_report: the whole stale report assembled outside the command."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from linear_emulator.items import public_item
from linear_emulator.sites import write_site

from kbgen.config import load_config
from kbgen.linear_data.link_data import LinkedItem, make_link_data, write_link_data
from kbgen.linear_data.snapshot import Snapshot, write_snapshot
from kbgen.review.signals import ArticleSignals
from kbgen.review.site_report import StaleRequest, assemble_stale_report, relative_to_targets
from kbgen.review.status import ReviewStatus
from tests.conftest import article

DAY = date(2026, 12, 1)
PULLED = datetime(2026, 11, 25, 3, 0, tzinfo=timezone.utc)
SHIPPED_AT = datetime(2026, 11, 20, 14, 0, tzinfo=timezone.utc)


def _site(root: Path, owners: dict[str, object] | None = None) -> Path:
    """A site with one article linking ENG-7 (reviewed 2026-11-01) and one linking nothing."""
    config = write_site(root, {}, **({"owners": owners} if owners else {}))
    (root / "content" / "billing").mkdir()
    (root / "content" / "billing" / "export.md").write_text(
        article("Export", extra="linear: [ENG-7]", body="Bulk export is coming soon.\n"), "utf-8"
    )
    (root / "content" / "billing" / "plain.md").write_text(article("Plain"), "utf-8")
    return config


def _request(config: Path, paths: tuple[Path, ...] = ()) -> StaleRequest:
    site = load_config(config)
    return StaleRequest(site, paths, site.review, DAY, site.review.due_soon_days)


def _record_pull(root: Path) -> None:
    item = LinkedItem("ENG-7", True, "completed", SHIPPED_AT, SHIPPED_AT)
    write_link_data(root / "data" / "linear-links.json", make_link_data(PULLED, [item]))
    write_snapshot(
        root / "data" / "linear-snapshot.json", Snapshot(PULLED, (public_item("ENG-7"),))
    )


def test_link_data_marks_changed_and_its_age_is_a_note(tmp_path: Path) -> None:
    """The recorded pull makes the linking article changed; its age is one stderr note."""
    config = _site(tmp_path)
    _record_pull(tmp_path)
    assembled = assemble_stale_report(_request(config))
    statuses = {entry.path: entry.status for entry in assembled.report.entries}
    assert statuses["billing/export.md"] == ReviewStatus.CHANGED
    assert statuses["billing/plain.md"] != ReviewStatus.CHANGED
    assert any("2026-11-25 03:00 UTC" in note for note in assembled.notes)


def test_stale_promise_is_listed_from_the_recorded_pull(tmp_path: Path) -> None:
    """An article still saying 'coming soon' about a shipped item is a broken promise."""
    config = _site(tmp_path)
    _record_pull(tmp_path)
    promises = assemble_stale_report(_request(config)).report.promises
    assert any("export.md:" in line and "ENG-7 shipped 2026-11-20" in line for line in promises)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("linear-links.json", "<<<<<<< HEAD\n"),
        ("linear-snapshot.json", '{"format": "kbgen-linear-snapshot/1", "items": 3}'),
    ],
)
def test_an_unusable_file_is_a_warning_not_a_failure(tmp_path: Path, name: str, text: str) -> None:
    """Corrupt link data or snapshot: the report is still made, with one warning naming it."""
    config = _site(tmp_path)
    _record_pull(tmp_path)
    (tmp_path / "data" / name).write_text(text, "utf-8")
    assembled = assemble_stale_report(_request(config))
    assert len(assembled.report.entries) == 2
    warnings = [note for note in assembled.notes if note.startswith("warning:")]
    assert len(warnings) == 1 and name in warnings[0]


def test_owner_contacts_come_from_the_site(tmp_path: Path) -> None:
    """The owners: section's contacts reach the report."""
    config = _site(tmp_path, {"support-ops": {"name": "Support", "contact": "#support-ops"}})
    report = assemble_stale_report(_request(config)).report
    assert report.contacts == {"support-ops": "#support-ops"}


def test_signals_are_rekeyed_below_the_paths_given(tmp_path: Path) -> None:
    """Signals keyed by content path reach entries named relative to a folder given."""
    config = _site(tmp_path)
    site = load_config(config)
    signals = {"billing/export.md": ArticleSignals(helpful=3)}
    rekeyed = relative_to_targets(signals, site, (tmp_path / "content" / "billing",))
    assert rekeyed["export.md"] == ArticleSignals(helpful=3)
    request = _request(config, (tmp_path / "content" / "billing",))
    entries = assemble_stale_report(request, signals=signals).report.entries
    assert {entry.path: entry.signals.helpful for entry in entries}["export.md"] == 3
