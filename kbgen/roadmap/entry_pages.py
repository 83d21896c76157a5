"""Each changelog entry's own page, ``changelog/<slug>/``: stable, collision-free slugs.

A slug is the entry's title in lower-case ASCII words followed by its Linear id
(``dark-mode-eng-42``): two entries with the same title never collide, and the slug depends on
the entry alone, so new entries, or old ones leaving the changelog's window, never rename a
page. (Should an issue and a project still meet, the later one gets its kind appended.)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from kbgen.roadmap.models import ChangelogEntry

CHANGELOG_DIR = "changelog"
MAX_SLUG = 60
RESERVED = frozenset({"feed", "index"})
"""Names the changelog folder already uses (``feed.xml``, its own page)."""


def slug_words(text: str) -> str:
    """``Apple Pay & Google Pay!`` -> ``apple-pay-google-pay`` (ASCII, at most 60 characters)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-")


def entry_slug(entry: ChangelogEntry) -> str:
    """``<title words>-<id words>``: ``Dark mode!`` shipped as ENG-42 -> ``dark-mode-eng-42``."""
    words = [slug_words(entry.item.title)[:MAX_SLUG].rstrip("-"), slug_words(entry.id) or "entry"]
    return "-".join(word for word in words if word)


def entry_slugs(entries: Sequence[ChangelogEntry]) -> dict[str, str]:
    """The slug of every entry, by its anchor (``kind`` and id), unique among them."""
    taken: set[str] = set(RESERVED)
    slugs: dict[str, str] = {}
    for entry in sorted(entries, key=lambda entry: (entry.shipped_at, entry.item.kind, entry.id)):
        slug = base = entry_slug(entry)
        number = 2
        while slug in taken:
            slug = f"{base}-{slug_words(entry.item.kind) or 'item'}" + (
                f"-{number}" if number > 2 else ""
            )
            number += 1
        taken.add(slug)
        slugs[entry.anchor] = slug
    return slugs


def entry_path(slug: str) -> str:
    """The entry page's URL below the site root: ``changelog/<slug>/``."""
    return f"{CHANGELOG_DIR}/{slug}/"


def entry_paths(entries: Sequence[ChangelogEntry]) -> dict[str, str]:
    """The page of every entry below the site root (``changelog/<slug>/``), by its anchor."""
    return {anchor: entry_path(slug) for anchor, slug in entry_slugs(entries).items()}


def entry_source(slug: str) -> str:
    """The generated Markdown file of the entry page: ``changelog/<slug>.md``."""
    return f"{CHANGELOG_DIR}/{slug}.md"
