"""``kbgen build`` never replaces sources: real builds of a tiny project in tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.errors import BuildError
from kbgen.mkdocs.build import build_site
from kbgen.mkdocs.site_dir import MARKER, SiteDirError
from tests.conftest import FIXTURES

TINY_PROJECT = FIXTURES / "tiny-project"


def copy_project(destination: Path) -> Path:
    """Copy the two-article project to ``destination``; return its config file."""
    shutil.copytree(TINY_PROJECT, destination)
    return destination / "site_config.yml"


def tree(root: Path) -> dict[str, str | bytes]:
    """Every path below ``root`` with its bytes (files) or link target (symlinks)."""
    found: dict[str, str | bytes] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = f"-> {os.readlink(path)}"
            elif path.is_file():
                found[key] = path.read_bytes()
            else:
                found[key] = "dir"
    return found


def kbgen(*args: str, home: Path) -> tuple[int, str]:
    """Run the CLI in-process with HOME set; return the exit code and all output."""
    result = CliRunner().invoke(main, list(args), env={"HOME": str(home)})
    return result.exit_code, result.output


@pytest.fixture
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/home/proj: the project (cwd) with an unmarked notes/ folder and symlinks out."""
    project = tmp_path / "home" / "proj"
    copy_project(project)
    (project / "notes").mkdir()
    (project / "notes" / "todo.md").write_text("Do not delete.\n", encoding="utf-8")
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n", "utf-8")
    links = {"content": "content", "root": ".", "slash": "/", "home": "..", "notes": "notes"}
    links["overrides"] = "overrides"
    for name, target in links.items():
        (project / f"link-{name}").symlink_to(target, target_is_directory=True)
    monkeypatch.chdir(project)
    return project


REFUSED = {
    "content": "it is the content folder",
    ".": "it is the project root",
    "/": "it is the file system root",
    "HOME": "it is the home folder",
    "..": "it is the home folder",
    "../..": "it contains the content folder",
    "content/help": "it is inside the content folder",
    "content/help/site": "it is inside the content folder",
    "overrides": "it is the overrides folder",
    "notes": f"no {MARKER} file in it",
    "link-content": "it is the content folder",
    "link-root": "it is the project root",
    "link-slash": "it is the file system root",
    "link-home": "it is the home folder",
    "link-notes": f"no {MARKER} file in it",
    "link-overrides": "it is the overrides folder",
}


@pytest.mark.parametrize(("site_dir", "reason"), REFUSED.items(), ids=list(REFUSED))
def test_build_refuses_site_dirs_over_sources(layout: Path, site_dir: str, reason: str) -> None:
    """Exit 1, one line naming the reason, and not one byte written anywhere."""
    home = layout.parent
    before = tree(home.parent)
    given = str(home) if site_dir == "HOME" else site_dir
    code, output = kbgen("build", "--site-dir", given, home=home)
    assert code == 1
    assert output.count("\n") == 1, output
    assert output.startswith("Error: site folder ") and reason in output
    assert tree(home.parent) == before
    assert not [name for name in os.listdir("/") if "-building-" in name]


@pytest.mark.parametrize(("site_dir", "reason"), [(".", "project root"), ("docs", "config")])
def test_git_project_root_and_config_folder_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site_dir: str, reason: str
) -> None:
    """With the config in a sub folder of a git work tree, both folders are protected."""
    project = tmp_path / "repo"
    project.mkdir()
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    config = copy_project(project / "docs")
    monkeypatch.chdir(project)
    before = tree(project)
    code, output = kbgen("build", "--config", str(config), "--site-dir", site_dir, home=tmp_path)
    assert code == 1 and reason in output
    assert tree(project) == before


@pytest.mark.parametrize("site_dir", ["content", ".", "notes", "link-content"])
def test_build_site_refuses_the_same_folders(layout: Path, site_dir: str) -> None:
    """The guard is in build_site itself, so programmatic builds are covered too."""
    before = tree(layout)
    with pytest.raises(SiteDirError, match="refusing to build there"):
        build_site(layout / "site_config.yml", Path(site_dir))
    assert tree(layout) == before


def test_every_site_carries_the_marker_and_can_be_rebuilt(tmp_path: Path) -> None:
    """A built site has the marker, so the next build may replace it (old files go)."""
    config = copy_project(tmp_path / "proj")
    site = build_site(config)
    assert site == tmp_path / "proj" / "site"
    assert (site / MARKER).is_file()
    (site / "left-over.txt").write_text("from an older build\n", encoding="utf-8")
    build_site(config)
    assert (site / MARKER).is_file() and (site / "help/reset-password/index.html").is_file()
    assert not (site / "left-over.txt").exists()


def test_an_empty_existing_folder_is_used(tmp_path: Path) -> None:
    """An empty folder holds nothing to lose, so a site may be built into it."""
    config = copy_project(tmp_path / "proj")
    (tmp_path / "public").mkdir()
    site = build_site(config, tmp_path / "public")
    assert (site / "index.html").is_file() and (site / MARKER).is_file()


def test_a_symlinked_site_folder_replaces_its_target(tmp_path: Path) -> None:
    """``site`` may be a symlink to a kbgen site elsewhere: the link stays, the site changes."""
    config = copy_project(tmp_path / "proj")
    real = build_site(config, tmp_path / "www")
    (tmp_path / "proj" / "site").symlink_to(real)
    assert build_site(config) == real
    assert (tmp_path / "proj" / "site").is_symlink()
    assert (real / MARKER).is_file()


def test_refused_build_does_not_touch_an_unmarked_folder(tmp_path: Path) -> None:
    """A typo such as ``--site-dir notes`` leaves the folder and its files alone."""
    config = copy_project(tmp_path / "proj")
    notes = tmp_path / "proj" / "notes"
    notes.mkdir()
    (notes / "plan.md").write_text("Keep.\n", encoding="utf-8")
    with pytest.raises(BuildError, match=f"no {MARKER} file"):
        build_site(config, notes)
    assert [path.name for path in notes.iterdir()] == ["plan.md"]
