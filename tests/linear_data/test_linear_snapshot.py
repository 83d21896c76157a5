"""The public snapshot: stable JSON, re-sanitised on load, and a reviewable diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from linear_emulator.items import WHEN
from linear_emulator.items import public_item as item

from kbgen.linear_data.snapshot import (
    Snapshot,
    SnapshotError,
    describe_diff,
    diff_snapshots,
    load_snapshot,
    write_snapshot,
)


def test_round_trip(tmp_path: Path) -> None:
    """What is written is what is read back."""
    snapshot = Snapshot(WHEN, (item("ENG-2"), item("ENG-10", "shipped"), item("abc123def456")))
    path = tmp_path / "nested" / "snapshot.json"
    write_snapshot(path, snapshot)
    loaded = load_snapshot(path)
    assert loaded.generated_at == WHEN
    assert {i.id: i for i in loaded.items} == {i.id: i for i in snapshot.items}


def test_items_are_written_in_a_stable_order(tmp_path: Path) -> None:
    """Projects first, then issues in numeric order: diffs stay small."""
    path = tmp_path / "snapshot.json"
    write_snapshot(path, Snapshot(WHEN, (item("ENG-10"), item("ENG-9"), item("abc"))))
    ids = [entry["id"] for entry in json.loads(path.read_text())["items"]]
    assert ids == ["abc", "ENG-9", "ENG-10"]


def test_loading_sanitises_again(tmp_path: Path) -> None:
    """A hand-edited snapshot cannot smuggle markup into the site."""
    path = tmp_path / "snapshot.json"
    write_snapshot(path, Snapshot(WHEN, (item("ENG-1"),)))
    document = json.loads(path.read_text())
    document["items"][0]["summary_html"] = (
        "<p>ok</p><script>alert(1)</script><a href='javascript:x'>y</a>"
    )
    path.write_text(json.dumps(document))
    summary = load_snapshot(path).items[0].summary_html
    assert "<script" not in summary and "javascript:" not in summary and "<p>ok</p>" in summary


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "unreadable"),
        ('{"format": "other"}', "not a kbgen Linear snapshot"),
        ('{"format": "kbgen-linear-snapshot/1", "items": []}', "lacks 'generated_at'"),
        ("[" * 100_000, "nested too deeply"),
        (
            '{"format": "kbgen-linear-snapshot/1", "generated_at": "2026-11-25T03:00:00Z", '
            '"items": [5]}',
            "invalid snapshot item",
        ),
    ],
)
def test_bad_snapshot_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    """Corrupt or foreign files raise SnapshotError naming the path."""
    path = tmp_path / "snapshot.json"
    path.write_text(content)
    with pytest.raises(SnapshotError, match=message):
        load_snapshot(path)


def test_bad_item_is_a_clear_error(tmp_path: Path) -> None:
    """An item with an unknown status is rejected, not published."""
    path = tmp_path / "snapshot.json"
    write_snapshot(path, Snapshot(WHEN, (item("ENG-1"),)))
    document = json.loads(path.read_text())
    document["items"][0]["status"] = "canceled"
    path.write_text(json.dumps(document))
    with pytest.raises(SnapshotError, match="unknown status 'canceled'"):
        load_snapshot(path)


def test_missing_snapshot_suggests_pull(tmp_path: Path) -> None:
    """No file yet: the message says how to make one."""
    with pytest.raises(SnapshotError, match="kbgen linear pull"):
        load_snapshot(tmp_path / "missing.json")


def test_diff_finds_added_moved_shipped_removed() -> None:
    """Each kind of change is reported once, in its own group."""
    old = Snapshot(
        WHEN, (item("ENG-1"), item("ENG-2"), item("ENG-3", "in_progress"), item("ENG-4"))
    )
    new = Snapshot(
        WHEN, (item("ENG-1"), item("ENG-2", "in_progress"), item("ENG-3", "shipped"), item("ENG-5"))
    )
    diff = diff_snapshots(old, new)
    assert [i.id for i in diff.added] == ["ENG-5"]
    assert [(before, i.id) for before, i in diff.moved] == [("planned", "ENG-2")]
    assert [i.id for i in diff.shipped] == ["ENG-3"]
    assert [i.id for i in diff.removed] == ["ENG-4"]


def test_describe_diff_reads_like_a_review() -> None:
    """The text form names each group and each item with its columns."""
    old = Snapshot(WHEN, (item("ENG-2"),))
    new = Snapshot(WHEN, (item("ENG-2", "in_progress"), item("ENG-7")))
    lines = describe_diff(diff_snapshots(old, new))
    assert lines == [
        "Added (1):",
        "  + ENG-7  [Planned]  Title of ENG-7",
        "Moved (1):",
        "  ~ ENG-2  Planned -> In progress  Title of ENG-2",
    ]


def test_no_changes_is_said_plainly() -> None:
    """Identical snapshots give one reassuring line."""
    snapshot = Snapshot(WHEN, (item("ENG-1"),))
    assert describe_diff(diff_snapshots(snapshot, snapshot)) == [
        "No changes since the previous snapshot."
    ]
