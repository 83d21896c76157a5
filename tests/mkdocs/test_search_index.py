"""The Pagefind search bundle of real builds: what is indexed, languages, records, failures."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbgen.errors import BuildError
from kbgen.mkdocs.build import build_site
from tests.conftest import article, write_site

REPO = Path(__file__).resolve().parents[2]
ROADMAP_CONFIG = (
    "site_name: Test Help\nlinear:\n  snapshot: data/linear-snapshot.json\n"
    "feedback:\n  form_url: https://help.acme.example/feedback\n"
)


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def fragments(site: Path) -> list[dict]:
    """Every record of the Pagefind bundle (url, content, meta), decoded from its fragments."""
    found = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    return found


def entry(site: Path) -> dict:
    """pagefind-entry.json: the languages of the bundle and their page counts."""
    return json.loads(read(site, "pagefind/pagefind-entry.json"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Articles (one with search_terms, one in German) and the demo Linear snapshot, built once
    for the module (every test only reads it)."""
    root = tmp_path_factory.mktemp("indexed")
    (root / "data").mkdir()
    shutil.copy(REPO / "data" / "linear-snapshot.json", root / "data")
    config = write_site(
        root,
        {
            "billing/_defaults.yml": "title: Billing\n",
            "billing/refunds.md": article(
                "Issue a refund", extra="search_terms: [money back, chargeback]"
            ),
            "billing/rechnung.md": article(
                "Rechnung herunterladen", extra="lang: de", body="Laden Sie Rechnungen herunter.\n"
            ),
        },
        config=ROADMAP_CONFIG,
    )
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.delenv("LINEAR_API_KEY", raising=False)
        yield build_site(config, root / "site", strict=True)


def test_article_body_is_marked_and_the_rest_ignored(site: Path) -> None:
    """data-pagefind-body holds the title (weighted) and text; trust line and feedback are out."""
    html = read(site, "billing/refunds/index.html")
    body = html.split("data-pagefind-body", 1)[1]
    assert '<h1 data-pagefind-meta="title" data-pagefind-weight="10">Issue a refund</h1>' in body
    assert 'data-pagefind-filter="kind:Article"' in body
    assert 'data-pagefind-filter="category:Billing"' in body
    ignored = body.split('data-pagefind-ignore="all"')
    assert 'class="kbgen-trust"' in ignored[1]
    indexed = {page["url"]: page["content"] for page in fragments(site)}["/billing/refunds/"]
    assert "Was this page helpful" not in indexed and "Copy as Markdown" not in indexed
    assert 'data-pagefind-ignore="all"' in html.split('<div class="kbgen-search-body"', 1)[0]


def test_search_terms_are_hidden_weighted_and_last(site: Path) -> None:
    """search_terms are a hidden, weighted element at the end of the body, with their count."""
    html = read(site, "billing/refunds/index.html")
    hidden = '<div hidden data-pagefind-weight="5" data-pagefind-meta="terms_words:3">'
    assert hidden + "money back chargeback</div>\n</div>" in html


def test_records_hold_title_kind_and_anchor(site: Path) -> None:
    """Each roadmap card and changelog entry is a record linked to its anchor, with its kind."""
    records = {record["url"]: record for record in fragments(site)}
    roadmap = json.loads(read(site, "api/roadmap.json"))["items"]
    card = roadmap[0]
    anchor = card["id"].lower() if card["kind"] == "issue" else f"project-{card['id'].lower()}"
    record = records[f"/roadmap/#{anchor}"]
    assert record["meta"] == {"title": card["title"], "kind": "Roadmap"}
    assert record["content"].startswith(card["title"])
    article = records["/billing/refunds/"]
    assert article["meta"]["title"] == "Issue a refund"
    assert article["meta"]["category"] == "Billing" and article["meta"]["kind"] == "Article"
    # Title, body and search_terms only: no trust line, feedback widget or navigation.
    assert article["content"] == "Issue a refund. Some helpful text. money back chargeback."


def test_pages_other_than_articles_are_not_indexed(site: Path) -> None:
    """Home, category, tags, roadmap and changelog pages carry no data-pagefind-body."""
    for page in ("index.html", "billing/index.html", "tags/index.html", "roadmap/index.html"):
        assert "data-pagefind-body" not in read(site, page)


def test_site_language_and_page_language(site: Path) -> None:
    """English from theme.language; a page with lang: de is a German Pagefind document."""
    assert '<html lang="de" class="no-js">' in read(site, "billing/rechnung/index.html")
    languages = entry(site)["languages"]
    roadmap = json.loads(read(site, "api/roadmap.json"))
    changelog = json.loads(read(site, "api/changelog.json"))
    records = len(roadmap["items"]) + len(changelog["entries"])
    assert languages["en"]["page_count"] == 1 + records
    assert languages["de"]["page_count"] == 1


def test_theme_language_drives_the_index_language(make_site, tmp_path: Path) -> None:
    """theme.language: fr puts every page into a French index."""
    config = make_site(
        {"aide/facture.md": article("Télécharger une facture")},
        config="site_name: Aide\ntheme:\n  language: fr\n",
    )
    site = build_site(config, tmp_path / "site")
    assert set(entry(site)["languages"]) == {"fr"}


def test_failed_index_keeps_the_previous_site(
    make_site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When Pagefind cannot run, the build fails and the previous site stays in place."""
    config = make_site({"help/a.md": article("A")})
    target = tmp_path / "site"
    build_site(config, target)
    before = read(target, "help/a/index.html")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(BuildError, match="search index failed: Pagefind binary not found"):
        build_site(config, target)
    assert read(target, "help/a/index.html") == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


def test_pagefind_dying_mid_build_fails_the_build(
    make_site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Pagefind process that exits at once fails the build with one line, without hanging."""
    config = make_site({"help/a.md": article("A")})
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    with pytest.raises(BuildError, match="search index failed: Pagefind stopped"):
        build_site(config, tmp_path / "site")
    assert not (tmp_path / "site").exists()
