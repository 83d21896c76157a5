"""The reusable action (action.yml): its run step gives the same result as the CLI.

The composite step's script is run with bash as the runner would, against the kbgen
installed in this venv (the action installs it from its own checkout the same way).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import article

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def step(name: str) -> dict:
    """The composite step called ``name``."""
    (found,) = [s for s in ACTION["runs"]["steps"] if s.get("name") == name]
    return found


def run_action(site: Path, command: str, args: str = "") -> subprocess.CompletedProcess[str]:
    """Run the action's `Run kbgen` script with its inputs in the environment."""
    env = {**os.environ, "KBGEN_COMMAND": command, "KBGEN_ARGS": args}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step("Run kbgen")["run"]],
        cwd=site, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture
def site(make_site) -> Path:
    """A site with one good and one owner-less article."""
    config = make_site(
        {
            "help/ok.md": article("Fine"),
            "help/no-owner.md": "---\ntitle: No owner\nlast_reviewed: 2026-01-05\n---\n\nText.\n",
        }
    )
    return config.parent


def test_inputs_and_defaults() -> None:
    """Inputs command (default check) and args (default empty), as the README shows."""
    inputs = ACTION["inputs"]
    assert inputs["command"]["default"] == "check" and inputs["args"]["default"] == ""
    install = step("Install kbgen")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert 'pip install --quiet "$ACTION_PATH"' in install["run"]


def test_check_defaults_to_github_annotations(site: Path) -> None:
    """`command: check` alone prints ::error annotations and fails like the CLI (exit 1)."""
    result = run_action(site, "check")
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=content/help/no-owner.md,line=1::missing owner")


def test_check_keeps_a_format_the_user_gave(site: Path) -> None:
    """args with --format: no second --format is added."""
    result = run_action(site, "check", "--format text content/help")
    assert result.returncode == 1
    assert "no-owner.md:1: missing owner" in result.stdout and "::error" not in result.stdout


def test_stale_and_build_pass_args_through(site: Path) -> None:
    """stale and build run with the args split on spaces, exactly as on the command line."""
    stale = run_action(site, "stale", "--format csv --status invalid")
    assert stale.returncode == 0, stale.stderr
    assert stale.stdout.splitlines()[1].startswith("help/no-owner.md,No owner,,")
    build = run_action(site, "build", "--site-dir out")
    assert build.returncode == 0, build.stderr
    assert (site / "out/help/ok/index.html").is_file()


def test_unknown_command_is_refused(site: Path) -> None:
    """Anything but build, check or stale is an ::error and exit 2; nothing runs."""
    result = run_action(site, "serve")
    assert result.returncode == 2
    assert result.stdout == (
        "::error title=kbgen action::command must be build, check or stale, got 'serve'\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        "--format csv\n--status invalid",
        "--format csv\r\n--status invalid\n",
        "\n  --format csv\t--status\n\n invalid  \n",
        "--format=csv\n--status=invalid",
    ],
)
def test_every_line_of_args_is_passed(site: Path, args: str) -> None:
    """A multi-line args (YAML `args: |`) passes every line, split on any whitespace."""
    result = run_action(site, "stale", args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("help/no-owner.md,No owner,,")
    assert len(result.stdout.splitlines()) == 2  # --status invalid on a later line applied


def test_format_on_a_later_line_is_kept_for_check(site: Path) -> None:
    """`--format text` on line 2 is the user's format: no --format github is added."""
    result = run_action(site, "check", "content/help\n--format text")
    assert result.returncode == 1
    assert "no-owner.md:1: missing owner" in result.stdout and "::error" not in result.stdout


def test_strict_on_a_second_line_is_not_dropped(site: Path) -> None:
    """`--site-dir out` then `--strict` on the next line: build runs strict (fails on a warning)."""
    (site / "content/help/broken.md").write_text(
        "---\ntitle: Broken\nowner: ann\nlast_reviewed: 2026-01-05\n---\n\n[x](missing.md)\n",
        encoding="utf-8",
    )
    lenient = run_action(site, "build", "--site-dir out")
    strict = run_action(site, "build", "--site-dir out\n--strict")
    assert lenient.returncode == 0, lenient.stderr
    assert strict.returncode == 1


@pytest.mark.parametrize(
    "hostile",
    ["$(touch pwned)", "`touch pwned`", "; touch pwned", "&& touch pwned", "| touch pwned", "*"],
)
def test_args_are_never_run_by_the_shell(site: Path, hostile: str) -> None:
    """Shell syntax in args reaches kbgen as plain words: nothing is executed or globbed."""
    result = run_action(site, "stale", f"--format csv\n{hostile}")
    assert not (site / "pwned").exists()
    assert result.returncode != 0  # kbgen itself refuses the unknown path or argument
    assert "Traceback" not in result.stderr
