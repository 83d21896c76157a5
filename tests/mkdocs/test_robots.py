"""SEO basics on the built sample site: sitemap, canonical URL, description, Open Graph, robots."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from kbgen.config import load_config
from kbgen.mkdocs.build import build_site
from kbgen.pages.robots import robots_txt, write_robots_txt
from tests.conftest import article

REPO = Path(__file__).resolve().parents[2]
SAMPLE = load_config(REPO / "site_config.yml")
SITE_URL = SAMPLE.site_url
OPEN_GRAPH = ("og:title", "og:description", "og:url", "og:type", "og:site_name")


class HeadTags(HTMLParser):
    """The ``<meta>`` and ``<link rel=canonical>`` values of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            key = values.get("property") or values["name"]
            self.meta.setdefault(key, []).append(values.get("content", ""))
        elif tag == "link" and values.get("rel") == "canonical":
            self.canonical.append(values.get("href", ""))


def head_tags(path: Path) -> HeadTags:
    parser = HeadTags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample site, built once for this module (never from Linear)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("LINEAR_API_KEY", raising=False)
        return build_site(REPO / "site_config.yml", tmp_path_factory.mktemp("seo") / "site")


@pytest.fixture(scope="module")
def articles(site: Path) -> list[dict[str, Any]]:
    return json.loads((site / "api" / "articles.json").read_text("utf-8"))["articles"]


def html_pages(site: Path) -> list[Path]:
    """Every page of the site but the 404 page (which has no URL of its own)."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def page_url(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return SITE_URL + rel.removesuffix("index.html")


def test_robots_txt_points_at_the_sitemap() -> None:
    """With a site URL, robots.txt allows everything and names the absolute sitemap URL."""
    assert robots_txt("https://help.example/docs/") == (
        "User-agent: *\nAllow: /\nSitemap: https://help.example/docs/sitemap.xml\n"
    )


def test_robots_txt_without_site_url_has_no_sitemap_line() -> None:
    """Without a site URL there is no absolute sitemap URL to give."""
    assert robots_txt(None) == "User-agent: *\nAllow: /\n"


def test_robots_txt_from_the_content_folder_wins(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """A robots.txt the writers put in content/ is published as is."""
    config = make_site(
        {"faq/a.md": article("A"), "robots.txt": "User-agent: *\nDisallow: /drafts/\n"},
        config=f"site_name: Test Help\nsite_url: {SITE_URL}\n",
    )
    site = build_site(config, tmp_path / "out")
    assert (site / "robots.txt").read_text("utf-8") == "User-agent: *\nDisallow: /drafts/\n"


def test_write_robots_txt_writes_into_the_site(tmp_path: Path) -> None:
    """The post-build step writes robots.txt when the site has none."""
    write_robots_txt(tmp_path, SITE_URL)
    assert (tmp_path / "robots.txt").read_text("utf-8") == robots_txt(SITE_URL)


def test_built_site_has_robots_txt(site: Path) -> None:
    """The sample site ships robots.txt pointing at its sitemap."""
    assert (site / "robots.txt").read_text("utf-8") == robots_txt(SITE_URL)


def test_sitemap_lists_every_article(site: Path, articles: list[dict[str, Any]]) -> None:
    """sitemap.xml holds the absolute URL of every article."""
    listed = set(re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text("utf-8")))
    missing = {SITE_URL + record["url"] for record in articles} - listed
    assert articles and missing == set()


def test_every_page_has_one_canonical_url(site: Path) -> None:
    """Each page names its own absolute URL as canonical, exactly once."""
    wrong = {
        str(page): tags.canonical
        for page in html_pages(site)
        for tags in [head_tags(page)]
        if tags.canonical != [page_url(site, page)]
    }
    assert wrong == {}


def test_every_page_has_a_description_and_open_graph_tags(site: Path) -> None:
    """Each page has one non-empty meta description and every Open Graph tag once."""
    for page in html_pages(site):
        tags = head_tags(page)
        assert len(tags.meta.get("description", [])) == 1 and tags.meta["description"][0], page
        for key in OPEN_GRAPH:
            assert len(tags.meta.get(key, [])) == 1 and tags.meta[key][0], f"{page}: {key}"
        assert tags.meta["og:url"] == [page_url(site, page)], page
        assert tags.meta["og:site_name"] == [SAMPLE.site_name], page


def test_articles_are_open_graph_articles_with_their_description(
    site: Path, articles: list[dict[str, Any]]
) -> None:
    """An article is og:type article, titled and described by its own frontmatter."""
    for record in articles:
        tags = head_tags(site / record["url"] / "index.html")
        assert tags.meta["og:type"] == ["article"]
        assert tags.meta["og:title"] == [record["title"]]
        if record["description"]:
            assert tags.meta["og:description"] == [record["description"]]
            assert tags.meta["description"] == [record["description"]]


def test_home_page_is_an_open_graph_website(site: Path) -> None:
    """The home page is og:type website, titled with the site name."""
    tags = head_tags(site / "index.html")
    assert tags.meta["og:type"] == ["website"]
    assert tags.meta["og:title"] == [SAMPLE.site_name]
