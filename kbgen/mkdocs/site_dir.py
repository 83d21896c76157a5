"""Where a site may be built: never over sources, and only over a folder kbgen built.

A build replaces its whole output folder, so a wrong ``--site-dir`` (``content``, ``.``,
``overrides``) would delete sources. The rules are pure functions over resolved paths;
``guard_site_dir`` applies them to the file system before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from kbgen.config import SiteConfig
from kbgen.errors import BuildError
from kbgen.mkdocs.config_builder import OVERRIDES_DIR
from kbgen.paths import (
    DEFAULT_SITE_DIR,
    UnsafePathError,
    create_new,
    project_root,
    read_bytes_nofollow,
)

MARKER = ".kbgen-site"
MARKER_HEADING = "Built by kbgen. kbgen replaces this whole folder on every build.\n"
MAX_MARKER_BYTES = 8192
KEPT_ENTRIES = frozenset({"lost+found"})
"""What a freshly made file system holds at its root: a mount-point site folder that holds
only this counts as empty, and a build never removes it."""


class SiteDirError(BuildError):
    """The site folder given would overwrite sources or a folder kbgen did not build."""


@dataclass(frozen=True, slots=True)
class Protected:
    """A folder a site must never replace; ``whole_tree`` also forbids building inside it."""

    path: PurePath
    label: str
    whole_tree: bool = False


@dataclass(frozen=True, slots=True)
class SourceFolders:
    """The resolved folders of one project that hold its sources."""

    content: PurePath
    overrides: PurePath
    config_dir: PurePath
    project_root: PurePath
    data_files: tuple[PurePath, ...] = ()


def protected_folders(sources: SourceFolders, home: PurePath | None) -> tuple[Protected, ...]:
    """Every folder a build must leave alone: sources, the project, ``/`` and home."""
    folders = [
        Protected(sources.content, "the content folder", whole_tree=True),
        Protected(sources.overrides, "the overrides folder", whole_tree=True),
        Protected(sources.project_root, "the project root"),
        Protected(sources.config_dir, "the folder of the config file"),
        Protected(PurePath(sources.config_dir.anchor or "/"), "the file system root"),
    ]
    if home is not None:
        folders.append(Protected(home, "the home folder"))
    folders += [
        Protected(path, f"the project data file {path.name}") for path in sources.data_files
    ]
    return tuple(folders)


def conflict(target: PurePath, protected: Iterable[Protected]) -> str | None:
    """Why ``target`` may not be a site folder, or None when it may."""
    folders = tuple(protected)
    for folder in folders:
        if target == folder.path:
            return f"it is {folder.label}"
    for folder in folders:
        if folder.path.is_relative_to(target):
            return f"it contains {folder.label} ({folder.path})"
    for folder in folders:
        if folder.whole_tree and target.is_relative_to(folder.path):
            return f"it is inside {folder.label} ({folder.path})"
    return None


def replace_refusal(
    is_dir: bool, names: Iterable[str], marker: str | None = None, expected: str = ""
) -> str | None:
    """Why an existing path may not be replaced: only empty folders or kbgen's own sites.

    A site counts as kbgen's own only when its marker (text ``marker``) is the one this
    project writes for this very folder (``expected``): a marker copied along with a site
    (``cp -r site/. www/``) or a site moved elsewhere does not count.
    """
    if not is_dir:
        return "it exists and is not a folder"
    entries = set(names) - KEPT_ENTRIES
    if not entries:
        return None
    if MARKER not in entries:
        return (
            f"it is a non-empty folder kbgen did not build (no {MARKER} file in it); "
            "delete it yourself if it is an old site"
        )
    if marker == expected:
        return None
    return (
        f"its {MARKER} marker was not written by this project for this folder (a copied "
        "or moved site, or one built by an older kbgen); delete the folder yourself if it "
        "is an old site"
    )


def marker_text(site: PurePath, config_file: PurePath) -> str:
    """The marker of a site built at ``site`` (real path) from ``config_file`` (real path)."""
    return f"{MARKER_HEADING}site: {site}\nconfig: {config_file}\n"


def read_marker(site: Path) -> str | None:
    """The marker's text; None when it is missing, a link, not a file, too big or not UTF-8."""
    try:
        data = read_bytes_nofollow(site / MARKER)
    except (OSError, UnsafePathError):
        return None
    if len(data) > MAX_MARKER_BYTES:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def guard_site_dir(site: SiteConfig, site_dir: Path | None) -> Path:
    """The resolved site folder, or SiteDirError before anything is written."""
    given = site_dir if site_dir is not None else site.root / DEFAULT_SITE_DIR
    try:
        target = given.resolve()
    except (OSError, RuntimeError) as error:
        raise SiteDirError(f"site folder {given}: cannot resolve it: {error}") from None
    protected = protected_folders(source_folders(site), home_folder())
    reason = conflict(target, protected)
    if reason is None and (target.exists() or target.is_symlink()):
        expected = marker_text(target, site.path.resolve())
        names = existing_names(target)
        reason = replace_refusal(target.is_dir(), names, read_marker(target), expected)
    shown = given if target == given.absolute() else f"{given} (-> {target})"
    if reason is not None:
        raise SiteDirError(f"site folder {shown}: refusing to build there: {reason}")
    blocker = file_in_the_way(target)
    if blocker is not None:
        raise SiteDirError(f"site folder {shown}: cannot write there: {blocker} is not a folder")
    return target


def file_in_the_way(target: Path) -> Path | None:
    """The nearest existing parent of ``target`` when it is a file rather than a folder."""
    for parent in target.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def existing_names(folder: Path) -> list[str]:
    """The entries of ``folder`` (empty for a file or an unreadable folder)."""
    try:
        return [entry.name for entry in folder.iterdir()] if folder.is_dir() else []
    except OSError as error:
        raise SiteDirError(f"site folder {folder}: cannot read it: {error.strerror}") from None


def source_folders(site: SiteConfig) -> SourceFolders:
    """The source folders of ``site``, symlinks resolved."""
    return SourceFolders(
        content=site.docs_dir.resolve(),
        overrides=(site.root / OVERRIDES_DIR).resolve(),
        config_dir=site.root.resolve(),
        project_root=project_root(site.root.resolve()),
        data_files=data_files(site),
    )


def data_files(site: SiteConfig) -> tuple[Path, ...]:
    """The Linear snapshot, link data and history files a build must not delete."""
    linear = site.linear
    if linear is None:
        return ()
    root = site.root
    return (linear.snapshot_path(root), linear.links_path(root), linear.history_path(root))


def home_folder() -> Path | None:
    """The user's home folder, resolved; None when it cannot be determined."""
    try:
        return Path.home().resolve()
    except (OSError, RuntimeError, KeyError):
        return None


def write_marker(built: Path, target: Path, config_file: Path) -> None:
    """Mark ``built`` (to become ``target``) as this project's site, so later builds of
    the same project may replace it there."""
    text = marker_text(target.resolve(), config_file.resolve())
    create_new(built / MARKER, text.encode("utf-8"))
