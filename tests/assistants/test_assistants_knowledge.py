"""kbgen mcp's article lookup as plain data: every way of naming an article finds its twin,
and nothing unpublished is found."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.assistants.knowledge import AssistantError, load_published
from kbgen.pages.twins import twin_file, twin_path, twin_text

SLUG = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)


def published_site(root: Path, paths: list[str]) -> Path:
    """A built site's api/articles.json and twins for articles at ``paths`` (cat/slug.md)."""
    records = []
    for path in paths:
        url = quote(path.removesuffix(".md")) + "/"  # MkDocs encodes page URLs
        record = {"title": path, "url": url, "path": path, "description": None, "owner": None,
                  "last_reviewed": "2026-11-01", "status": "ok", "changes": []}  # fmt: skip
        records.append(record)
        twin = root / twin_file(url)
        twin.parent.mkdir(parents=True, exist_ok=True)
        twin.write_text(twin_text(record, f"Body of {path}.", None), encoding="utf-8")
    (root / "api").mkdir(parents=True, exist_ok=True)
    (root / "api/articles.json").write_text(json.dumps({"articles": records}), encoding="utf-8")
    return root


@pytest.mark.parametrize("site_url", ["https://help.example/", "https://example.com/help/"])
@pytest.mark.parametrize(
    "form",
    [
        "{path}",
        "{slug}",
        "{slug}/",
        "/{slug}/",
        "{slug}.md",
        "{slug}/index.html",
        "{site}{slug}/",
        "{site}{slug}.md",
        "{site}{slug}/#anchor",
        "{site}{slug}/?q=1",
        "  {slug}/  ",
        "{encoded}/",
    ],
)
def test_every_naming_of_an_article_finds_its_twin(
    tmp_path: Path, site_url: str, form: str
) -> None:
    """Path, site path, page URL (absolute, with fragment or query), twin URL all resolve."""
    articles = load_published(published_site(tmp_path, ["billing/issue-a-refund.md"]), site_url)
    slug = "billing/issue-a-refund"
    reference = form.format(
        path=f"{slug}.md", slug=slug, site=site_url, encoded=quote(slug, safe="")
    )
    assert articles.article(reference) == (tmp_path / f"{slug}.md").read_text(encoding="utf-8")


def test_other_sites_path_is_read_as_a_site_path(tmp_path: Path) -> None:
    """An absolute URL on another host is judged by its path below the site's base path."""
    articles = load_published(published_site(tmp_path, ["a/b.md"]), "https://example.com/help/")
    assert "Body of a/b.md." in articles.article("http://localhost:8000/help/a/b/")


@pytest.mark.parametrize("reference", ["", "a", "a/", "_drafts/x.md", "../a/b.md", "a/c/"])
def test_unpublished_references_are_a_clear_error(tmp_path: Path, reference: str) -> None:
    """Anything that is not a published article is an AssistantError naming it."""
    articles = load_published(published_site(tmp_path, ["a/b.md"]))
    with pytest.raises(AssistantError, match="no published article at"):
        articles.article(reference)


def test_a_record_without_a_twin_is_not_served(tmp_path: Path) -> None:
    """api/articles.json lists it, but no twin was written: it is not published to assistants."""
    site = published_site(tmp_path, ["a/b.md", "a/c.md"])
    (site / "a/c.md").unlink()
    articles = load_published(site)
    assert [record["path"] for record in articles.records] == ["a/b.md"]


def test_missing_site_says_to_build_first(tmp_path: Path) -> None:
    """No api/articles.json: one line saying to build the site first."""
    with pytest.raises(AssistantError, match="build the site first"):
        load_published(tmp_path)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(SLUG, SLUG), min_size=1, max_size=6, unique=True))
def test_each_article_is_found_by_each_of_its_names(pairs: list[tuple[str, str]]) -> None:
    """Property: for any set of articles, path, page URL and twin URL find that article."""
    import tempfile

    paths = [f"{category}/{slug}.md" for category, slug in pairs]
    with tempfile.TemporaryDirectory() as folder:
        articles = load_published(published_site(Path(folder), paths), "https://h.example/")
        for path in paths:
            page = path.removesuffix(".md") + "/"
            for reference in (path, page, "https://h.example/" + page, twin_path(page)):
                assert articles.find(reference)["path"] == path


def test_search_without_search_data_says_to_rebuild(tmp_path: Path) -> None:
    """A site built without the search data answers search with one line, not a traceback."""
    from kbgen.assistants.site_search import search_site

    articles = load_published(published_site(tmp_path, ["a/b.md"]))
    with pytest.raises(AssistantError, match="no usable search data"):
        search_site(articles, "refund")


@pytest.mark.parametrize(
    "reference",
    ["billing/fish & <chips>/", "billing/fish%20%26%20%3Cchips%3E/", "billing/fish & <chips>.md",
     "https://h.example/billing/fish%20%26%20%3Cchips%3E/", "billing/fish%20%26%20%3Cchips%3E.md"],
)  # fmt: skip
def test_encoded_page_urls_are_found_decoded_or_not(tmp_path: Path, reference: str) -> None:
    """MkDocs encodes page URLs; an article is found by its URL encoded or as written."""
    site = published_site(tmp_path, ["billing/fish & <chips>.md"])
    articles = load_published(site, "https://h.example/")
    assert articles.find(reference)["path"] == "billing/fish & <chips>.md"
    assert "Body of billing/fish & <chips>.md." in articles.article(reference)
