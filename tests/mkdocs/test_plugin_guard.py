"""No silent loss: a build in which kbgen's plugin did not run is refused by build and check."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as load_mkdocs_config

from kbgen.config.build import ENGINES
from kbgen.mkdocs.engine import ENGINE_VARIABLE, engine_version
from kbgen.mkdocs.plugin_ran import RAN_MARKER, PluginDidNotRun, take_proof
from tests.mkdocs.test_build_safety import copy_project

IMPOSTOR = '''\
"""A plugin that registers itself under the name "kbgen" and does nothing."""
from mkdocs.plugins import BasePlugin


class ImpostorPlugin(BasePlugin):
    pass
'''
PLUGIN_CONFIGS = {
    "no plugins": "",
    "other plugins only": "plugins:\n  - tags\n",
    "kbgen disabled": "plugins:\n  - kbgen:\n      enabled: false\n",
}


def hand_made_site(root: Path, plugins: str) -> Path:
    """Build a hand-made mkdocs.yml site (Material, one page) into ``root/out``; return it."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\nHello.\n", encoding="utf-8")
    (root / "site_config.yml").write_text("site_name: Hand made\ndocs_dir: docs\n")
    (root / "mkdocs.yml").write_text(
        f"site_name: Hand made\ntheme:\n  name: material\n{plugins}", encoding="utf-8"
    )
    config = load_mkdocs_config(str(root / "mkdocs.yml"), site_dir=str(root / "out"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    return root / "out"


@pytest.mark.parametrize("plugins", PLUGIN_CONFIGS.values(), ids=PLUGIN_CONFIGS.keys())
def test_site_built_without_the_plugin_is_refused(tmp_path: Path, plugins: str) -> None:
    """A real build whose config lacks (or disables) kbgen's plugin fails the proof, in one line."""
    site = hand_made_site(tmp_path, plugins)
    with pytest.raises(PluginDidNotRun) as error:
        take_proof(site, engine_version())
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("build refused: kbgen's plugin did not run under ")


def test_site_built_with_the_plugin_passes_and_loses_the_marker(tmp_path: Path) -> None:
    """The same hand-made config with kbgen's plugin passes; the marker is not published."""
    plugins = f"plugins:\n  - kbgen:\n      config_file: {tmp_path / 'site_config.yml'}\n"
    site = hand_made_site(tmp_path, plugins)
    assert (site / RAN_MARKER).is_file()
    take_proof(site, engine_version())
    assert not (site / RAN_MARKER).exists()


def test_kbgen_build_publishes_no_marker(tmp_path: Path) -> None:
    """What ``kbgen build`` swaps in holds no trace of the proof."""
    from kbgen.mkdocs.build import build_site

    config = copy_project(tmp_path / "proj")
    site = build_site(config)
    assert (site / "index.html").is_file()
    assert not (site / RAN_MARKER).exists()


@pytest.fixture(scope="module")
def impostor_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An installed package (module + dist-info) that registers another ``kbgen`` plugin."""
    root = tmp_path_factory.mktemp("impostor")
    (root / "kbgen_impostor.py").write_text(IMPOSTOR, encoding="utf-8")
    info = root / "kbgen_impostor-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kbgen-impostor\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        textwrap.dedent("""\
            [mkdocs.plugins]
            kbgen = kbgen_impostor:ImpostorPlugin

            [properdocs.plugins]
            kbgen = kbgen_impostor:ImpostorPlugin
            """)
    )
    return root


def run_with_impostor(
    impostor: Path, project: Path, engine: str, command: str
) -> subprocess.CompletedProcess[str]:
    """``kbgen COMMAND`` on ``engine`` in a process where the impostor is installed last, so
    its ``kbgen`` entry point is the one the engine loads."""
    bootstrap = (
        f"import sys, runpy; sys.path.append({str(impostor)!r}); "
        "runpy.run_module('kbgen', run_name='__main__')"
    )
    env = {**os.environ, ENGINE_VARIABLE: engine}
    return subprocess.run(
        [sys.executable, "-c", bootstrap, command],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_build_refuses_when_another_plugin_takes_the_name(
    tmp_path: Path, impostor_path: Path, engine: str
) -> None:
    """``kbgen build`` with the plugin replaced fails in one line and writes no site."""
    copy_project(tmp_path / "proj")
    result = run_with_impostor(impostor_path, tmp_path / "proj", engine, "build")
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: build refused: kbgen's plugin did not run under ")
    assert last.endswith("(no site was written)")
    assert not (tmp_path / "proj" / "site").exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_check_reports_when_another_plugin_takes_the_name(
    tmp_path: Path, impostor_path: Path, engine: str
) -> None:
    """``kbgen check`` names the config and what ``plugins: kbgen`` would load, and exits 1."""
    config = copy_project(tmp_path / "proj")
    result = run_with_impostor(impostor_path, tmp_path / "proj", engine, "check")
    assert result.returncode == 1
    assert (
        f"{config.name}: kbgen's plugin would not run under " in result.stdout
        and "'plugins: kbgen' loads kbgen_impostor (another package registers the name)"
        in result.stdout
    ), result.stdout


def test_check_passes_when_the_plugin_loads(tmp_path: Path) -> None:
    """Without an impostor the same project checks clean: the guard is not always on."""
    copy_project(tmp_path / "proj")
    result = subprocess.run(
        [sys.executable, "-m", "kbgen", "check"],
        cwd=tmp_path / "proj", capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "plugin" not in result.stdout
