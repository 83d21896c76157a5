"""The one seam to non-public engine and Pagefind code, and the versions it was written for.

kbgen reaches past public APIs in three places: the docs-folder walk (``safe_walk``:
MkDocs' ``get_files`` swapped during a build, ``_file_sort_key`` and ``set_exclusions``), page
rendering (``shared_markdown``: ``Page.render`` redone with one Markdown instance, through
``mkdocs.structure.pages``' private tree processors) and Pagefind's service (``search_index``:
a reader without its 0.1 s pause per response, the service process watched and ended).
Every such name is used here and nowhere else, after the versions were checked: MkDocs 1.6.x
or ProperDocs 1.6.x, Pagefind 1.5.x (see ``WRITTEN_FOR``); any other version stops with one
line saying which versions this code knows, before anything is built. Material's version is
checked too: kbgen's theme and ``third_party`` rely on the layout of its templates and bundle.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
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
    "pagefind": ((1, 5), (1, 6)),
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
    """The engine's, Material's and Pagefind's versions in this process."""
    versions = {ENGINE: str(mkdocs.__version__)}
    for package in ("mkdocs-material", "pagefind"):
        with contextlib.suppress(metadata.PackageNotFoundError):  # missing: named where used
            versions[package] = metadata.version(package)
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
    from pagefind.index import IndexConfig, PagefindIndex
    from pagefind.service import PagefindService
except ImportError as error:  # a patch release that moved a private name
    raise CompatibilityError(
        f"kbgen/mkdocs/compat.py: {', '.join(map(' '.join, installed_versions().items()))} "
        f"lack {error.name or error}: "
        "report it to kbgen with this line"
    ) from None

__all__ = [
    "file_sort_key",
    "pagefind_process",
    "render_page",
    "render_with",
    "restore_get_files",
    "set_exclusions",
    "start_pagefind_index",
    "stop_pagefind",
    "swap_get_files",
]
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


def render_with(page: Page, render: Callable[[MkDocsConfig, Files], None]) -> None:
    """Make the engine render ``page`` with ``render`` instead of ``Page.render``."""
    page.render = render  # type: ignore[method-assign,assignment]


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


async def start_pagefind_index() -> PagefindIndex:
    """A new Pagefind index on its own service process, read by ``PromptPagefindService``."""
    service = await PromptPagefindService().launch()
    return await service.create_index(IndexConfig())


def pagefind_process(index: PagefindIndex) -> asyncio.subprocess.Process | None:
    """The Pagefind process behind ``index`` (to notice it dying), None before it started."""
    service = index._service
    return service._backend if service is not None else None


async def stop_pagefind(index: PagefindIndex) -> None:
    """Let ``index``'s Pagefind finish what it is writing and exit, then stop reading it."""
    if isinstance(index._service, PromptPagefindService):
        await index._service.finish()


class PromptPagefindService(PagefindService):
    """Pagefind's service, reading each response as soon as it arrives.

    pagefind 1.5.2's reader sleeps 0.1 s before every response it reads: 100 s for 1,000
    pages sent one by one. This is the same loop without the pause.
    """

    async def finish(self) -> None:
        """Close Pagefind's input (it finishes and exits), wait for it, then stop reading."""
        process = self._backend
        if process.stdin is not None and not process.stdin.is_closing():
            process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), 60)
        except TimeoutError:
            process.kill()
            await process.wait()
        self._poll_task.cancel()

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        while True:
            try:
                output = await self._backend.stdout.readuntil(b",")
            except asyncio.IncompleteReadError:  # the process ended: fail what still waits
                for future in self._responses.values():
                    if not future.done():
                        future.set_exception(ConnectionError("Pagefind stopped"))
                        future.exception()  # retrieved: whoever awaits it still gets it
                return
            response = json.loads(base64.b64decode(output[:-1]))
            if response is None:
                continue
            self._resolve(response)

    def _resolve(self, response: dict[str, Any]) -> None:
        payload = response["payload"]
        message_id = response.get("message_id")
        if message_id is None and (original := payload.get("original_message")):
            message_id = json.loads(original).get("message_id")
        future = self._responses.get(message_id) if message_id is not None else None
        if future is None or future.done():
            return
        if payload["type"] == "Error":
            future.set_exception(Exception(payload["message"], payload.get("original_message")))
        else:
            future.set_result(payload)
