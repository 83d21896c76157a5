"""`kbgen linear pull` and `kbgen linear check` through click's CliRunner."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from linear_emulator import TEST_KEY, Fault, LinearEmulator, generate_workspace
from linear_emulator.sites import write_site

from kbgen.cli import linear as linear_cli
from kbgen.cli import main

# Generous: the emulator runs graphql-core in this process, slow on a busy machine.
FAST = {"max_retries": 0, "timeout_seconds": 15, "page_size": 50}


@pytest.fixture
def emulator() -> Iterator[LinearEmulator]:
    with LinearEmulator(generate_workspace(), TEST_KEY) as running:
        yield running


def run(args: list[str], emulator: LinearEmulator | None, key: str | None = TEST_KEY) -> Result:
    env = {"LINEAR_API_KEY": key, "KBGEN_LINEAR_API_URL": emulator.url if emulator else None}
    return CliRunner().invoke(main, ["linear", *args], env=env)


def test_pull_writes_the_snapshot_and_prints_the_diff(
    tmp_path: Path, emulator: LinearEmulator
) -> None:
    """A first pull lists every item as added; nothing but warnings goes to stderr."""
    config = write_site(tmp_path, FAST)
    result = run(["pull", "--config", str(config)], emulator)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "linear-snapshot.json").exists()
    assert "Added (" in result.stdout and "public items" in result.stdout
    assert all(line.startswith("warning: ") for line in result.stderr.splitlines())
    assert "FIN-1" in result.stderr


def test_second_pull_reports_no_changes(tmp_path: Path, emulator: LinearEmulator) -> None:
    """Pulling twice without changes in Linear says so."""
    config = write_site(tmp_path, FAST)
    run(["pull", "--config", str(config)], emulator)
    result = run(["pull", "--config", str(config)], emulator)
    assert "No changes since the previous snapshot." in result.stdout


def test_pull_reports_moves(tmp_path: Path, emulator: LinearEmulator) -> None:
    """An item moving from Planned to In progress shows as moved."""
    config = write_site(tmp_path, FAST)
    run(["pull", "--config", str(config)], emulator)
    planned = next(i for i in emulator.workspace.issues if i.expect == "planned")
    planned.state_type = "started"
    result = run(["pull", "--config", str(config)], emulator)
    assert f"~ {planned.identifier}  Planned -> In progress" in result.stdout


def test_failed_pull_exits_1_and_keeps_the_snapshot(
    tmp_path: Path, emulator: LinearEmulator
) -> None:
    """Linear down: exit 1, one line, and the snapshot is byte-for-byte unchanged."""
    config = write_site(tmp_path, FAST)
    run(["pull", "--config", str(config)], emulator)
    snapshot = tmp_path / "data" / "linear-snapshot.json"
    before = snapshot.read_bytes()
    emulator.outage = Fault.http(503)
    result = run(["pull", "--config", str(config)], emulator)
    assert result.exit_code == 1
    assert "snapshot unchanged" in result.stderr and "Traceback" not in result.output
    assert snapshot.read_bytes() == before


def test_pull_without_key_names_the_variable(tmp_path: Path) -> None:
    """No LINEAR_API_KEY: exit 1 telling where to get one."""
    result = run(["pull", "--config", str(write_site(tmp_path, FAST))], None, key=None)
    assert result.exit_code == 1 and "LINEAR_API_KEY is not set" in result.stderr


def test_rejected_key_is_never_printed(tmp_path: Path, emulator: LinearEmulator) -> None:
    """A wrong key: exit 1 naming LINEAR_API_KEY; the key is not echoed."""
    wrong = "lin_api_WRONG1234567890abcdef"
    result = run(["pull", "--config", str(write_site(tmp_path, FAST))], emulator, key=wrong)
    assert result.exit_code == 1 and "LINEAR_API_KEY" in result.stderr
    assert wrong not in result.output


def test_pull_without_linear_section_is_an_error(tmp_path: Path) -> None:
    """A site without 'linear:' cannot be pulled for."""
    result = run(["pull", "--config", str(write_site(tmp_path))], None)
    assert result.exit_code == 1 and "no 'linear:' section" in result.stderr


def test_check_reports_key_labels_and_budget(tmp_path: Path, emulator: LinearEmulator) -> None:
    """check: key accepted, both labels found, look-alikes noted, rate limits shown."""
    result = run(["check", "--config", str(write_site(tmp_path, FAST))], emulator)
    assert result.exit_code == 0, result.output
    assert "Key: accepted (workspace: Tallyflow)" in result.stdout
    assert "Issue label 'Public': found" in result.stdout
    assert "Project label 'Public': found" in result.stdout
    assert "Note: 'public' is not 'Public'" in result.stdout
    assert "Rate limit requestLimit:" in result.stdout and "of 5,000 left" in result.stdout
    assert len(emulator.requests) == 1


def test_check_fails_when_the_label_is_missing(tmp_path: Path, emulator: LinearEmulator) -> None:
    """A public label that does not exist in Linear: exit 1 with what to create."""
    config = write_site(tmp_path, {**FAST, "public_label": "Roadmap"})
    result = run(["check", "--config", str(config)], emulator)
    assert result.exit_code == 1
    assert "Issue label 'Roadmap': missing: create an issue label named exactly" in result.stdout


@pytest.mark.parametrize("args", [[], ["pull"], ["check"]])
def test_help_has_examples_and_exit_codes(args: list[str]) -> None:
    """Every command documents examples and exit codes."""
    result = CliRunner().invoke(main, ["linear", *args, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "Exit codes:" in result.output


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Page progress is written to stderr when it is a TTY, and not otherwise."""
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert linear_cli._progress() is None
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    report = linear_cli._progress()
    assert report is not None
    report("issues", 3, 300)
    assert "Fetching issues: page 3, 300 items read" in terminal.getvalue()
