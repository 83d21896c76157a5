"""Content may not replace kbgen's own assets: ``check`` and ``build`` both refuse it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.content.shipped_assets import ShadowingError, shadows, shipped_assets
from kbgen.mkdocs.build import build_site
from kbgen.mkdocs.theme_layers import theme_dir
from tests.mkdocs.test_build_safety import copy_project

SHIPPED = shipped_assets(theme_dir())


def test_the_shipped_widget_and_styles_are_known() -> None:
    """The theme's static files are listed; its templates are not."""
    assert {"assets/kbgen/help-widget.js", "assets/kbgen/kbgen.css"} <= SHIPPED
    assert not [name for name in SHIPPED if name.endswith(".html")]


@pytest.mark.parametrize(
    ("rel_path", "reserved"),
    [
        ("assets/kbgen/help-widget.js", True),
        ("assets/kbgen/feedback.js", True),
        ("assets/kbgen/brand-new.js", True),
        ("assets/kbgen/sub/deep.css", True),
        ("Assets/KBGEN/help-widget.js", True),
        ("assets/kbgen-extra.js", False),
        ("assets/images/logo.png", False),
        ("help/assets/kbgen/help-widget.js", False),
        ("help-widget.js", False),
    ],
)
def test_reserved_paths(rel_path: str, reserved: bool) -> None:
    """Everything under assets/kbgen/ and every shipped file is reserved, in any case."""
    assert shadows(rel_path, SHIPPED) is reserved


SHADOWING = ["assets/kbgen/help-widget.js", "assets/kbgen/kbgen.css", "assets/kbgen/new.js"]


def add_file(config: Path, rel_path: str) -> Path:
    """Write a content file at ``rel_path``."""
    path = config.parent / "content" / rel_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("alert('replaced')\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("rel_path", SHADOWING)
def test_build_fails_naming_the_shadowing_file(tmp_path: Path, rel_path: str) -> None:
    """A content file at a reserved path fails the build with its path."""
    config = copy_project(tmp_path / "proj")
    path = add_file(config, rel_path)
    with pytest.raises(ShadowingError, match=re.escape(str(path))):
        build_site(config)


@pytest.mark.parametrize("rel_path", SHADOWING)
def test_check_fails_naming_the_shadowing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rel_path: str
) -> None:
    """``kbgen check`` reports the same file as ``path: message`` and exits 1."""
    copy_project(tmp_path / "proj")
    add_file(tmp_path / "proj" / "site_config.yml", rel_path)
    monkeypatch.chdir(tmp_path / "proj")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert f"content/{rel_path}: " in result.stdout
    assert "reserved" in result.stdout or "would replace" in result.stdout


def test_check_of_a_sub_folder_sees_shadowing_below_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``kbgen check content/assets`` finds the file too; ``check content/help`` does not."""
    config = copy_project(tmp_path / "proj")
    add_file(config, "assets/kbgen/help-widget.js")
    monkeypatch.chdir(tmp_path / "proj")
    assert CliRunner().invoke(main, ["check", "content/assets"]).exit_code == 1
    assert CliRunner().invoke(main, ["check", "content/help"]).exit_code == 0


def test_all_shadowing_files_are_reported_at_once(tmp_path: Path) -> None:
    """Every reserved file is named in one error."""
    config = copy_project(tmp_path / "proj")
    for rel_path in SHADOWING:
        add_file(config, rel_path)
    with pytest.raises(ShadowingError) as raised:
        build_site(config)
    assert len(raised.value.problems) == len(SHADOWING)


def test_files_in_unpublished_folders_do_not_shadow(tmp_path: Path) -> None:
    """``_drafts/assets/kbgen/...`` is not published, so it replaces nothing."""
    config = copy_project(tmp_path / "proj")
    add_file(config, "_drafts/assets/kbgen/help-widget.js")
    site = build_site(config)
    assert "alert('replaced')" not in (site / "assets/kbgen/help-widget.js").read_text("utf-8")
