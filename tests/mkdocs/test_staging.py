"""Build folders and the swap: atomic for readers, stale folders removed, nothing else."""

from __future__ import annotations

import fcntl
import os
import tempfile
import threading
from pathlib import Path

import pytest

from kbgen.atomic import exchange_paths
from kbgen.mkdocs.build import build_site
from kbgen.mkdocs.staging import (
    is_staging_name,
    remove_stale_staging,
    replace_by_renames,
    staging_dir,
    swap_in,
)
from tests.mkdocs.test_build_safety import copy_project


@pytest.mark.parametrize(
    ("name", "ours"),
    [
        (".site-building-abc123_z", True),
        (".site-old-k2j4h5g6", True),
        (".site-building-abc123_z.old", True),
        (".site-building-short", False),
        (".site-building-abc123_zz", False),
        (".public-building-abc123_z", False),
        ("site-building-abc123_z", False),
        (".site-building-ABC123_Z", False),
        (".site-buildingabc123_z", False),
    ],
)
def test_only_names_kbgen_gives_count_as_build_folders(name: str, ours: bool) -> None:
    """Cleanup only ever touches ``.<site>-building-XXXXXXXX`` folders of that site."""
    assert is_staging_name(name, "site") is ours


def make_tree(folder: Path, text: str) -> Path:
    """A folder with an index.html holding ``text``."""
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    return folder


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    """renameat2(RENAME_EXCHANGE) swaps the names of two existing folders."""
    first, second = make_tree(tmp_path / "a", "A"), make_tree(tmp_path / "b", "B")
    assert exchange_paths(first, second)
    assert (first / "index.html").read_text() == "B"
    assert (second / "index.html").read_text() == "A"


def test_exchange_of_a_missing_path_is_an_os_error(tmp_path: Path) -> None:
    """A missing path is a real error, not a silent fallback."""
    with pytest.raises(FileNotFoundError):
        exchange_paths(make_tree(tmp_path / "a", "A"), tmp_path / "missing")


def test_fallback_renames_put_new_in_place_and_old_at_staging(tmp_path: Path) -> None:
    """The two-rename fallback ends in the same state as the exchange."""
    staging, target = make_tree(tmp_path / "new", "new"), make_tree(tmp_path / "site", "old")
    replace_by_renames(staging, target)
    assert (target / "index.html").read_text() == "new"
    assert (staging / "index.html").read_text() == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["new", "site"]


def test_first_build_is_a_plain_rename(tmp_path: Path) -> None:
    """Without an old site the build folder simply becomes the site."""
    staging = make_tree(tmp_path / "new", "new")
    swap_in(staging, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "new"
    assert not staging.exists()


class IndexReader(threading.Thread):
    """Reads ``site/index.html`` in a loop, counting reads and misses, until stopped."""

    def __init__(self, site: Path) -> None:
        super().__init__(daemon=True)
        self.index = site / "index.html"
        self.stop = threading.Event()
        self.reads = 0
        self.misses: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                text = self.index.read_text(encoding="utf-8")
            except OSError as error:
                self.misses.append(repr(error))
                continue
            if "</html>" not in text:
                self.misses.append(f"partial file: {text[-40:]!r}")
            self.reads += 1


def test_readers_never_miss_index_html_during_swaps(tmp_path: Path) -> None:
    """A reader polling throughout 300 swaps always finds a complete index.html."""
    site = make_tree(tmp_path / "site", "<html>version 0</html>")
    reader = IndexReader(site)
    reader.start()
    try:
        for version in range(1, 301):
            with staging_dir(site) as staging:
                make_tree(staging, f"<html>version {version}</html>")
                swap_in(staging, site)
    finally:
        reader.stop.set()
        reader.join()
    assert reader.misses == []
    assert reader.reads > 300
    assert (site / "index.html").read_text() == "<html>version 300</html>"


def test_readers_never_miss_index_html_during_real_builds(tmp_path: Path) -> None:
    """The same holds for real builds replacing a real site, three times over."""
    config = copy_project(tmp_path / "proj")
    site = build_site(config)
    reader = IndexReader(site)
    reader.start()
    try:
        for _ in range(3):
            build_site(config)
    finally:
        reader.stop.set()
        reader.join()
    assert reader.misses == []
    assert reader.reads > 0


def hold_lock(folder: Path) -> int:
    """Lock ``folder`` the way a running build does; return the descriptor."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    return descriptor


def test_stale_build_folders_go_and_everything_else_stays(tmp_path: Path) -> None:
    """Unlocked ``.site-building-*`` folders are removed; locked, foreign and linked stay."""
    site = make_tree(tmp_path / "site", "<html></html>")
    stale = Path(tempfile.mkdtemp(prefix=".site-building-", dir=tmp_path))
    (stale / "index.html").write_text("killed build", encoding="utf-8")
    legacy = Path(tempfile.mkdtemp(prefix=".site-old-", dir=tmp_path))
    running = Path(tempfile.mkdtemp(prefix=".site-building-", dir=tmp_path))
    other_site = Path(tempfile.mkdtemp(prefix=".public-building-", dir=tmp_path))
    precious = make_tree(tmp_path / "precious", "keep")
    (tmp_path / ".site-building-linked01").symlink_to(precious)
    lock = hold_lock(running)
    try:
        removed = remove_stale_staging(site)
    finally:
        os.close(lock)
    assert sorted(removed) == sorted([stale, legacy])
    assert running.is_dir() and other_site.is_dir() and site.is_dir()
    assert (precious / "index.html").read_text() == "keep"


def test_build_folder_is_removed_after_use(tmp_path: Path) -> None:
    """A build folder exists only while the build runs."""
    with staging_dir(tmp_path / "site") as staging:
        assert staging.is_dir() and is_staging_name(staging.name, "site")
    assert not staging.exists()
