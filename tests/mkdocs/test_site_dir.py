"""The site-folder rules as pure functions: which folders a build may replace."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from kbgen.config import load_config
from kbgen.mkdocs.site_dir import (
    MARKER,
    SiteDirError,
    SourceFolders,
    conflict,
    guard_site_dir,
    marker_text,
    protected_folders,
    replace_refusal,
)

P = PurePosixPath
SOURCES = SourceFolders(
    content=P("/home/ana/help/content"),
    overrides=P("/home/ana/help/overrides"),
    config_dir=P("/home/ana/help/config"),
    project_root=P("/home/ana/help"),
)
PROTECTED = protected_folders(SOURCES, home=P("/home/ana"))


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("/home/ana/help/content", "it is the content folder"),
        ("/home/ana/help", "it is the project root"),
        ("/home/ana/help/config", "it is the folder of the config file"),
        ("/", "it is the file system root"),
        ("/home/ana", "it is the home folder"),
        ("/home/ana/help/overrides", "it is the overrides folder"),
        ("/home", "it contains the content folder (/home/ana/help/content)"),
        ("/home/ana/help/content/billing", "it is inside the content folder"),
        ("/home/ana/help/content/billing/site", "it is inside the content folder"),
        ("/home/ana/help/overrides/site", "it is inside the overrides folder"),
    ],
)
def test_sources_and_their_parents_are_refused(target: str, reason: str) -> None:
    """A site folder that is, contains or lies inside a source folder is refused."""
    found = conflict(P(target), PROTECTED)
    assert found is not None
    assert found.startswith(reason)


@pytest.mark.parametrize(
    "target",
    ["/home/ana/help/config/site", "/home/ana/help/public", "/srv/www/help", "/tmp/out"],
)
def test_ordinary_site_folders_are_allowed(target: str) -> None:
    """Folders beside the config, inside the project or elsewhere are fine."""
    assert conflict(P(target), PROTECTED) is None


def test_content_named_like_a_prefix_is_not_confused() -> None:
    """``content-site`` is not inside ``content``: paths compare by part, not by text."""
    assert conflict(P("/home/ana/help/content-site"), PROTECTED) is None


def test_unknown_home_still_protects_the_rest() -> None:
    """Without a home folder the other protected folders still hold."""
    folders = protected_folders(SOURCES, home=None)
    assert conflict(P("/home/ana"), folders) is not None
    assert conflict(P("/home/ana/help"), folders) == "it is the project root"


OURS = marker_text(P("/srv/www"), P("/home/ana/help/site_config.yml"))


@pytest.mark.parametrize(
    ("is_dir", "names", "marker", "allowed"),
    [
        (True, [], None, True),
        (True, [MARKER, "index.html"], OURS, True),
        (True, [MARKER], OURS, True),
        (True, [MARKER], marker_text(P("/srv/site"), P("/home/ana/help/site_config.yml")), False),
        (True, [MARKER], marker_text(P("/srv/www"), P("/home/bo/kb/site_config.yml")), False),
        (
            True,
            [MARKER],
            "Built by kbgen. kbgen replaces this whole folder on every build.\n",
            False,
        ),
        (True, [MARKER], None, False),
        (True, ["index.html"], None, False),
        (True, [".git"], None, False),
        (False, [], None, False),
    ],
)
def test_only_empty_or_marked_folders_are_replaced(
    is_dir: bool, names: list[str], marker: str | None, allowed: bool
) -> None:
    """An existing path is replaced only when empty or carrying this project's marker for it."""
    assert (replace_refusal(is_dir, names, marker, OURS) is None) is allowed


def test_refusal_names_the_missing_marker() -> None:
    """The reason says which marker is missing, so the user knows what kbgen looks for."""
    assert MARKER in str(replace_refusal(True, ["notes.md"]))


@pytest.mark.parametrize("link_to", ["content", ".", "overrides", "notes", "/"])
def test_symlinks_are_judged_by_where_they_point(make_site, tmp_path: Path, link_to: str) -> None:
    """A symlink to a protected or unmarked folder is refused like the folder itself."""
    config = make_site({"help/a.md": "---\ntitle: A\n---\n"})
    (tmp_path / "overrides").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "elsewhere" / "out"
    link.parent.mkdir()
    link.symlink_to(tmp_path / link_to)
    with pytest.raises(SiteDirError, match=r"site folder .*out \(-> .*refusing to build there"):
        guard_site_dir(load_config(config), link)


def test_symlink_loop_is_an_error_not_a_traceback(make_site, tmp_path: Path) -> None:
    """A site folder that is a symlink loop is refused with one line."""
    config = make_site({"help/a.md": "---\ntitle: A\n---\n"})
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(SiteDirError, match="cannot resolve it"):
        guard_site_dir(load_config(config), loop)


def test_default_site_folder_is_site_beside_the_config(make_site, tmp_path: Path) -> None:
    """No site folder given means ``site/`` next to site_config.yml."""
    config = make_site({"help/a.md": "---\ntitle: A\n---\n"})
    assert guard_site_dir(load_config(config), None) == (tmp_path / "site").resolve()
