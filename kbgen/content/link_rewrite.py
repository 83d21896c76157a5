"""Rewrite the link targets of a Markdown page in place, leaving every other byte alone.

Links are found as ``kbgen check`` finds them (``body_checks.body_lines``: outside the
frontmatter, code fences and code spans): inline links and images, and reference
definitions. ``kbgen move`` uses it to follow a moved page; the build uses it to give
MkDocs the source of a Tech Docs ``x.html`` link.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection, Iterator
from urllib.parse import unquote, urlsplit

from kbgen.content.body_checks import body_lines
from kbgen.content.page_urls import html_link_source

# The target after ``](``: also for a link whose text began on an earlier line.
_INLINE_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)>?")
_REFERENCE_TARGET = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)")
_CODE_SPAN = re.compile(r"(`+).+?\1")

Rewrite = Callable[[str], str | None]


def rewrite_link_targets(text: str, rewrite: Rewrite) -> tuple[str, int]:
    """``text`` with each link target ``rewrite`` answers for replaced (None: left as is),
    and how many were replaced."""
    lines = text.splitlines(keepends=True)
    count = 0
    for number, _ in body_lines(text):
        line = lines[number - 1]
        for start, end, target in reversed(list(link_spans(line))):
            written = rewrite(target)
            if written is not None and written != target:
                line = line[:start] + written + line[end:]
                count += 1
        lines[number - 1] = line
    return ("".join(lines), count) if count else (text, 0)


def link_spans(line: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, target) of each link target on ``line`` outside code spans."""
    code = [match.span() for match in _CODE_SPAN.finditer(line)]
    matches = [*_INLINE_TARGET.finditer(line)]
    reference = _REFERENCE_TARGET.match(line)
    matches += [reference] if reference else []
    for match in sorted(matches, key=lambda item: item.start(1)):
        start, end = match.span(1)
        if not any(low <= start < high for low, high in code):
            yield start, end, match.group(1)


def html_links_as_sources(markdown: str, src_uri: str, known: Collection[str]) -> str:
    """``markdown`` of the page at ``src_uri`` with each relative link to a Tech Docs page
    by its published name (``cdn.html``) written as its source (``cdn.html.md``), so MkDocs
    resolves, checks and relativises it like any other page link. The same rule as
    ``kbgen check`` (``page_urls.html_link_source``)."""

    def as_source(target: str) -> str | None:
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path or target.startswith("/"):
            return None
        folder = posixpath.dirname(src_uri)
        resolved = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
        if resolved in known:
            return None
        source = html_link_source(resolved, known)
        if source is None:
            return None
        return posixpath.relpath(source, folder or ".") + target[len(parts.path) :]

    return rewrite_link_targets(markdown, as_source)[0]
