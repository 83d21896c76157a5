"""What `kbgen check` reads in an article's body: links to other files, leftover placeholders.

MkDocs only finds a broken link when it builds (``--strict``); writers should hear about it from
``kbgen check`` too, with the line. Links are found outside code fences and code spans.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kbgen.content.page_urls import erb_source, html_link_source
from kbgen.content.published import is_unpublished, published_files
from kbgen.content.scaffold import PLACEHOLDER_LINES
from kbgen.errors import Problem

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")


def content_files(root: Path) -> frozenset[str]:
    """Every file below the content folder the build publishes, as posix paths relative to it."""
    return frozenset(published_files(root))


def body_problems(rel_path: str, text: str, known: frozenset[str]) -> list[Problem]:
    """Broken relative links and untouched ``kbgen new`` placeholder lines, with file lines."""
    problems = []
    placeholder_lines = []
    for number, line in body_lines(text):
        for target in links_in(line):
            message = broken_link(rel_path, target, known)
            if message:
                problems.append(Problem(rel_path, number, message))
        if line.strip() in PLACEHOLDER_LINES:
            placeholder_lines.append(number)
    if placeholder_lines:
        problems.append(
            Problem(
                rel_path,
                placeholder_lines[0],
                "still has the placeholder text from `kbgen new`: write the article",
            )
        )
    return problems


def body_lines(text: str) -> Iterator[tuple[int, str]]:
    """(file line number, line) of the body, skipping frontmatter and fenced code."""
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), 0)
        start = end + 1
    fence: str | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)[0] * len(opened.group(1))
            continue
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        yield index + 1, _CODE_SPAN.sub("", line)


def links_in(line: str) -> Iterable[str]:
    """Link and image targets written on this line (inline and reference definitions)."""
    yield from (match.group(1) for match in _INLINE_LINK.finditer(line))
    reference = _REFERENCE.match(line)
    if reference:
        yield reference.group(1)


def broken_link(rel_path: str, target: str, known: frozenset[str]) -> str | None:
    """Why a relative link points nowhere, or None (external links and anchors are fine)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or target.startswith("/"):
        return None
    path = unquote(parts.path)
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(rel_path), path))
    if resolved.startswith("../") or resolved == "..":
        return f"link to {target} points outside the content folder"
    if resolved in known or posixpath.join(resolved, "index.md") in known:
        return None
    if html_link_source(resolved, known) is not None:  # Tech Docs: cdn.html is cdn.html.md
        return None
    if (erb := erb_source(resolved, known)) is not None:
        return f"link to {target}: {erb} is an ERB page, which kbgen does not build"
    if any(is_unpublished(part) for part in resolved.split("/")):
        return f"link to {target}: the build does not publish names starting with '.' or '_'"
    return f"link to {target}: no such file in the content folder"
