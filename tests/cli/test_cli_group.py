"""One error translation for every command: one line, the same exit code for the same cause."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from tests.conftest import article

COMMANDS_NEEDING_CONFIG = [
    ["build"],
    ["check"],
    ["stale"],
    ["serve"],
    ["new", "Reset your password", "--category", "account"],
    ["linear", "pull"],
    ["linear", "check"],
]


@pytest.mark.parametrize("args", COMMANDS_NEEDING_CONFIG, ids=" ".join)
def test_missing_site_config_exits_2_from_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """No site_config.yml: one line naming the file, exit 2, whatever the command."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "site_config.yml: config file not found" in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) <= 3


def test_serve_on_a_busy_port_is_one_line(make_site, monkeypatch: pytest.MonkeyPatch) -> None:
    """A port already in use is one clear line and exit 1, not a traceback."""
    config = make_site({"help/a.md": article("A")})
    monkeypatch.chdir(config.parent)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--dev-addr", f"127.0.0.1:{port}"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: cannot serve on 127.0.0.1:{port}: Address already in use"]
    assert "Traceback" not in result.output
