"""The page left at an old URL: it sends readers (and search engines) to the new address.

A meta refresh, a canonical link, a visible link for readers without refresh, and
``noindex`` so the old address leaves search results. The target is written relative to
the old page, so the site works below any path (a GitHub Pages project site included).
"""

from __future__ import annotations

import html
import posixpath

from kbgen.content.page_urls import url_file


def relative_url(old: str, new: str) -> str:
    """``new`` (a site URL path, maybe with ``#fragment``) as seen from the page at ``old``."""
    path, hash_mark, fragment = new.partition("#")
    here = posixpath.dirname("/" + url_file(old))
    relative = posixpath.relpath(path, here)
    if path.endswith("/"):
        relative += "/"
    return relative + hash_mark + fragment


def redirect_html(old: str, new: str, site_url: str | None = None) -> str:
    """The HTML of the redirect page at ``old`` leading to ``new``."""
    target = relative_url(old, new)
    canonical = site_url.rstrip("/") + new if site_url else target
    shown, href, canonical_href = html.escape(new), html.escape(target), html.escape(canonical)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>This page has moved</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{canonical_href}">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{href}">{shown}</a>.</p>\n'
        "</body>\n</html>\n"
    )
