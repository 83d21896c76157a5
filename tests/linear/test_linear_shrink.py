"""The roadmap never shrinks silently: corrupt snapshots, erosion over pulls, vanished
summaries and "No changes" only when nothing changed, through the CLI and real builds."""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from linear_emulator import NOW, TEST_KEY, TODAY, LinearEmulator, generate_workspace
from linear_emulator.sites import write_site

from kbgen.cli import main
from kbgen.config.linear import LinearSettings
from kbgen.linear.client import LinearClient
from kbgen.linear.errors import LinearSuspiciousPullError
from kbgen.linear.refresh import refresh_linear_data
from kbgen.linear_data.snapshot import load_snapshot
from kbgen.paths import Sources

FAST = {"max_retries": 0, "timeout_seconds": 5, "page_size": 50}
SNAPSHOT = Path("data") / "linear-snapshot.json"
HISTORY = Path("data") / "roadmap-history.json"
CONFLICT = "<<<<<<< HEAD\n"
SETTINGS = LinearSettings(page_size=50)


@pytest.fixture
def pulled(tmp_path: Path, emulator: LinearEmulator) -> Path:
    """A site whose snapshot (and history) hold every public item of the workspace."""
    config = write_site(tmp_path, FAST)
    assert pull(config, emulator).exit_code == 0
    return config


def run(args: list[str], emulator: LinearEmulator | None) -> Result:
    env = {"LINEAR_API_KEY": TEST_KEY if emulator else ""}
    if emulator:
        env["KBGEN_LINEAR_API_URL"] = emulator.url
    return CliRunner().invoke(main, args, env=env)


def pull(config: Path, emulator: LinearEmulator, *flags: str) -> Result:
    return run(["linear", "pull", *flags, "--config", str(config)], emulator)


def ids(root: Path) -> list[str]:
    return [entry["id"] for entry in json.loads((root / SNAPSHOT).read_text())["items"]]


def public_records(emulator: LinearEmulator) -> list[object]:
    return [r for r in emulator.workspace.issues + emulator.workspace.projects if r.expect]


def keep_only(emulator: LinearEmulator, share: float) -> None:
    """Take the Public label off all but this share of the originally public items."""
    records = public_records(emulator)
    for record in records[round(len(records) * share) :]:
        record.labels = [label for label in record.labels if label.name != "Public"]  # type: ignore[attr-defined]


def corrupt(root: Path, line: int = 3) -> None:
    """A merge-conflict marker on ``line`` of the snapshot."""
    lines = (root / SNAPSHOT).read_text().splitlines(keepends=True)
    lines.insert(line - 1, CONFLICT)
    (root / SNAPSHOT).write_text("".join(lines))


def rename_public_label(emulator: LinearEmulator) -> None:
    for label in emulator.workspace.issue_labels + emulator.workspace.project_labels:
        if label.name == "Public":
            label.name = "Roadmap"


def test_erosion_over_pulls_is_caught(
    tmp_path: Path, pulled: Path, emulator: LinearEmulator
) -> None:
    """All -> 60% -> 30%: each step loses at most half of the last, but 30% is under half of
    the largest recent pull: refused, the 60% snapshot kept."""
    full = len(ids(tmp_path))
    keep_only(emulator, 0.6)
    assert pull(pulled, emulator).exit_code == 0
    step = ids(tmp_path)
    assert len(step) < full
    keep_only(emulator, 0.3)
    result = pull(pulled, emulator)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"of the {full} public items of the largest recent accepted pull" in result.stderr
    assert ids(tmp_path) == step


def test_erosion_in_builds_keeps_the_roadmap(
    tmp_path: Path, pulled: Path, emulator: LinearEmulator
) -> None:
    """Builds pull too: the eroded pull is refused, the roadmap keeps the last accepted items,
    and --strict fails on the warning."""
    keep_only(emulator, 0.6)
    assert run(["build", "--config", str(pulled)], emulator).exit_code == 0
    kept = ids(tmp_path)
    keep_only(emulator, 0.3)
    result = run(["build", "--config", str(pulled)], emulator)
    assert result.exit_code == 0 and "largest recent accepted pull" in result.stderr
    roadmap = json.loads((tmp_path / "site" / "api" / "roadmap.json").read_text())
    assert {item["id"] for item in roadmap["items"]} <= set(kept) and roadmap["items"]
    assert run(["build", "--strict", "--config", str(pulled)], emulator).exit_code == 1


def test_accepting_a_loss_resets_the_record(
    tmp_path: Path, pulled: Path, emulator: LinearEmulator
) -> None:
    """--allow-empty accepts the smaller roadmap; the next ordinary pull is judged against it."""
    keep_only(emulator, 0.2)
    assert pull(pulled, emulator).exit_code == 1
    assert pull(pulled, emulator, "--allow-empty").exit_code == 0
    result = pull(pulled, emulator)
    assert result.exit_code == 0 and "No changes since the previous snapshot." in result.stdout
    pulls = json.loads((tmp_path / HISTORY).read_text())["pulls"]
    assert [entry["items"] for entry in pulls] == [len(ids(tmp_path))]  # one a day


@pytest.mark.parametrize("command", ["pull", "build", "build-without-key"])
def test_a_corrupt_snapshot_without_a_record_is_an_error(
    tmp_path: Path, emulator: LinearEmulator, command: str
) -> None:
    """A merge-conflict line and no record of recent pulls: path:line, exit 1, nothing
    replaced or published, even when the pull answers 0 items."""
    config = write_site(tmp_path, FAST)
    assert pull(config, emulator).exit_code == 0
    (tmp_path / HISTORY).unlink()  # an older project: no record of recent pulls
    corrupt(tmp_path)
    before = (tmp_path / SNAPSHOT).read_bytes()
    rename_public_label(emulator)
    if command == "pull":
        result = pull(config, emulator)
    else:
        result = run(["build", "--config", str(config)], emulator if command == "build" else None)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{tmp_path / SNAPSHOT}:3: not valid JSON" in result.stderr
    assert "No changes" not in result.output
    assert (tmp_path / SNAPSHOT).read_bytes() == before
    assert not (tmp_path / "site").exists()


def test_a_corrupt_snapshot_is_not_replaced_by_an_empty_pull(
    tmp_path: Path, pulled: Path, emulator: LinearEmulator
) -> None:
    """With a record of recent pulls, a 0-item pull still fails the guard: build fails with
    path:line (nothing to fall back on), never an empty roadmap."""
    corrupt(tmp_path)
    rename_public_label(emulator)
    result = run(["build", "--strict", "--config", str(pulled)], emulator)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{tmp_path / SNAPSHOT}:3:" in result.stderr
    assert "found none of the" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_full_pull_replaces_a_corrupt_snapshot_and_says_so(
    tmp_path: Path, pulled: Path, emulator: LinearEmulator
) -> None:
    """A pull passing the guard against the recorded pulls replaces the file, with a warning
    naming path:line (so build --strict fails)."""
    full = ids(tmp_path)
    corrupt(tmp_path)
    result = pull(pulled, emulator)
    assert result.exit_code == 0, result.output
    assert f"{tmp_path / SNAPSHOT}:3:" in result.stderr and "replaced by this pull" in result.stderr
    assert ids(tmp_path) == full
    corrupt(tmp_path)
    assert run(["build", "--strict", "--config", str(pulled)], emulator).exit_code == 1


def rename_public_heading(emulator: LinearEmulator) -> None:
    ws = emulator.workspace
    for issue in ws.issues:
        issue.description = issue.description.replace("## Public", "## Customer notes")
    for project in ws.projects:
        project.content = project.content.replace("## Public", "## Customer notes")


def summaries(root: Path) -> dict[str, str]:
    items = json.loads((root / SNAPSHOT).read_text())["items"]
    return {entry["id"]: entry["summary_html"] for entry in items}


def test_a_renamed_public_heading_keeps_the_summaries(
    tmp_path: Path, pulled: Path, emulator: LinearEmulator
) -> None:
    """Every summary gone at once: the previous ones stay, a warning says why; --allow-empty
    accepts the loss."""
    before = summaries(tmp_path)
    assert any(before.values())
    rename_public_heading(emulator)
    result = pull(pulled, emulator)
    assert result.exit_code == 0, result.output
    assert "heading renamed in Linear" in result.stderr and "No changes" in result.stdout
    assert summaries(tmp_path) == before
    build = run(["build", "--strict", "--config", str(pulled)], emulator)
    assert build.exit_code == 1 and "heading renamed" in build.stderr
    assert pull(pulled, emulator, "--allow-empty").exit_code == 0
    assert not any(summaries(tmp_path).values())


def test_no_changes_only_when_nothing_changed(pulled: Path, emulator: LinearEmulator) -> None:
    """An unchanged pull says "No changes"; a new title or summary is listed as Updated."""
    assert "No changes since the previous snapshot." in pull(pulled, emulator).stdout
    record = public_records(emulator)[0]
    record.title = "A brand new public title"  # type: ignore[attr-defined]
    result = pull(pulled, emulator)
    assert "No changes" not in result.stdout
    assert "Updated (1):" in result.stdout and "title" in result.stdout


def test_a_first_empty_pull_does_not_claim_no_changes(
    tmp_path: Path, emulator: LinearEmulator
) -> None:
    """No previous snapshot and 0 items: written, and said as it is."""
    rename_public_label(emulator)
    result = pull(write_site(tmp_path, FAST), emulator)
    assert result.exit_code == 0 and "First snapshot: no public items found." in result.stdout
    assert "No changes" not in result.stdout


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=16), min_size=1, max_size=6))
@example([16, 8, 4, 2, 1, 0])
def test_no_sequence_of_real_pulls_erodes_the_roadmap(sizes: list[int]) -> None:
    """Property, through the emulator, the snapshot and the history file: every pull that
    replaces the snapshot keeps at least half of the largest recent accepted pull, and a
    refused one leaves the snapshot as it was."""
    workspace = generate_workspace(public_issues=12, public_projects=0, noise_issues=0)
    public = [issue for issue in workspace.issues if issue.expect]
    labels = [list(issue.labels) for issue in public]
    accepted: list[int] = []
    with LinearEmulator(workspace, TEST_KEY) as emulator, tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        sources = Sources(root / "site_config.yml", root / "content", root / "overrides")
        for step, size in enumerate(sizes):
            for index, issue in enumerate(public):
                keep = index < size
                issue.labels = [lab for lab in labels[index] if keep or lab.name != "Public"]
            before = (root / SNAPSHOT).read_bytes() if (root / SNAPSHOT).exists() else None
            with LinearClient(TEST_KEY, emulator.url, timeout=5, max_retries=0) as client:
                try:
                    refresh_linear_data(
                        client, SETTINGS, sources, [], now=NOW + timedelta(hours=step), today=TODAY
                    )
                except LinearSuspiciousPullError:
                    assert (root / SNAPSHOT).read_bytes() == before
                    continue
            count = len(load_snapshot(root / SNAPSHOT).items)
            assert count * 2 >= max(accepted, default=0)  # all within one day
            accepted.append(count)


def test_a_hand_shrunk_snapshot_is_built_with_a_warning(
    tmp_path: Path, pulled: Path, emulator: LinearEmulator
) -> None:
    """A valid snapshot far smaller than the recorded pulls (an old one checked out, a bad
    merge): build without a key warns naming both files, --strict fails."""
    document = json.loads((tmp_path / SNAPSHOT).read_text())
    document["items"] = document["items"][:1]
    (tmp_path / SNAPSHOT).write_text(json.dumps(document))
    result = run(["build", "--config", str(pulled)], None)
    assert result.exit_code == 0, result.output
    assert "holds 1 public items, fewer than half" in result.stderr
    assert "roadmap-history.json" in result.stderr
    assert run(["build", "--strict", "--config", str(pulled)], None).exit_code == 1


def _snapshot_deleted(root: Path) -> None:
    (root / SNAPSHOT).unlink()


def _record_of_pulls_lost(root: Path) -> None:
    history = json.loads((root / HISTORY).read_text())
    history.pop("pulls")
    (root / HISTORY).write_text(json.dumps(history))


def _record_dated_far_ahead(root: Path) -> None:
    history = json.loads((root / HISTORY).read_text())
    history["pulls"] = [{"at": "9999-12-31T00:00:00Z", "items": 0}]
    (root / HISTORY).write_text(json.dumps(history))


@pytest.mark.parametrize(
    "damage",
    [_snapshot_deleted, _record_of_pulls_lost, _record_dated_far_ahead],
    ids=["snapshot-deleted", "record-of-pulls-lost", "record-dated-far-ahead-empty"],
)
def test_one_damaged_file_does_not_let_an_empty_pull_through(
    tmp_path: Path, pulled: Path, emulator: LinearEmulator, damage
) -> None:
    """Issue 17, new variants: with the snapshot deleted (the record remembers), the record
    of pulls lost (the snapshot remembers) or replaced by an empty one dated far ahead, a
    pull answering nothing is still refused in one line, and the files stay as they were."""
    damage(tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in (SNAPSHOT, HISTORY)
              if (tmp_path / name).exists()}  # fmt: skip
    keep_only(emulator, 0.0)
    result = pull(pulled, emulator)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "--allow-empty" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert {name: (tmp_path / name).read_bytes() for name in before} == before
