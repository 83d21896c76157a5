"""Search-engine basics the theme does not write itself: ``robots.txt``.

Material already writes ``sitemap.xml`` (when ``site_url`` is set), the canonical link and the
meta description; kbgen's ``main.html`` adds the Open Graph tags.
"""

from __future__ import annotations

from pathlib import Path

ROBOTS_TXT = "robots.txt"


def robots_txt(site_url: str | None) -> str:
    """Allow every crawler everywhere; point at the sitemap when the site's URL is known."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


def write_robots_txt(site_dir: Path, site_url: str | None) -> None:
    """Write ``robots.txt`` into the built site, unless the content folder provided its own."""
    target = site_dir / ROBOTS_TXT
    if not target.exists():
        target.write_text(robots_txt(site_url), encoding="utf-8")
