"""search: in site_config.yml through the CLI: check and build judge it the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main

BAD = "site_name: Help\nsearch:\n  semantic: maybe\n  synonyms:\n    - [refund]\n    - 3\n"


@pytest.mark.parametrize("command", [["check"], ["build"]])
def test_bad_search_settings_fail_check_and_build_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """Every bad search value is one site_config.yml:line line naming the key; no traceback."""
    (tmp_path / "content").mkdir()
    config = tmp_path / "site_config.yml"
    config.write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1
    assert f"{config}:3: 'search.semantic' must be true or false" in result.output
    assert f"{config}:5: 'search.synonyms[0]' must list at least two" in result.output
    assert f"{config}:6: 'search.synonyms[1]' must be a list of terms" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()
