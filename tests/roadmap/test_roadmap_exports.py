"""Atom feed and JSON API, and the whole pull-to-pages pipeline checked for leaks."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from linear_emulator import PRIVATE, TEST_KEY, TODAY, LinearEmulator, generate_workspace
from linear_emulator.generate import HOSTILE_TITLE, XML_TITLE
from linear_emulator.items import WHEN
from linear_emulator.items import public_item as item

from kbgen.config.linear import LinearSettings
from kbgen.linear_data.history import EVENTS, RoadmapMove
from kbgen.linear_data.snapshot import Snapshot
from kbgen.roadmap.exports import write_roadmap_exports
from kbgen.roadmap.feed_links import FeedLink
from kbgen.roadmap.models import RoadmapData, roadmap_from_snapshot
from tests.linear_pages import SNAPSHOT, build_linear_pages, days_since

SITE_URL = "https://help.tallyflow.example/"
ITEM_KEYS = {
    "id", "kind", "title", "status", "summary_html", "target", "labels", "created_at",
    "updated_at", "shipped_at", "customer_requests",
}  # fmt: skip
"""An item's JSON, the same in the snapshot, roadmap.json and changelog.json (item_json)."""
ROADMAP_KEYS = ITEM_KEYS | {"articles"}
ENTRY_SLUG = "fix-content-entry-in-feeds-with-evil-bidi-eng-2"
"""The first sample entry's page: its title's words."""
ENTRY_KEYS = ITEM_KEYS | {"url", "articles"}


def sample() -> RoadmapData:
    items = (
        item("ENG-1", title=HOSTILE_TITLE, target="2027-Q1"),
        item(
            "ENG-2",
            "shipped",
            title=XML_TITLE,
            shipped_at=date(2026, 11, 20),
            summary_html="<p>a &amp; b ]]&gt; &#123;&#123; x &#125;&#125;</p>",
        ),
        item("abc123", "shipped", shipped_at=date(2026, 8, 1)),
    )
    return roadmap_from_snapshot(Snapshot(WHEN, items), "linear", LinearSettings(), TODAY)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write_roadmap_exports(sample(), tmp_path, SITE_URL)
    return tmp_path


def test_feed_is_valid_atom(site: Path) -> None:
    """feedparser reads it as Atom 1.0 without complaint."""
    feed = feedparser.parse((site / "changelog" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.id for e in feed.entries] == [
        f"{SITE_URL}changelog/#eng-2",
        f"{SITE_URL}changelog/#project-abc123",
    ]


def test_feed_text_is_escaped_not_interpreted(site: Path) -> None:
    """Hostile titles come back as the same text; summaries as HTML content."""
    root = ET.parse(site / "changelog" / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [t.text for t in root.findall("a:entry/a:title", ns)]
    assert titles[0] == "Fix ]]></content> & <entry> in feeds with evil bidi"
    content = root.find("a:entry/a:content", ns)
    assert content is not None and content.get("type") == "html"
    assert content.text == "<p>a &amp; b ]]&gt; &#123;&#123; x &#125;&#125;</p>"


def test_feed_links_are_absolute_with_site_url(site: Path) -> None:
    """With site_url, entry links (each entry's own page) and the self link are absolute;
    the entry ids stay the changelog anchors feed readers already know."""
    feed = feedparser.parse((site / "changelog" / "feed.xml").read_bytes())
    assert feed.entries[0].link == f"{SITE_URL}changelog/{ENTRY_SLUG}/"
    assert feed.entries[0].id == f"{SITE_URL}changelog/#eng-2"
    assert any(
        link.rel == "self" and link.href == f"{SITE_URL}changelog/feed.xml"
        for link in feed.feed.links
    )


def test_feed_without_site_url_is_still_valid(tmp_path: Path) -> None:
    """No site_url: relative links and URN ids, still valid Atom."""
    write_roadmap_exports(sample(), tmp_path, None)
    text = (tmp_path / "changelog" / "feed.xml").read_text()
    feed = feedparser.parse(text)
    assert not feed.bozo and feed.entries[0].id == "urn:kbgen:changelog:eng-2"
    assert f'href="./{ENTRY_SLUG}/"' in text


def _move(event: str, item_id: str = "ENG-2") -> RoadmapMove:
    """A move of the sample's ``item_id`` (ENG-2 shipped and has a changelog entry page)."""
    return RoadmapMove(WHEN, event, item_id, "issue", "T", "shipped", None, None, ())


@pytest.mark.parametrize("site_url", [SITE_URL, None])
@pytest.mark.parametrize("event", EVENTS)
def test_a_shipped_move_links_its_changelog_entry_page(
    tmp_path: Path, event: str, site_url: str | None
) -> None:
    """In the roadmap feeds "Shipped" leads to the entry's own page (the page that exists for
    it); every other move, and a shipped item without an entry, to its roadmap card."""
    feed = FeedLink("Roadmap", "roadmap/feeds/all.xml")
    moves = [_move(event), _move(event, "ENG-9")]
    write_roadmap_exports(sample(), tmp_path, site_url, history=moves, roadmap_feeds=[feed])
    parsed = feedparser.parse((tmp_path / feed.path).read_bytes())
    assert not parsed.bozo
    links = [urljoin(f"{SITE_URL}{feed.path}", entry.link) for entry in parsed.entries]
    card = f"{SITE_URL}roadmap/" if event == "removed" else f"{SITE_URL}roadmap/#eng-"
    page = f"{SITE_URL}changelog/{ENTRY_SLUG}/"
    assert links[0] == page if event == "shipped" else links[0].startswith(card)
    assert links[1].startswith(card)


def test_roadmap_json_shape(site: Path) -> None:
    """api/roadmap.json has exactly the documented keys."""
    document = json.loads((site / "api" / "roadmap.json").read_text())
    assert document["generated_at"] == "2026-11-25T03:00:00Z" and document["source"] == "linear"
    assert set(document) == {"generated_at", "source", "items"}
    assert all(set(entry) == ROADMAP_KEYS for entry in document["items"])
    first = document["items"][0]
    assert first["id"] == "ENG-1" and first["kind"] == "issue" and first["status"] == "planned"
    assert first["title"] == HOSTILE_TITLE and first["target"] == "2027-Q1"
    assert first["updated_at"] == "2026-11-25T03:00:00Z"


def test_changelog_json_shape(site: Path) -> None:
    """api/changelog.json has 'entries' with the documented keys, newest first."""
    document = json.loads((site / "api" / "changelog.json").read_text())
    assert set(document) == {"generated_at", "source", "entries"}
    assert [e["shipped_at"] for e in document["entries"]] == ["2026-11-20", "2026-08-01"]
    assert all(set(entry) == ENTRY_KEYS for entry in document["entries"])
    assert all(re.fullmatch(r"changelog/[a-z0-9-]+/", e["url"]) for e in document["entries"])
    assert len({e["url"] for e in document["entries"]}) == len(document["entries"])


def test_request_counts_only_when_enabled() -> None:
    """customer_requests is a number in roadmap.json only with show_request_counts (null
    otherwise, as in the snapshot of an item without one)."""
    snapshot = Snapshot(WHEN, (item("ENG-1", customer_requests=4),))
    shown = roadmap_from_snapshot(
        snapshot, "linear", LinearSettings(show_request_counts=True), TODAY
    )
    hidden = roadmap_from_snapshot(snapshot, "linear", LinearSettings(), TODAY)
    from kbgen.roadmap.exports import roadmap_json

    assert roadmap_json(shown)["items"][0]["customer_requests"] == 4
    assert roadmap_json(hidden)["items"][0]["customer_requests"] is None


# -- the whole pipeline --------------------------------------------------------------------


@pytest.fixture
def outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Build a site pulling from the emulator; every page and export it wrote, and the snapshot."""
    linear = {
        "page_size": 20,
        "labels": ["Invoicing", "Bug"],
        "changelog_days": days_since(date(2025, 12, 1)),
        "shipped_days": days_since(date(2026, 11, 1)),
    }
    with LinearEmulator(generate_workspace(), TEST_KEY) as emulator:
        monkeypatch.setenv("LINEAR_API_KEY", TEST_KEY)
        monkeypatch.setenv("KBGEN_LINEAR_API_URL", emulator.url)
        pages = build_linear_pages(tmp_path, linear)
        assert emulator.requests, "the build did not pull from Linear"
        site = pages.site
        files = {
            str(p.relative_to(tmp_path)): p.read_text(encoding="utf-8")
            for p in site.rglob("*")
            if p.suffix in (".html", ".xml", ".json", ".txt")
        }
        files["roadmap.html"] = pages.roadmap
        files["changelog.html"] = pages.changelog
        files["snapshot"] = (tmp_path / SNAPSHOT).read_text()
        yield files


def test_no_private_token_in_any_output(outputs: dict[str, str]) -> None:
    """Private markers, customers, Linear URLs and the key appear in no page, feed or JSON."""
    for name, text in outputs.items():
        for token in (PRIVATE, TEST_KEY, "linear.app", "Customer"):
            assert token not in text, f"{token!r} leaked into {name}"


class Elements(HTMLParser):
    """Every (tag, attributes) in an HTML fragment, as a browser would see them."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def test_no_unsafe_element_or_link_anywhere(outputs: dict[str, str]) -> None:
    """No script or image element, event handler or javascript: link in any HTML we emit.

    Titles may *say* '<script>' as text: JSON keeps the text, markup escapes it.
    """
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(outputs["site/changelog/feed.xml"].encode())
    fragments = [outputs["roadmap.html"], outputs["changelog.html"]]
    fragments += [c.text or "" for c in feed.iter(f"{atom}content")]
    for name in ("site/api/roadmap.json", "site/api/changelog.json", "snapshot"):
        document = json.loads(outputs[name])
        fragments += [e["summary_html"] for e in document.get("items", document.get("entries"))]
    for fragment in fragments:
        for tag, attributes in Elements(fragment).found:
            assert tag not in ("script", "img", "iframe", "style")
            assert not any(name.startswith("on") for name in attributes)
            assert not (attributes.get("href") or "").lower().startswith("javascript")


def test_template_markers_are_inert_in_pages(outputs: dict[str, str]) -> None:
    """No '{{' or '{%' survives in page HTML, though titles contain them."""
    for text in (outputs["roadmap.html"], outputs["changelog.html"]):
        assert "{{" not in text and "{%" not in text
    assert HOSTILE_TITLE in html.unescape(outputs["roadmap.html"])  # shown, as typed
