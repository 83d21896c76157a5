"""The one seam to the engine's non-public code, and the versions it was written for.

kbgen reaches past MkDocs' public API in two places: the docs-folder walk
(``safe_walk``: ``get_files`` swapped during a build, ``_file_sort_key`` and
``set_exclusions``) and page rendering (``shared_markdown``: ``Page.render`` redone with one
Markdown instance, through ``mkdocs.structure.pages``' private tree processors). Every such
name is imported here and nowhere else, after the engine's version was checked: MkDocs 1.6.x
or ProperDocs 1.6.x (see ``WRITTEN_FOR``); any other version stops with one line saying which
versions this code knows, before anything is built. Material's version is checked too: kbgen's
theme and ``third_party`` rely on the layout of its templates and bundle.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable
from importlib import metadata
from typing import Any

import markdown
import mkdocs

from kbgen.errors import KbgenError

WRITTEN_FOR: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "mkdocs": ((1, 6), (1, 7)),
    "properdocs": ((1, 6), (1, 7)),
    "mkdocs-material": ((9, 7), (10, 0)),
}
"""Package -> [lowest, first unsupported) (major, minor): the versions whose internals this
module was written against and tested on."""
ENGINE = "properdocs" if mkdocs.__name__ == "properdocs" else "mkdocs"
"""The engine ``mkdocs`` names in this process (see ``kbgen.mkdocs.engine``)."""


class CompatibilityError(KbgenError):
    """The engine or Material is a version kbgen's private-code seam was not written for."""


def major_minor(version: str) -> tuple[int, int] | None:
    """(major, minor) of a version string such as ``1.6.1`` or ``9.8.0b1``; None if unreadable."""
    match = re.match(r"\s*v?(\d+)\.(\d+)", version)
    return (int(match[1]), int(match[2])) if match else None


def unsupported(package: str, version: str) -> str | None:
    """Why ``package`` at ``version`` is outside ``WRITTEN_FOR``, or None when it is inside."""
    lowest, beyond = WRITTEN_FOR[package]
    found = major_minor(version)
    if found is not None and lowest <= found < beyond:
        return None
    known = f"{package}>={lowest[0]}.{lowest[1]},<{beyond[0]}.{beyond[1]}"
    return (
        f"kbgen was written for {known} (kbgen/mkdocs/compat.py), found {package} {version}: "
        f"pip install '{known}'"
    )


def installed_versions() -> dict[str, str]:
    """The engine's and Material's versions in this process."""
    versions = {ENGINE: str(mkdocs.__version__)}
    with contextlib.suppress(metadata.PackageNotFoundError):  # the engine names it missing
        versions["mkdocs-material"] = metadata.version("mkdocs-material")
    return versions


def require_supported(versions: dict[str, str]) -> None:
    """Raise CompatibilityError (one line per package) unless every version is supported."""
    problems = [
        problem
        for package, version in versions.items()
        if (problem := unsupported(package, version)) is not None
    ]
    if problems:
        raise CompatibilityError("\n".join(problems))


require_supported(installed_versions())

try:
    from mkdocs.commands import build as _build_command
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import (
        Files,
        _file_sort_key,
        set_exclusions,
    )
    from mkdocs.structure.pages import (
        Page,
        _ExtractAnchorsTreeprocessor,
        _ExtractTitleTreeprocessor,
        _RawHTMLPreprocessor,
        _RelativePathTreeprocessor,
        get_toc,
    )
    from mkdocs.structure.pages import log as _pages_log
except ImportError as error:  # a patch release that moved a private name
    raise CompatibilityError(
        f"kbgen/mkdocs/compat.py: {ENGINE} {mkdocs.__version__} lacks {error.name or error}: "
        "report it to kbgen with this line"
    ) from None

__all__ = ["file_sort_key", "render_page", "restore_get_files", "set_exclusions", "swap_get_files"]
_ORIGINAL_GET_FILES = _build_command.get_files


def file_sort_key(name: str) -> Any:
    """The order the engine lists a folder's files in (``index.md``/``README.md`` first)."""
    return _file_sort_key(name)


def swap_get_files(replacement: Callable[[MkDocsConfig], Files]) -> None:
    """Make the engine's build gather its files with ``replacement`` until restored."""
    _build_command.get_files = replacement  # type: ignore[assignment]


def restore_get_files() -> None:
    """Give the engine's build its own ``get_files`` back."""
    _build_command.get_files = _ORIGINAL_GET_FILES


def render_page(md: markdown.Markdown, page: Page, config: MkDocsConfig, files: Files) -> None:
    """What ``Page.render`` does after making its Markdown instance, on ``md`` instead.

    The engine's per-page processors are registered under their own names, replacing the
    previous page's; the page gets its content, TOC, title and anchors as ``render`` sets them.
    """
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    raw_html = _RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors._register(md)
    relative = _RelativePathTreeprocessor(page.file, files, config)
    relative._register(md)
    title = _ExtractTitleTreeprocessor()
    title._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    # MkDocs 1.6 keeps the links to anchors only above DEBUG; ProperDocs always does.
    if ENGINE == "properdocs" or _pages_log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative.links_to_anchors
