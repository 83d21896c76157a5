"""Each changelog entry's own page, changelog/<slug>/: stable, unique slugs; real builds."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from linear_emulator.items import public_item

from kbgen.roadmap.entry_pages import RESERVED, entry_slugs
from kbgen.roadmap.models import ChangelogEntry
from kbgen.search.query import search
from tests.pages.test_home_page import FILES
from tests.pages.test_reader_chrome import build

REPO = Path(__file__).resolve().parents[2]
titles = st.sampled_from(
    ["Dark mode", "Dark mode!", "dark-mode", "Ünïcode ✓", "日本語", "", "Feed"]
)


def entry(identifier: str, title: str, shipped: date) -> ChangelogEntry:
    """A changelog entry for a shipped public item."""
    item = public_item(identifier, "shipped", title=title, shipped_at=shipped)
    return ChangelogEntry(item, shipped)


entries = st.lists(
    st.tuples(titles, st.integers(min_value=0, max_value=60)), min_size=1, max_size=12
).map(
    lambda specs: [
        entry(f"ENG-{n}", title, date(2026, 1, 1) + timedelta(days=day))
        for n, (title, day) in enumerate(specs)
    ]
)


@given(entries)
def test_slugs_are_unique_and_url_safe(items: list[ChangelogEntry]) -> None:
    """Every entry gets one slug, all different, lower-case ASCII words, never feed/index."""
    slugs = entry_slugs(items)
    assert len(set(slugs.values())) == len(items)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in slugs.values())
    assert not RESERVED & set(slugs.values())


@given(entries, entries)
def test_slugs_are_stable(older: list[ChangelogEntry], newer: list[ChangelogEntry]) -> None:
    """Entries shipped later, or the oldest leaving the window, never rename a page."""
    last = max(entry.shipped_at for entry in older)
    later = [
        entry(f"NEW-{i}", e.item.title, last + timedelta(days=1 + i)) for i, e in enumerate(newer)
    ]
    before = entry_slugs(older)
    grown = entry_slugs(older + later)
    assert {anchor: grown[anchor] for anchor in before} == before
    oldest = min(older, key=lambda e: (e.shipped_at, e.item.kind, e.id))
    kept = [e for e in older if e is not oldest]
    assert entry_slugs(kept) == {a: s for a, s in before.items() if a != oldest.anchor}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's Linear snapshot with a few articles."""
    root = tmp_path_factory.mktemp("entries")
    (root / "data").mkdir()
    shutil.copy(REPO / "data" / "linear-snapshot.json", root / "data")
    config = "site_name: T\nlinear:\n  snapshot: data/linear-snapshot.json\n  changelog_days: 365\n"
    return build(root, config, FILES)


def test_every_entry_has_a_page_the_list_links(site: Path) -> None:
    """Each api/changelog.json entry has its page; the changelog and its feed link to it."""
    records = json.loads((site / "api" / "changelog.json").read_text("utf-8"))["entries"]
    listing = (site / "changelog" / "index.html").read_text("utf-8")
    feed = (site / "changelog" / "feed.xml").read_text("utf-8")
    assert records
    for record in records:
        page = (site / record["url"] / "index.html").read_text("utf-8")
        assert "<h1>" in page and "data-kbgen-breadcrumbs" in page
        slug = record["url"].removeprefix("changelog/")
        assert f'href="../changelog/{slug}"' in listing
        assert f'href="./{slug}"' in feed


def test_entry_page_title_is_escaped(site: Path) -> None:
    """An entry's Linear title is text on its page (autoescaped), and not the page <title>."""
    records = json.loads((site / "api" / "changelog.json").read_text("utf-8"))["entries"]
    for record in records:
        page = (site / record["url"] / "index.html").read_text("utf-8")
        shown = record["title"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert f"<h1>{shown.replace(chr(39), '&#39;').replace(chr(34), '&#34;')}</h1>" in page


def test_search_finds_each_entry_at_its_own_page(site: Path) -> None:
    """Searching an entry's title finds it as a Changelog result linking its own page (the
    search data the site's search box and kbgen mcp read)."""
    records = json.loads((site / "api" / "changelog.json").read_text("utf-8"))["entries"]
    for record in records:
        hits = [hit for hit in search(site, record["title"], 10) if hit.kind == "Changelog"]
        assert f"/{record['url']}" in [hit.url for hit in hits], record["title"]
        assert (site / record["url"] / "index.html").is_file()
