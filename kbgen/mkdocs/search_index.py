"""The Pagefind search bundle: pages are indexed while MkDocs is still rendering the rest.

Pagefind runs as its own process (the binary from the ``pagefind[bin]`` wheel), so indexing
uses the second core while this one renders pages. Its Python API is asynchronous: it runs
on an event loop in a background thread, and pages are handed over without waiting. What
this needs of Pagefind's non-public service lives in ``kbgen.mkdocs.compat``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import shutil
import threading
from collections.abc import Coroutine, Iterable, Mapping
from pathlib import Path
from typing import Any

from pagefind.index import PagefindIndex

from kbgen.config.search import SearchSettings
from kbgen.errors import KbgenError
from kbgen.mkdocs import compat
from kbgen.mkdocs.search_pages import (
    description_of,
    page_doc,
    prepared,
    read_fragments,
    record_doc,
)
from kbgen.pages.search import SearchRecord
from kbgen.search.bundle import SearchDoc, write_search_data
from kbgen.search.model import ModelError

BUNDLE_DIR = "pagefind"
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's own UIs: kbgen ships its own, so they are not published."""
TIMEOUT_S = 900.0


class SearchIndexError(KbgenError):
    """Pagefind could not index the site (the build fails; the previous site stays)."""


class SearchIndexer:
    """One Pagefind index for one build: ``add_page`` while rendering, then ``write``."""

    def __init__(
        self,
        language: str,
        settings: SearchSettings | None = None,
        client: Mapping[str, object] | None = None,
    ) -> None:
        self.language = language
        self.settings = settings or SearchSettings()
        self.client = dict(client or {})
        self._pages: dict[str, str] = {}
        """Each page's URL and meta description, in the order pages were added."""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._index: asyncio.Future[PagefindIndex] | None = None
        self._added: list[concurrent.futures.Future[Any]] = []
        self._closed = False

    def add_page(self, html: str, url: str) -> None:
        """Queue one rendered page (its ``data-pagefind-*`` markup says what is indexed),
        with the synonyms its text calls for added to its hidden terms."""
        html = prepared(html, self.settings.synonyms)
        self._pages[url] = description_of(html)
        self._added.append(self._submit(self._add_page(html, url)))

    def write(self, site_dir: Path, records: Iterable[SearchRecord]) -> None:
        """Add the records, write ``<site_dir>/pagefind/`` and stop Pagefind; then write
        kbgen's search data (``kbgen-search/``) over the same pages and records."""
        records = list(records)
        try:
            self._submit(self._write(site_dir, records)).result(TIMEOUT_S)
        except SearchIndexError:
            raise
        except Exception as error:  # Pagefind's API raises plain exceptions
            raise SearchIndexError(f"search index failed: {describe(error)}") from None
        finally:
            self.close()
        for name in UNUSED_FILES:
            (site_dir / BUNDLE_DIR / name).unlink(missing_ok=True)
        fragments = read_fragments(site_dir / BUNDLE_DIR)
        docs: list[SearchDoc] = [
            page_doc(url, fragments[url][1], description)
            for url, description in self._pages.items()
            if url in fragments
        ]
        docs += [record_doc(record) for record in records]
        ids = {url: page_id for url, (page_id, _) in fragments.items()}
        semantic = self.settings.semantic and self.language.lower().startswith("en")
        try:
            write_search_data(site_dir, docs, semantic, ids, self.client)
        except ModelError as error:
            raise SearchIndexError(f"search index failed: {error}") from None

    def close(self) -> None:
        """Stop Pagefind and the loop (after a failed build too); safe to call twice."""
        if self._closed:
            return
        self._closed = True
        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(30)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(30)
        self._loop.close()

    def _submit(self, work: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        if not self._thread.is_alive():
            self._thread.start()
        return asyncio.run_coroutine_threadsafe(work, self._loop)

    async def _started(self) -> PagefindIndex:
        if self._index is None:
            self._index = asyncio.ensure_future(compat.start_pagefind_index())
        return await self._index

    async def _add_page(self, html: str, url: str) -> None:
        index = await self._started()
        await index.add_html_file(content=html, url=url)

    async def _write(self, site_dir: Path, records: list[SearchRecord]) -> None:
        index = await self._started()
        pending = [asyncio.wrap_future(future) for future in self._added]
        await self._until_done(index, asyncio.gather(*pending))
        for record in records:
            work = index.add_custom_record(
                url=record.url,
                content=record.content,
                language=self.language,
                meta={"title": record.title, "kind": record.kind},
                filters={"kind": [record.kind]},
            )
            await self._until_done(index, work)
        shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)
        await self._until_done(index, index.write_files(str(site_dir / BUNDLE_DIR)))

    async def _until_done(self, index: PagefindIndex, work: Any) -> Any:
        """Await ``work``, failing at once if the Pagefind process dies meanwhile."""
        task = asyncio.ensure_future(work)
        process = compat.pagefind_process(index)
        if process is None:
            return await task
        died = asyncio.ensure_future(process.wait())
        done, _ = await asyncio.wait({task, died}, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            died.cancel()
            return task.result()
        task.cancel()
        raise SearchIndexError(f"search index failed: Pagefind stopped (exit {process.returncode})")

    async def _shutdown(self) -> None:
        try:
            index = await self._index if self._index is not None else None
            if index is not None:
                await compat.stop_pagefind(index)
        except Exception:  # noqa: S110 (never started, or already gone: nothing to stop)
            pass
        for task in asyncio.all_tasks():
            if task is not asyncio.current_task():
                task.cancel()


def describe(error: BaseException) -> str:
    """One line for a Pagefind failure (its exceptions carry the message as first arg)."""
    if isinstance(error, FileNotFoundError):
        return (
            f"Pagefind binary not found ({error.filename or error}); install kbgen's dependencies"
        )
    if isinstance(error, ConnectionError):
        return "Pagefind stopped unexpectedly"
    text = str(error.args[0] if error.args else error).strip()
    return text.splitlines()[0] if text else type(error).__name__
