"""The hostile Linear descriptions in tests/hostile/linear_markdown/, through the real pipeline.

Each corpus file is one description (of an issue, or a project's content): ``KEEP`` marks
text that must be published, ``SECRET`` text that must not (it follows an Internal heading, or
sits before or inside what ends the section). They are served by the Linear emulator, pulled
and built by MkDocs; the snapshot, roadmap and changelog pages, their JSON, the feed and the
search bundle are then read. Links are judged on the parsed HTML: every ``href`` left anywhere
is plain http(s) to a non-Linear host. A tampered snapshot holding raw links into Linear is
built too.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from linear_emulator import PRIVATE, TEST_KEY, LinearEmulator, generate_workspace
from linear_emulator.items import WHEN
from linear_emulator.items import public_item as item
from linear_emulator.sites import write_site

from kbgen.linear_data.snapshot import Snapshot
from kbgen.linear_data.urls import browser_url, is_linear_host, public_href
from kbgen.mkdocs.build import build_site
from tests.linear_data.test_linear_urls import INTO_LINEAR
from tests.linear_pages import build_linear_pages
from tests.mkdocs.test_search_index import fragments

CORPUS = Path(__file__).parents[1] / "hostile" / "linear_markdown"
DESCRIPTIONS = {path.stem: path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.md"))}
SAFE_LINKS = {
    "https://tallyflow.example/docs",
    "https://status.tallyflow.example/",
    "https://docs.tallyflow.example/a?b=c#d",
}


def _marked(name: str) -> str:
    text = DESCRIPTIONS[name]
    return text.replace("KEEP", f"kept-{name}-end").replace("SECRET", f"{PRIVATE}-{name}-end")


class _Hrefs(HTMLParser):
    """Every href attribute of an HTML text, as a browser parses the markup."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value or "" for name, value in attrs if name in ("href", "src")]


def _summaries(outputs: dict[str, str]) -> list[str]:
    """summary_html of every item in both JSON exports and the snapshot, and feed contents."""
    found: list[str] = []
    for name in ("api/roadmap.json", "api/changelog.json", "snapshot"):
        document = json.loads(outputs[name])
        found += [e["summary_html"] for e in document.get("items", document.get("entries"))]
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(outputs["changelog/feed.xml"].encode())
    return found + [entry.text or "" for entry in feed.iter(f"{atom}content")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One public issue or project per corpus file, pulled from the emulator and built."""
    root = tmp_path_factory.mktemp("hostile-markdown")
    workspace = generate_workspace(public_issues=len(DESCRIPTIONS))
    slots: list[tuple[object, str]] = [
        *((issue, "description") for issue in workspace.issues if issue.expect),
        *((project, "content") for project in workspace.projects if project.expect),
    ]
    assert len(slots) >= len(DESCRIPTIONS)
    for (record, field), name in zip(slots, DESCRIPTIONS, strict=False):
        setattr(record, field, _marked(name))
    config = write_site(root, {"page_size": 50, "max_retries": 0, "timeout_seconds": 5})
    with LinearEmulator(workspace, TEST_KEY) as emulator, pytest.MonkeyPatch.context() as env:
        env.setenv("LINEAR_API_KEY", TEST_KEY)
        env.setenv("KBGEN_LINEAR_API_URL", emulator.url)
        site = build_site(config, root / "site")
        assert emulator.requests, "the build did not pull from Linear"
    names = ("roadmap/index.html", "changelog/index.html", "api/roadmap.json")
    names += ("api/changelog.json", "changelog/feed.xml")
    outputs = {name: (site / name).read_text(encoding="utf-8") for name in names}
    outputs["snapshot"] = (root / "data" / "linear-snapshot.json").read_text(encoding="utf-8")
    outputs["pagefind"] = json.dumps(fragments(site))
    yield outputs


@pytest.mark.parametrize("name", DESCRIPTIONS)
def test_internal_text_reaches_no_output(built: dict[str, str], name: str) -> None:
    """Pages, JSON, feed, snapshot and search bundle hold the public text, never the rest."""
    for output, text in built.items():
        assert f"{PRIVATE}-{name}-end" not in text, f"{name} leaked into {output}"
    published = built["api/roadmap.json"] + built["api/changelog.json"] + built["snapshot"]
    assert (f"kept-{name}-end" in published) == ("KEEP" in DESCRIPTIONS[name])


def test_search_bundle_holds_the_corpus(built: dict[str, str]) -> None:
    """The search bundle really indexes these summaries, so its leak check is not vacuous."""
    assert "kept-fence-longer-closer-end" in built["pagefind"]


def test_every_href_left_is_plain_and_not_linear(built: dict[str, str]) -> None:
    """No link in any page or summary opens Linear; the plain safe links survive."""
    hrefs = [
        href
        for markup in [built["roadmap/index.html"], *_summaries(built)]
        for href in _Hrefs(markup).found
    ]
    summary_hrefs = {href for markup in _summaries(built) for href in _Hrefs(markup).found}
    assert summary_hrefs >= SAFE_LINKS
    assert all(public_href(href) == href for href in summary_hrefs)
    for href in hrefs:
        parsed = browser_url(href)
        assert parsed is None or not is_linear_host(parsed.host), href


def test_tampered_snapshot_links_into_linear_are_dropped(tmp_path: Path) -> None:
    """A snapshot edited to hold raw links into Linear is sanitised again when built."""
    anchors = "".join(f'<a href="{href}">link {n}</a> ' for n, href in enumerate(INTO_LINEAR))
    markup = f'<p>{anchors}<a href="https://tallyflow.example/ok">ok</a></p>'
    snapshot = Snapshot(WHEN, (item("ENG-1", summary_html=markup),))
    pages = build_linear_pages(tmp_path, {"snapshot": "data/linear-snapshot.json"}, snapshot)
    exported = json.loads((pages.site / "api" / "roadmap.json").read_text(encoding="utf-8"))
    for markup_out in (pages.roadmap, exported["items"][0]["summary_html"]):
        hrefs = _Hrefs(markup_out).found
        assert "https://tallyflow.example/ok" in hrefs and "link 3" in markup_out
        assert all(public_href(href) == href for href in hrefs if "tallyflow" in href)
        assert not any(is_linear_host(getattr(browser_url(h), "host", "")) for h in hrefs)
