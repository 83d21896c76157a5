"""A pull that would remove most public items keeps the snapshot unless --allow-empty."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from linear_emulator import TEST_KEY, LinearEmulator
from linear_emulator.sites import write_site

from kbgen.cli import main

FAST = {"max_retries": 0, "timeout_seconds": 5, "page_size": 50}


@pytest.fixture
def pulled(tmp_path: Path, emulator: LinearEmulator) -> Path:
    """A site whose snapshot holds every public item of the emulated workspace."""
    config = write_site(tmp_path, FAST)
    assert run(["linear", "pull", "--config", str(config)], emulator).exit_code == 0
    assert len(snapshot_ids(tmp_path)) == len(emulator.workspace.expected()) > 4
    return config


def run(args: list[str], emulator: LinearEmulator) -> Result:
    env = {"LINEAR_API_KEY": TEST_KEY, "KBGEN_LINEAR_API_URL": emulator.url}
    return CliRunner().invoke(main, args, env=env)


def snapshot_ids(root: Path) -> list[str]:
    document = json.loads((root / "data" / "linear-snapshot.json").read_text(encoding="utf-8"))
    return [entry["id"] for entry in document["items"]]


def rename_public_label(emulator: LinearEmulator) -> None:
    for label in emulator.workspace.issue_labels + emulator.workspace.project_labels:
        if label.name == "Public":
            label.name = "Roadmap"


def unlabel(emulator: LinearEmulator, share: float) -> None:
    """Take the Public label off this share of the public issues and projects."""
    records = [r for r in emulator.workspace.issues + emulator.workspace.projects if r.expect]
    for record in records[: round(len(records) * share)]:
        record.labels = [label for label in record.labels if label.name != "Public"]


def test_renamed_label_keeps_the_snapshot(
    tmp_path: Path, pulled: Path, emulator: LinearEmulator
) -> None:
    """0 items where there were many: exit 1, one line with the way out, snapshot unchanged."""
    before = (tmp_path / "data" / "linear-snapshot.json").read_bytes()
    rename_public_label(emulator)
    result = run(["linear", "pull", "--config", str(pulled)], emulator)
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    assert "found none of the" in line and "--allow-empty" in line and "'Public'" in line
    assert (tmp_path / "data" / "linear-snapshot.json").read_bytes() == before


def test_allow_empty_accepts_the_empty_pull(
    tmp_path: Path, pulled: Path, emulator: LinearEmulator
) -> None:
    """--allow-empty: the snapshot is replaced and the removals are listed."""
    rename_public_label(emulator)
    result = run(["linear", "pull", "--allow-empty", "--config", str(pulled)], emulator)
    assert result.exit_code == 0, result.output
    assert snapshot_ids(tmp_path) == [] and "Removed (" in result.stdout


@pytest.mark.parametrize(("share", "refused"), [(0.6, True), (0.4, False)])
def test_losing_most_items_is_refused_losing_some_is_not(
    tmp_path: Path, pulled: Path, emulator: LinearEmulator, share: float, refused: bool
) -> None:
    """More than half of the items gone is refused; fewer is an ordinary change."""
    before = snapshot_ids(tmp_path)
    unlabel(emulator, share)
    result = run(["linear", "pull", "--config", str(pulled)], emulator)
    assert result.exit_code == (1 if refused else 0), result.output
    assert (snapshot_ids(tmp_path) == before) is refused


def test_build_warns_and_keeps_the_roadmap(
    tmp_path: Path, pulled: Path, emulator: LinearEmulator
) -> None:
    """build: a warning, the previous items on the roadmap; --strict fails on the warning."""
    before = snapshot_ids(tmp_path)
    rename_public_label(emulator)
    result = run(["build", "--config", str(pulled)], emulator)
    assert result.exit_code == 0, result.output
    assert "WARNING" in result.stderr and "--allow-empty" in result.stderr
    roadmap = json.loads((tmp_path / "site" / "api" / "roadmap.json").read_text())
    assert roadmap["items"] and {i["id"] for i in roadmap["items"]} <= set(before)
    assert snapshot_ids(tmp_path) == before
    strict = run(["build", "--strict", "--config", str(pulled)], emulator)
    assert strict.exit_code == 1 and "Traceback" not in strict.output


def test_a_first_pull_may_be_empty(tmp_path: Path, emulator: LinearEmulator) -> None:
    """With no previous snapshot there is nothing to lose: an empty pull is written."""
    rename_public_label(emulator)
    config = write_site(tmp_path, FAST)
    assert run(["linear", "pull", "--config", str(config)], emulator).exit_code == 0
    assert snapshot_ids(tmp_path) == []
