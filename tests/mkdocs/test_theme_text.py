"""Frontmatter, folder names, _defaults.yml and site_config.yml texts reach pages as plain text.

Real builds with a hostile value in every field, parsed as a browser would: no injected
element or attribute exists anywhere, and each place shows the text exactly as written.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from kbgen.content.articles import title_from_path
from kbgen.mkdocs.build import build_site
from tests.html_tree import Element, parse
from tests.mkdocs.test_search_index import fragments

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "single-quote": "' onmouseover='alert(1)' x='",
    "title-breakout": "</title><script>alert(1)</script>",
    "keys": "Press <Tab> then <Enter> & AT&T",
    "entities": "&lt;b&gt; &amp; &#34;",
}
RECENT = (date.today() - timedelta(days=3)).isoformat()


def folder_name(payload: str) -> str:
    """The payload as a folder name (a name cannot hold '/')."""
    return f"Folder {payload.replace('/', '')}"


def yaml_text(fields: dict[str, object]) -> str:
    """YAML lines for ``fields`` (JSON values are YAML, and quote anything)."""
    return "".join(f"{key}: {json.dumps(value)}\n" for key, value in fields.items())


def write_site(root: Path, payload: str) -> Path:
    """A site with ``payload`` in every text kbgen hands the theme; returns the config path."""
    files = {
        "billing/_defaults.yml": yaml_text(
            {"title": f"Billing {payload}", "description": f"Money {payload}", "owner": "ops"}
        ),
        "billing/refund.md": "---\n"
        + yaml_text(
            {
                "title": f"Refund {payload}",
                "description": f"Give back {payload}",
                "tags": [f"tag {payload}", "plain"],
                "last_reviewed": RECENT,
            }
        )
        + "---\n\nSome text.\n",
        "billing/heading.md": f"---\nlast_reviewed: {RECENT}\n---\n\n"
        f"# Heading {html.escape(payload)}\n\nText under a heading.\n",
        f"{folder_name(payload)}/other.md": "---\n"
        + yaml_text({"title": "Other", "owner": "ops", "last_reviewed": RECENT})
        + "---\n\nMore.\n",
    }
    for name, text in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = root / "site_config.yml"
    config.write_text(
        yaml_text({"site_name": f"Help {payload}", "site_description": f"About {payload}"}),
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Build (once per payload) the hostile site; return its output folder."""
    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in built:
            root = tmp_path_factory.mktemp(f"hostile-{name}")
            built[name] = build_site(write_site(root, PAYLOADS[name]), root / "site", strict=True)
        return built[name]

    return get


def page(site: Path, path: str) -> Element:
    return parse((site / path).read_text(encoding="utf-8"))


def texts(tree: Element, predicate: Callable[[Element], bool]) -> list[str]:
    return [element.text for element in tree.find_all(predicate)]


def meta_content(tree: Element, attribute: str, value: str) -> list[str]:
    return [e.attrs.get("content", "") for e in tree.iter()
            if e.tag == "meta" and e.attrs.get(attribute) == value]  # fmt: skip


def injected(tree: Element) -> list[str]:
    """Elements and attributes that only an injection could have made."""
    found = []
    for element in tree.iter():
        handlers = [n for n, v in element.attrs.items() if n.startswith("on") and "alert" in v]
        if handlers or (element.tag == "img" and element.attrs.get("src") == "x"):
            found.append(f"<{element.tag} {element.attrs}>")
        if element.tag == "script" and "alert(" in element.raw_text():
            found.append(f"<script>{element.raw_text()[:80]}")
        if element.tag in ("tab", "enter") or "x'" in element.attrs:
            found.append(f"<{element.tag} {element.attrs}>")
    return found


@pytest.mark.parametrize("name", PAYLOADS)
def test_no_page_holds_injected_markup(hostile_site: Callable[[str], Path], name: str) -> None:
    """No built page has an element or attribute the hostile texts would have injected."""
    site = hostile_site(name)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 6
    for path in pages:
        assert injected(page(site, str(path.relative_to(site)))) == [], path


@pytest.mark.parametrize("name", PAYLOADS)
def test_article_title_shows_as_written(hostile_site: Callable[[str], Path], name: str) -> None:
    """Frontmatter title: <title>, <h1>, header, og:title, all exactly as written."""
    payload, site = PAYLOADS[name], hostile_site(name)
    tree = page(site, "billing/refund/index.html")
    title = f"Refund {payload}"
    assert texts(tree, lambda e: e.tag == "title") == [f"{title} - Help {payload}"]
    assert texts(tree, lambda e: e.tag == "h1") == [title]
    assert title in texts(tree, lambda e: e.has_class("md-ellipsis"))
    assert meta_content(tree, "property", "og:title") == [title]


@pytest.mark.parametrize("name", PAYLOADS)
def test_heading_title_shows_as_written(hostile_site: Callable[[str], Path], name: str) -> None:
    """A title MkDocs takes from the first heading shows as text in <title> too."""
    payload, site = PAYLOADS[name], hostile_site(name)
    tree = page(site, "billing/heading/index.html")
    assert texts(tree, lambda e: e.tag == "title") == [f"Heading {payload} - Help {payload}"]


@pytest.mark.parametrize("name", PAYLOADS)
def test_description_shows_as_written(hostile_site: Callable[[str], Path], name: str) -> None:
    """Frontmatter description: meta description, og:description and the category listing."""
    payload, site = PAYLOADS[name], hostile_site(name)
    description = f"Give back {payload}"
    tree = page(site, "billing/refund/index.html")
    assert meta_content(tree, "name", "description") == [description]
    assert meta_content(tree, "property", "og:description") == [description]
    listing = page(site, "billing/index.html")
    assert description in texts(listing, lambda e: e.has_class("kbgen-listing__description"))


@pytest.mark.parametrize("name", PAYLOADS)
def test_tags_show_as_written(hostile_site: Callable[[str], Path], name: str) -> None:
    """Tags: the chips on the article and the headings and links of the tag index."""
    payload, site = PAYLOADS[name], hostile_site(name)
    chips = texts(page(site, "billing/refund/index.html"), lambda e: e.has_class("md-tag"))
    assert sorted(chips) == sorted([f"tag {payload}", "plain"])
    index = page(site, "tags/index.html")
    assert f"tag {payload}" in texts(index, lambda e: e.has_class("md-tag"))
    assert f"Refund {payload}" in texts(index, lambda e: e.tag == "a")


@pytest.mark.parametrize("name", PAYLOADS)
def test_category_title_shows_as_written(hostile_site: Callable[[str], Path], name: str) -> None:
    """_defaults.yml title and description: category page, navigation, breadcrumbs, home."""
    payload, site = PAYLOADS[name], hostile_site(name)
    title = f"Billing {payload}"
    category = page(site, "billing/index.html")
    assert texts(category, lambda e: e.tag == "h1") == [title]
    assert texts(category, lambda e: e.tag == "title") == [f"{title} - Help {payload}"]
    assert meta_content(category, "name", "description") == [f"Money {payload}"]
    article = page(site, "billing/refund/index.html")
    assert title in texts(article, lambda e: e.has_class("md-nav__link"))
    assert texts(article, lambda e: e.has_class("kbgen-breadcrumbs__link")) == ["Home", title]
    home = page(site, "index.html")
    assert title in texts(home, lambda e: e.has_class("kbgen-category-card__title"))
    assert f"Money {payload}" in texts(home, lambda e: e.tag == "p")


@pytest.mark.parametrize("name", PAYLOADS)
def test_folder_name_shows_as_written(hostile_site: Callable[[str], Path], name: str) -> None:
    """A category titled by its folder name: navigation and home page show the name as text."""
    payload, site = PAYLOADS[name], hostile_site(name)
    title = title_from_path(Path(folder_name(payload)))
    home = page(site, "index.html")
    assert title in texts(home, lambda e: e.has_class("kbgen-category-card__title"))
    assert title in texts(home, lambda e: e.has_class("md-nav__link"))


@pytest.mark.parametrize("name", PAYLOADS)
def test_site_texts_show_as_written(hostile_site: Callable[[str], Path], name: str) -> None:
    """site_name and site_description: home <title>, header, hero and meta description."""
    payload, site = PAYLOADS[name], hostile_site(name)
    home = page(site, "index.html")
    assert texts(home, lambda e: e.tag == "title") == [f"Help {payload}"]
    assert texts(home, lambda e: e.tag == "h1") == [f"Help {payload}"]
    assert meta_content(home, "name", "description") == [f"About {payload}"]
    assert meta_content(home, "property", "og:site_name") == [f"Help {payload}"]


@pytest.mark.parametrize("name", PAYLOADS)
def test_search_bundle_holds_the_text(hostile_site: Callable[[str], Path], name: str) -> None:
    """Pagefind's records hold the title as text (search.js only ever sets it as text)."""
    payload, site = PAYLOADS[name], hostile_site(name)
    refund = next(r for r in fragments(site) if r["url"] == "/billing/refund/")
    assert refund["meta"]["title"] == f"Refund {payload}"


@pytest.mark.parametrize("name", PAYLOADS)
def test_articles_json_keeps_raw_text(hostile_site: Callable[[str], Path], name: str) -> None:
    """api/articles.json is data: it holds the texts as written, for the widget to show."""
    payload, site = PAYLOADS[name], hostile_site(name)
    records = json.loads((site / "api" / "articles.json").read_text("utf-8"))["articles"]
    refund = next(record for record in records if record["path"] == "billing/refund.md")
    assert (refund["title"], refund["category"]) == (f"Refund {payload}", f"Billing {payload}")
    assert refund["tags"] == [f"tag {payload}", "plain"]
