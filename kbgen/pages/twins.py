"""Markdown twins: each published article as Markdown, at its page URL plus ``.md``.

A twin opens with YAML frontmatter made from the article's ``api/articles.json`` record
(the one source of what an article publishes), then the article's Markdown as readers see it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

import yaml

from kbgen.roadmap.feed import base_url

_NOT_ON_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
"""Control characters, line breaks and the separators YAML folds (NEL, U+2028, U+2029)."""
TWIN_SUFFIX = ".md"
TWIN_FIELDS = ("title", "url", "description", "last_reviewed", "status", "owner", "changes")
"""The frontmatter keys of a twin, in order (``owner`` only when readers see owners)."""
_HTML_PAGE = "index.html"


def twin_path(page_url: str) -> str:
    """Where a page's twin lives, relative to the site root: its URL without the trailing
    slash plus ``.md`` (``billing/issue-a-refund/`` → ``billing/issue-a-refund.md``); a page
    URL ending in ``.html`` loses that suffix instead (``use_directory_urls: false``)."""
    path = page_url.lstrip("/")
    if path.endswith("/" + _HTML_PAGE) or path == _HTML_PAGE:
        path = path[: -len(_HTML_PAGE)]
    elif path.endswith(".html"):
        path = path[: -len(".html")]
    path = path.rstrip("/")
    if not path:
        raise ValueError(f"the site's home page has no twin: {page_url!r}")
    return path + TWIN_SUFFIX


def twin_file(page_url: str) -> str:
    """The twin's file, relative to the site folder: ``twin_path`` with percent-escapes
    decoded (MkDocs encodes page URLs, ``x%3Cy%3E/``; the files it writes are not)."""
    return unquote(twin_path(page_url))


def absolute_url(url: str, site_url: str | None) -> str:
    """``url`` (relative to the site root) made absolute when ``site_url`` is known."""
    return base_url(site_url) + url.lstrip("/")


def twin_frontmatter(record: Mapping[str, Any], site_url: str | None) -> dict[str, Any]:
    """The twin's frontmatter: the record's public fields, the page URL absolute when known."""
    fields = {name: record.get(name) for name in TWIN_FIELDS}
    fields["url"] = absolute_url(str(record["url"]), site_url)
    fields["changes"] = list(record.get("changes") or [])
    if fields["owner"] is None:
        del fields["owner"]
    return fields


class _FrontmatterDumper(yaml.SafeDumper):
    """Safe YAML in which a text holding a control character or line break is double-quoted
    with escapes, so it stays on one line and reads back exactly (a plain or single-quoted
    scalar would have YAML fold its line breaks and NEL/U+2028/U+2029)."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if _NOT_ON_ONE_LINE.search(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_FrontmatterDumper.add_representer(str, _represent_text)


def twin_text(record: Mapping[str, Any], body: str, site_url: str | None) -> str:
    """The whole twin: ``---`` YAML frontmatter ``---``, a blank line, the body."""
    header = yaml.dump(
        twin_frontmatter(record, site_url),
        Dumper=_FrontmatterDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
    )
    return f"---\n{header}---\n\n{body.strip(chr(10))}\n"
