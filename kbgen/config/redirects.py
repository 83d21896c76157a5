"""The ``redirects:`` section, and the one rule for every path a redirect names.

A redirect's old address and its target are site-relative paths (``/billing/refunds/``,
``billing/refunds.md``): never another host, a scheme (``javascript:``), a ``//`` host, a
backslash, a query or a ``..`` step. Config, frontmatter (``redirect_from``) and the
record of published URLs all go through ``site_path_problem`` and ``url_path``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from kbgen.config.source import ConfigSource, shown

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\\"'<>`?]")
_ENCODED_UNSAFE = re.compile(r"%(?:[01][0-9A-F]|20|22|27|3C|3E|3F|5C|60|7F)")
"""The percent-encodings ``address`` writes (of ``_UNSAFE_CHARACTERS``)."""
PAGE_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True, slots=True)
class RedirectRule:
    """One ``old: new`` entry of ``redirects:``; ``line`` is where it was written."""

    old: str
    new: str
    line: int


def site_path_problem(value: str, target: bool = False) -> str | None:
    """Why ``value`` is not a site-relative path a redirect may name (None when it is).

    A ``target`` (where a redirect leads, or a published URL) may be the home page ``/``
    and may carry a ``#fragment``; an old path may not.
    """
    path, _, fragment = value.partition("#")
    if not path.strip("/") and not (target and path == "/"):
        return "must name a page below the site, such as /billing/refunds/"
    if _SCHEME.match(path) or path.startswith("//"):
        return "must be a path on this site, not a URL with a scheme or host"
    if _UNSAFE_CHARACTERS.search(path) or (fragment and _UNSAFE_CHARACTERS.search(fragment)):
        return "must not hold spaces, quotes, backslashes, '<', '>', '?' or control characters"
    if fragment and not target:
        return "must not hold a '#fragment'"
    if any(part in (".", "..") for part in path.strip("/").split("/")):
        return "must not hold '.' or '..' steps"
    return None


def url_path(value: str) -> str:
    """A page's URL path as a build records it: ``/billing/refunds/``, ``/cdn.html``, ``/``.

    ``index.html`` is its folder; a last name without a dot is a folder (directory URLs).
    Source paths (``*.md``) are not handled here: the content layer knows their URLs.
    """
    path, _, fragment = value.partition("#")
    parts = [part for part in path.split("/") if part]
    if parts and parts[-1] == "index.html":
        parts.pop()
    text = "/" + "/".join(parts)
    if parts and "." not in parts[-1]:
        text += "/"
    return address(text) + (f"#{fragment}" if fragment else "")


def address(path: str) -> str:
    """``path`` with each character a URL cannot hold as written (spaces, quotes, '?',
    backslashes, '<', '>', controls) percent-encoded, as a browser requests it: a page built
    from ``what's new.md`` is recorded and redirected to as ``/what%27s%20new/``."""
    return _UNSAFE_CHARACTERS.sub(lambda found: quote(found.group(), safe=""), path)


def file_path(url_path_text: str) -> str:
    """The name on disk of an ``address``: its percent-encodings of unsafe characters undone."""
    return _ENCODED_UNSAFE.sub(lambda found: unquote(found.group()), url_path_text)


def is_source_path(value: str) -> bool:
    """True when a redirect names a Markdown source (``billing/refunds.md``), not a URL."""
    return value.partition("#")[0].endswith(PAGE_SUFFIXES)


def parse_redirects(source: ConfigSource, data: object) -> tuple[RedirectRule, ...]:
    """Validate ``redirects:`` (old path -> new path), every problem at its own line."""
    if not isinstance(data, dict):
        source.fail(("redirects",), "'redirects' must be a mapping of old path to new path")
        return ()
    rules = []
    for old, new in data.items():
        keys = ("redirects", old)
        if not isinstance(old, str) or not isinstance(new, str):
            source.fail(
                keys,
                f"'redirects' maps an old path to a new one, both text: got {shown(old)}: "
                f"{shown(new)}",
            )
            continue
        problems = [
            f"old path {old!r} {problem}" for problem in [site_path_problem(old)] if problem
        ] + [
            f"target {new!r} {problem}"
            for problem in [site_path_problem(new, target=True)]
            if problem
        ]
        for problem in problems:
            source.fail(keys, f"'redirects': {problem}")
        if not problems:
            rules.append(RedirectRule(old, new, source.line_of(keys)))
    return tuple(rules)
