"""Builds that cannot finish (read-only, full, killed) and the permissions of a site."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kbgen.content.shipped_assets import ShadowingError
from kbgen.errors import BuildError
from kbgen.mkdocs.build import build_site
from kbgen.mkdocs.site_dir import MARKER
from tests.mkdocs.test_build_safety import copy_project, tree

KBGEN = [sys.executable, "-m", "kbgen"]
# Root ignores file permissions; without these capabilities it is held to them like anyone.
AS_ORDINARY_USER = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    if os.geteuid() == 0
    else []
)


def run_kbgen(
    *args: str, cwd: Path, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a child process."""
    return subprocess.run(
        [*KBGEN, *args], cwd=cwd, capture_output=True, text=True, timeout=120, preexec_fn=preexec
    )


def building_folders(folder: Path) -> list[Path]:
    """kbgen build folders left in ``folder``."""
    return [path for path in folder.iterdir() if "-building-" in path.name]


def assert_one_error_line(result: subprocess.CompletedProcess[str], text: str) -> None:
    """Exit 1 and a single ``Error: ...`` line containing ``text``, no traceback."""
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert text in lines[0]


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write into."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def test_unwritable_site_parent_is_one_line(tmp_path: Path, read_only: Path) -> None:
    """A site folder kbgen may not create gives one clear line and exit 1."""
    copy_project(tmp_path / "proj")
    result = subprocess.run(
        [*AS_ORDINARY_USER, *KBGEN, "build", "--site-dir", str(read_only / "site")],
        cwd=tmp_path / "proj", capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert_one_error_line(result, f"site folder {read_only / 'site'}: cannot write there")
    assert "Permission denied" in result.stderr
    assert list(read_only.iterdir()) == []


def test_unwritable_existing_site_is_left_in_place(tmp_path: Path) -> None:
    """When the site's folder turns read-only, the old site stays and the error is one line."""
    config = copy_project(tmp_path / "proj")
    public = tmp_path / "public"
    public.mkdir()
    site = build_site(config, public / "site")
    before = tree(site)
    public.chmod(0o555)
    try:
        result = subprocess.run(
            [*AS_ORDINARY_USER, *KBGEN, "build", "--site-dir", str(site)],
            cwd=tmp_path / "proj", capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        public.chmod(0o755)
    assert_one_error_line(result, "cannot write there: Permission denied")
    assert tree(site) == before


def test_site_dir_below_a_file_is_one_line(tmp_path: Path) -> None:
    """A site folder whose parent is a regular file is an error, not a traceback."""
    config = copy_project(tmp_path / "proj")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(BuildError, match=r"cannot write there: .*a-file is not a folder"):
        build_site(config, tmp_path / "a-file" / "site")


def small_disk() -> None:
    """In the child: files may not grow past 64 KB, as on a nearly full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_full_disk_keeps_the_previous_site(tmp_path: Path) -> None:
    """Running out of space mid-build: one line, exit 1, old site intact, no leftovers."""
    config = copy_project(tmp_path / "proj")
    site = build_site(config)
    before = tree(site)
    result = run_kbgen("build", "-q", cwd=tmp_path / "proj", preexec=small_disk)
    assert_one_error_line(result, "build failed: cannot write")
    assert "(the previous site is left in place)" in result.stderr
    assert "File too large" in result.stderr
    assert tree(site) == before
    assert building_folders(config.parent) == []


def test_killed_build_leaves_a_folder_the_next_build_removes(tmp_path: Path) -> None:
    """SIGKILL mid-build leaves ``.site-building-*``; the next build cleans it up."""
    config = copy_project(tmp_path / "proj")
    article = (config.parent / "content/help/reset-password.md").read_text(encoding="utf-8")
    for number in range(150):
        (config.parent / f"content/help/copy-{number}.md").write_text(article, encoding="utf-8")
    child = subprocess.Popen([*KBGEN, "build", "-q"], cwd=config.parent)
    try:
        deadline = time.monotonic() + 60
        while not any(p.is_dir() and any(p.iterdir()) for p in building_folders(config.parent)):
            assert child.poll() is None and time.monotonic() < deadline, "build ended first"
            time.sleep(0.01)
    finally:
        child.kill()
        child.wait()
    assert len(building_folders(config.parent)) == 1
    site = build_site(config)
    assert building_folders(config.parent) == []
    assert (site / "help/copy-149/index.html").is_file()


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_site_folder_gets_normal_permissions(tmp_path: Path, umask: int) -> None:
    """A new site folder has the mode any new folder has under the umask (not 0700)."""
    config = copy_project(tmp_path / "proj")
    previous = os.umask(umask)
    try:
        site = build_site(config)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(site.stat().st_mode) == 0o777 & ~umask
    assert stat.S_IMODE((site / "index.html").stat().st_mode) == 0o666 & ~umask


def test_rebuild_keeps_the_site_folder_permissions(tmp_path: Path) -> None:
    """A site folder the owner set to 0750 stays 0750 after the next build."""
    config = copy_project(tmp_path / "proj")
    site = build_site(config)
    site.chmod(0o750)
    build_site(config)
    assert stat.S_IMODE(site.stat().st_mode) == 0o750
    assert (site / MARKER).is_file()


def test_failed_build_leaves_no_half_written_site(tmp_path: Path) -> None:
    """A build failing on a shadowed asset leaves no site and no build folder behind."""
    config = copy_project(tmp_path / "proj")
    widget = config.parent / "content/assets/kbgen/help-widget.js"
    widget.parent.mkdir(parents=True)
    widget.write_text("alert('not ours')\n", encoding="utf-8")
    with pytest.raises(ShadowingError, match=r"help-widget\.js"):
        build_site(config)
    assert not (config.parent / "site").exists()
    assert building_folders(config.parent) == []
    shutil.rmtree(widget.parent.parent)
    assert (build_site(config) / "index.html").is_file()
