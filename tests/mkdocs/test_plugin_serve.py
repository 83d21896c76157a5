"""The plugin in ``serve``: rebuilds read the snapshot and never talk to Linear."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from linear_emulator import TEST_KEY, LinearEmulator, generate_workspace
from linear_emulator.sites import write_site
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as load_mkdocs_config

from kbgen.mkdocs.config_builder import GeneratedConfigFile

SNAPSHOT = Path(__file__).parents[2] / "data" / "linear-snapshot.json"


@pytest.fixture
def emulator() -> Iterator[LinearEmulator]:
    with LinearEmulator(generate_workspace(), TEST_KEY) as running:
        yield running


def build_as(command: str, config: Path, site_dir: Path) -> None:
    """One MkDocs build with the plugin told it runs under ``command`` (as MkDocs does)."""
    mkdocs_config = load_mkdocs_config(GeneratedConfigFile(config), site_dir=str(site_dir))
    mkdocs_config.plugins.on_startup(command=command, dirty=False)
    try:
        mkdocs_build(mkdocs_config)
    finally:
        mkdocs_config.plugins.on_shutdown()


def test_serve_rebuilds_use_the_snapshot_even_with_a_key(
    tmp_path: Path, emulator: LinearEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With LINEAR_API_KEY set, serve rebuilds send no request and leave the snapshot as is."""
    (tmp_path / "data").mkdir()
    shutil.copy(SNAPSHOT, tmp_path / "data" / "linear-snapshot.json")
    before = (tmp_path / "data" / "linear-snapshot.json").read_bytes()
    config = write_site(tmp_path, {"max_retries": 0, "timeout_seconds": 2})
    monkeypatch.setenv("LINEAR_API_KEY", TEST_KEY)
    monkeypatch.setenv("KBGEN_LINEAR_API_URL", emulator.url)
    for _ in range(3):
        build_as("serve", config, tmp_path / "preview")
    assert emulator.requests == []
    assert (tmp_path / "data" / "linear-snapshot.json").read_bytes() == before
    assert (tmp_path / "preview" / "roadmap" / "index.html").is_file()


def test_a_build_with_a_key_does_pull(
    tmp_path: Path, emulator: LinearEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same site built (not served) pulls from Linear: the guard is serve-only."""
    config = write_site(tmp_path, {"max_retries": 0, "timeout_seconds": 2})
    monkeypatch.setenv("LINEAR_API_KEY", TEST_KEY)
    monkeypatch.setenv("KBGEN_LINEAR_API_URL", emulator.url)
    build_as("build", config, tmp_path / "out")
    assert emulator.valid_requests
    assert (tmp_path / "data" / "linear-snapshot.json").is_file()


def test_a_disabled_plugin_adds_nothing(tmp_path: Path) -> None:
    """``enabled: false`` makes every event a no-op: no generated pages, no exports."""
    config = write_site(tmp_path)
    (tmp_path / "content" / "a.md").write_text("# A\n", encoding="utf-8")
    stream = GeneratedConfigFile(config)
    mkdocs_config = load_mkdocs_config(stream, site_dir=str(tmp_path / "out"))
    mkdocs_config.plugins["kbgen"].config.enabled = False
    mkdocs_build(mkdocs_config)
    assert (tmp_path / "out" / "a" / "index.html").is_file()
    assert not (tmp_path / "out" / "api" / "articles.json").exists()
