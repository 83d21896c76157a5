"""Every file a Linear pull writes (snapshot, link data, history) goes through the path policy
at the moment it is written, not only when the config is loaded: a link or folder swapped in
since (``data -> content``, ``data/linear-links.json -> ../site_config.yml``) is refused with
one line and no source changes (issue 17, item 2)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from linear_emulator import NOW, TEST_KEY, LinearEmulator, generate_workspace
from linear_emulator.sites import write_site

from kbgen.config import load_config
from kbgen.linear.client import LinearClient
from kbgen.linear.refresh import refresh_linear_data
from kbgen.linear_data.history import HistoryFile, PullRecord, append_history
from kbgen.linear_data.link_data import make_link_data, write_link_data
from kbgen.linear_data.snapshot import Snapshot, write_snapshot
from kbgen.paths import Sources, UnsafePathError

FAST = {"max_retries": 0, "timeout_seconds": 5, "page_size": 50}
ARTICLE = "---\ntitle: Keep me\n---\nThe article.\n"


@pytest.fixture(scope="module")
def emulator() -> Iterator[LinearEmulator]:
    with LinearEmulator(generate_workspace(), TEST_KEY) as running:
        yield running


def make_project(root: Path) -> Path:
    """A site with a Linear section, one article and overrides; the config path."""
    config = write_site(root, FAST)
    (root / "content" / "cat").mkdir()
    (root / "content" / "cat" / "good.md").write_text(ARTICLE, "utf-8")
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n", "utf-8")
    (root / "data").mkdir()
    return config


def swap_folder_into_content(root: Path) -> None:
    (root / "data").rmdir()
    (root / "data").symlink_to("content/cat")


def swap_folder_into_overrides(root: Path) -> None:
    (root / "data").rmdir()
    (root / "data").symlink_to("overrides")


def link_file(name: str, target: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / "data" / name).symlink_to(target)

    return make


SWAPS = {
    "data-folder-into-content": swap_folder_into_content,
    "data-folder-into-overrides": swap_folder_into_overrides,
    "snapshot-link-to-article": link_file("linear-snapshot.json", "../content/cat/good.md"),
    "links-link-to-config": link_file("linear-links.json", "../site_config.yml"),
    "history-link-to-override": link_file("roadmap-history.json", "../overrides/main.html"),
    "links-dangling-link-into-content": link_file("linear-links.json", "../content/cat/new.md"),
}


def source_bytes(root: Path) -> dict[str, bytes]:
    """Every byte of the sources (config, content, overrides)."""
    found = {"site_config.yml": (root / "site_config.yml").read_bytes()}
    for folder in ("content", "overrides"):
        for path in (root / folder).rglob("*"):
            if path.is_file():
                found[str(path.relative_to(root))] = path.read_bytes()
    return found


@pytest.mark.parametrize("swap", list(SWAPS), ids=list(SWAPS))
def test_a_link_swapped_in_after_the_config_loaded_is_refused_at_the_write(
    tmp_path: Path, emulator: LinearEmulator, swap: str
) -> None:
    """The config passed; a link made since turns a data file into a source: the pull is
    refused (reading or writing it) with one line naming the file, and no source (nor
    anything behind it) changes."""
    site = load_config(make_project(tmp_path))
    assert site.linear is not None
    settings = replace(site.linear, api_url=emulator.url)
    SWAPS[swap](tmp_path)
    before = source_bytes(tmp_path)
    client = LinearClient(TEST_KEY, emulator.url, timeout=5, max_retries=0)
    with client, pytest.raises(UnsafePathError, match=r"refusing to (read|write)") as raised:
        refresh_linear_data(client, settings, site.sources, [], now=NOW)
    assert "\n" not in str(raised.value)
    assert source_bytes(tmp_path) == before
    assert not (tmp_path / "content" / "cat" / "new.md").exists()


def test_the_writers_refuse_a_source_or_a_path_outside_the_project(tmp_path: Path) -> None:
    """``write_snapshot``, ``append_history`` and ``write_link_data`` with the project's
    sources: a file in the content folder, the config file or a file outside the project
    is refused, unchanged."""
    make_project(tmp_path / "proj")
    root = tmp_path / "proj"
    sources = Sources(root / "site_config.yml", root / "content", root / "overrides")
    snapshot = Snapshot(datetime(2026, 1, 1, tzinfo=timezone.utc), ())
    pulls = (PullRecord(snapshot.generated_at, 1),)  # a change: the history is written
    (tmp_path / "outside.json").write_text("{}\n", "utf-8")
    for target in (
        root / "content" / "cat" / "good.md",
        root / "site_config.yml",
        root / "overrides" / "main.html",
        tmp_path / "outside.json",
        root / "data" / ".." / ".." / "outside.json",
    ):
        before = target.read_bytes()
        with pytest.raises(UnsafePathError):
            write_snapshot(target, snapshot, sources)
        with pytest.raises(UnsafePathError):
            append_history(target, [], existing=HistoryFile(), pulls=pulls, sources=sources)
        with pytest.raises(UnsafePathError):
            write_link_data(target, make_link_data(snapshot.generated_at, []), sources)
        assert target.read_bytes() == before, target
    write_snapshot(root / "data" / "linear-snapshot.json", snapshot, sources)
    append_history(
        root / "data" / "h.json", [], existing=HistoryFile(), pulls=pulls, sources=sources
    )
    assert os.path.isfile(root / "data" / "linear-snapshot.json")
    assert os.path.isfile(root / "data" / "h.json")
