"""Where a page of the content folder is published: its URL path, as the build writes it.

Directory URLs, as MkDocs builds them: ``billing/refunds.md`` is ``/billing/refunds/`` and a
folder's ``index.md`` or ``README.md`` is the folder. A Tech Docs Template page keeps the
address it had on the original site: ``cdn.html.md`` (or ``cdn.html.md.erb``) is ``/cdn.html``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Sequence

from kbgen.config.redirects import PAGE_SUFFIXES, address, file_path

INDEX_NAMES = frozenset({"index", "README"})
HTML_SUFFIX = ".html"
ERB_SUFFIX = ".erb"


def page_stem(name: str) -> str:
    """A page file's name without its page suffixes (``cdn.html.md.erb`` -> ``cdn.html``)."""
    if name.endswith(ERB_SUFFIX):
        name = name[: -len(ERB_SUFFIX)]
    for suffix in PAGE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def keeps_html_name(name: str) -> bool:
    """True for a Tech Docs Template page (``x.html.md``): published as ``x.html``."""
    stem = page_stem(name)
    return stem.endswith(HTML_SUFFIX) and stem[: -len(HTML_SUFFIX)] not in INDEX_NAMES


def dest_path(src_uri: str) -> str:
    """The file a page becomes in the site: ``a/b/index.html`` or ``a/cdn.html``."""
    folder, name = posixpath.split(src_uri)
    stem = page_stem(name)
    if keeps_html_name(name):
        return posixpath.join(folder, stem)
    if stem.removesuffix(HTML_SUFFIX) in INDEX_NAMES:
        return posixpath.join(folder, "index.html")
    return posixpath.join(folder, stem, "index.html")


def source_url(src_uri: str) -> str:
    """The URL path of the page at ``src_uri`` (relative to the content folder)."""
    dest = dest_path(src_uri)
    if dest == "index.html":
        return "/"
    if dest.endswith("/index.html"):
        return address("/" + dest[: -len("index.html")])
    return address("/" + dest)


def url_file(url: str) -> str:
    """The file below the site folder that answers ``url`` (``/a/b/`` -> ``a/b/index.html``)."""
    path = file_path(url.lstrip("/"))
    return path + "index.html" if not path or path.endswith("/") else path


def html_link_source(resolved: str, known: Collection[str]) -> str | None:
    """The page a Tech Docs link to ``x.html`` means (``x.html.md``), when ``known`` has it.

    ``resolved`` is the link's path relative to the content folder. An ERB page
    (``x.html.md.erb``) is not returned: it is not built (see ``erb_source``).
    """
    if not resolved.endswith(HTML_SUFFIX):
        return None
    candidates = [resolved + suffix for suffix in PAGE_SUFFIXES]
    if posixpath.basename(resolved) == "index.html":  # a folder page the build made index.md
        candidates.append(resolved[: -len(HTML_SUFFIX)] + ".md")
    return next((name for name in candidates if name in known), None)


def erb_source(resolved: str, known: Collection[str]) -> str | None:
    """The ERB page (``x.html.md.erb``) a link to ``x.html`` means, when ``known`` has it."""
    if not resolved.endswith(HTML_SUFFIX):
        return None
    return next((resolved + s + ERB_SUFFIX for s in PAGE_SUFFIXES
                 if resolved + s + ERB_SUFFIX in known), None)  # fmt: skip


def not_built_message(paths: Sequence[str]) -> str:
    """One line naming every ERB page a build leaves out (check, stale and review read them)."""
    return (
        f"{len(paths)} ERB page(s) skipped, not built (kbgen does not render ERB; "
        f"check, stale and review still read them): {', '.join(paths)}"
    )
