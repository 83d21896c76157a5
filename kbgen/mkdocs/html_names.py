"""Tech Docs Template pages keep their addresses: ``cdn.html.md`` is built as ``cdn.html``.

MkDocs' directory URLs would publish it at ``cdn.html/``, breaking every existing link,
bookmark and search entry, and the page's own ``[CDN](cdn.html)`` links. The output name
comes from ``kbgen.content.page_urls.dest_path``, the rule ``kbgen check`` uses too. A
folder's ``index.html.md`` is that folder's page, exactly as an ``index.md`` would be.
"""

from __future__ import annotations

import os
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from kbgen.content.page_urls import HTML_SUFFIX, dest_path, page_stem

INDEX_HTML = "index.html"


def keep_html_names(files: Files, config: MkDocsConfig) -> None:
    """Give every ``x.html.md`` page its Tech Docs output name; make each ``index.html.md``
    its folder's ``index.md`` (in place of the page kbgen would generate there)."""
    for page in list(files.documentation_pages()):
        if not is_html_named(page):
            continue
        dest = dest_path(page.src_uri)
        if dest.rpartition("/")[2] == INDEX_HTML:
            adopt_as_folder_page(files, page, dest[: -len(INDEX_HTML)] + "index.md", config)
        else:
            rename(page, dest)


def is_html_named(page: File) -> bool:
    """True for a Tech Docs page: its name without page suffixes ends in ``.html``."""
    return page_stem(page.src_uri.rsplit("/", 1)[-1]).endswith(HTML_SUFFIX)


def rename(page: File, dest: str) -> None:
    """Set the page's output name, URL and output path."""
    page.dest_uri = dest
    page.url = quote(dest)
    page.abs_dest_path = os.path.normpath(os.path.join(page.dest_dir, dest))


def adopt_as_folder_page(files: Files, page: File, index: str, config: MkDocsConfig) -> None:
    """Publish ``page`` as the folder page ``index`` (a generated one gives way to it; a
    content ``index.md`` keeps its place, and ``page`` stays where MkDocs puts it)."""
    existing = files.get_file_from_path(index)
    if (existing is not None and existing.generated_by is None) or page.abs_src_path is None:
        return
    if existing is not None:
        files.remove(existing)
    files.remove(page)
    files.append(File.generated(config, index, abs_src_path=page.abs_src_path))
