"""Empty ``sitemap.xml`` answers beside the targets of ``<link rel="alternate">``.

Material's language switcher fetches ``sitemap.xml`` relative to every
``<link rel="alternate">`` of a page (it expects other-language sites there), so each alternate
(a feed, an article's Markdown twin) would cost readers a 404 per page view without one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kbgen.atomic import write_atomic

EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def answer_sitemaps_beside(site_dir: Path, paths: Iterable[str]) -> None:
    """Write an empty sitemap.xml in the folder of each site path, unless there is one (the
    site root keeps Material's own)."""
    for folder in {(site_dir / path).parent for path in paths}:
        sitemap = folder / "sitemap.xml"
        if folder != site_dir and not sitemap.exists():
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(sitemap, EMPTY_SITEMAP.encode("utf-8"))
