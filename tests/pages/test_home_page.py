"""The home page and an article's way around: real builds, the HTML contracts of issue 20.

``data-kbgen-home-links``, ``data-kbgen-whats-new``, ``data-kbgen-breadcrumbs`` and
``data-kbgen-related`` are contracts; ``home.featured`` and a category's ``icon:`` too.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kbgen.cli import main
from kbgen.content.articles import Article
from kbgen.errors import BuildError, ConfigError
from kbgen.mkdocs.build import build_site
from kbgen.pages.article_nav import related_articles
from tests.conftest import article
from tests.pages.test_reader_chrome import build, page

REPO = Path(__file__).resolve().parents[2]
FILES = {
    "billing/_defaults.yml": "title: Billing\nowner: b\nicon: material/receipt-text-outline\n",
    "billing/refunds.md": article("Issue a refund", extra="tags: [money, cards]"),
    "billing/plans.md": article("Plans and prices", extra="tags: [money]"),
    "billing/invoices.md": article("Send an invoice"),
    "account/_defaults.yml": "title: Account\nowner: identity\n",
    "account/password.md": article("Reset your password", extra="tags: [cards]"),
    "account/sso.md": article("Single sign-on"),
}
FULL = """\
    site_name: Acme Help
    home:
      featured: [account/sso.md, billing/plans.md]
    support:
      url: "https://acme.example/support?t={title}"
    linear:
      snapshot: data/linear-snapshot.json
      changelog_days: 365
      shipped_days: 30
"""


def block(html: str, attribute: str) -> str:
    """The element carrying ``attribute``, up to the end of its section or nav."""
    start = html.index(attribute)
    tag = html.rfind("<", 0, start)
    name = html[tag + 1 : html.index(" ", tag)]
    return html[tag : html.index(f"</{name}>", start)]


@pytest.fixture(scope="module")
def full_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Featured articles, an icon, support and the demo's Linear snapshot."""
    root = tmp_path_factory.mktemp("home-full")
    (root / "data").mkdir()
    shutil.copy(REPO / "data" / "linear-snapshot.json", root / "data")
    return build(root, FULL, FILES)


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """No featured articles, no Linear, no support; files changed on known days."""
    root = tmp_path_factory.mktemp("home-plain")
    build(root, "site_name: Plain Help\n", FILES)
    for day, name in enumerate(["billing/plans.md", "account/sso.md", "billing/refunds.md"]):
        moment = date(2026, 3, day + 1).toordinal() - date(1970, 1, 1).toordinal()
        os.utime(root / "content" / name, (moment * 86400, moment * 86400))
    return build_site(root / "site_config.yml", root / "site", strict=True)


def test_name_and_search_come_first(full_site: Path) -> None:
    """The site's name and the big search come before everything else on the home page."""
    html = page(full_site, "")
    markers = ('id="kbgen-hero-title"', "data-kbgen-search-open", "data-kbgen-home-links",
               "kbgen-categories-title", "data-kbgen-popular", "data-kbgen-whats-new")  # fmt: skip
    order = [html.index(marker) for marker in markers]
    assert order == sorted(order)


def test_ways_forward_when_they_exist(full_site: Path, plain_site: Path) -> None:
    """Roadmap, Changelog and Contact support, each linked; none without Linear or support."""
    links = block(page(full_site, ""), "data-kbgen-home-links")
    assert re.findall(r'kbgen-home-links__label">([^<]+)<', links) == [
        "Roadmap", "Changelog", "Contact support"]  # fmt: skip
    assert 'href="roadmap/"' in links and 'href="changelog/"' in links
    assert 'href="https://acme.example/support?t=Acme%20Help" data-kbgen-support' in links
    assert "data-kbgen-home-links" not in page(plain_site, "")


def test_featured_articles_in_their_order(full_site: Path) -> None:
    """home.featured lists "Popular articles" in the order written, without review dates."""
    popular = block(page(full_site, ""), "data-kbgen-popular")
    assert "Popular articles" in popular
    assert re.findall(r'kbgen-listing__title" href="([^"]+)"', popular) == [
        "account/sso/", "billing/plans/"]  # fmt: skip
    assert "Reviewed" not in popular and "Updated" not in popular


def test_fallback_is_recently_updated_never_reviewed(plain_site: Path) -> None:
    """Without home.featured: the articles changed last, newest first, with "Updated"."""
    popular = block(page(plain_site, ""), "data-kbgen-popular")
    assert "Recently updated" in popular and "Reviewed" not in popular
    titles = re.findall(r'kbgen-listing__title" href="[^"]+">([^<]+)<', popular)
    assert titles[-3:] == ["Issue a refund", "Single sign-on", "Plans and prices"]
    assert 'Updated <time datetime="2026-03-03">3 March 2026</time>' in popular


def test_whats_new_lists_the_latest_changelog_entries(full_site: Path, plain_site: Path) -> None:
    """ "What's new" holds the three newest changelog entries; none without Linear."""
    news = block(page(full_site, ""), "data-kbgen-whats-new")
    assert len(re.findall(r'class="kbgen-listing__item"', news)) == 3
    assert re.search(r'href="changelog/[^"]+"', news)
    assert "data-kbgen-whats-new" not in page(plain_site, "")


def test_category_icon_is_inlined(full_site: Path) -> None:
    """A category's icon is Material's bundled SVG, inlined (nothing fetched)."""
    cards = page(full_site, "").split('id="kbgen-categories-title"', 1)[1]
    assert '<span class="kbgen-category-card__icon" aria-hidden="true"><svg' in cards
    assert cards.count("kbgen-category-card__icon") == 1


def test_no_pager_and_no_recently_reviewed(full_site: Path) -> None:
    """The home page shows no review dates."""
    html = page(full_site, "")
    assert "Recently reviewed" not in html and "Reviewed <time" not in html


def test_breadcrumbs_home_then_category(full_site: Path) -> None:
    """An article starts with Home, then its category, in a labelled nav's ordered list."""
    html = page(full_site, "billing/refunds")
    crumbs = block(html, "data-kbgen-breadcrumbs")
    assert crumbs.startswith('<nav class="kbgen-breadcrumbs" aria-label="Breadcrumb"')
    link = r'<li><a class="kbgen-breadcrumbs__link" href="([^"]+)">([^<]+)</a></li>'
    assert re.findall(link, crumbs) == [("../../", "Home"), ("../", "Billing")]
    assert html.index("data-kbgen-breadcrumbs") < html.index("<h1")


def test_related_articles_tags_then_category(full_site: Path) -> None:
    """ "Related articles": shared tags first (most shared first), then the same category."""
    related = block(page(full_site, "billing/refunds"), "data-kbgen-related")
    titles = re.findall(r'kbgen-listing__title" href="[^"]+">([^<]+)<', related)
    assert titles == ["Plans and prices", "Reset your password", "Send an invoice"]
    assert "Issue a refund" not in titles


@pytest.mark.parametrize(
    ("featured", "problem"),
    [("billing/missing.md", "names no article"), ("billing/_defaults.yml", "article's path"),
     ("/billing/refunds.md", "must be a path inside"), ("../x.md", "climb out"),
     ("refunds.md", "article's path"), ("7", "article's path")],
)  # fmt: skip
def test_bad_featured_paths_are_refused(tmp_path: Path, featured: str, problem: str) -> None:
    """Each bad home.featured item is a site_config.yml:line error in check and build."""
    config = f"site_name: T\nhome:\n  featured:\n    - billing/plans.md\n    - {featured}\n"
    root = tmp_path / "site"
    with pytest.raises(
        ConfigError, match=rf"site_config\.yml:5: 'home\.featured\[1\]' .*{problem}"
    ):
        build(root, config, FILES)
    result = CliRunner().invoke(main, ["check", "--config", str(root / "site_config.yml")])
    assert result.exit_code == 1 and "site_config.yml:5: 'home.featured[1]'" in result.output


@pytest.mark.parametrize("icon", ["material/no-such-icon", "https://x.example/a.svg",
                                  "material/../../base", "7", "credit-card"])  # fmt: skip
def test_bad_icons_are_refused(tmp_path: Path, icon: str) -> None:
    """An icon Material does not bundle is a path:line problem in check and fails the build."""
    files = {**FILES, "billing/_defaults.yml": f"title: Billing\nowner: b\nicon: '{icon}'\n"}
    root = tmp_path / "site"
    with pytest.raises(BuildError):
        build(root, "site_name: T\n", files)
    result = CliRunner().invoke(main, ["check", "--config", str(root / "site_config.yml")])
    assert result.exit_code == 1
    assert "billing/_defaults.yml:3: 'icon' must name an icon Material bundles" in result.output


def make_article(rel_path: str, tags: list[str]) -> Article:
    """A valid article at ``rel_path`` with these tags."""
    return Article(Path(rel_path), rel_path, rel_path, "o", date(2026, 1, 1), None, None,
                   tags=tuple(tags))  # fmt: skip


tags = st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=3, unique=True)


@given(st.lists(st.tuples(st.sampled_from(["x", "y", "z"]), tags), min_size=1, max_size=12),
       st.integers(min_value=0, max_value=11))  # fmt: skip
def test_related_property(specs: list[tuple[str, list[str]]], index: int) -> None:
    """Never the page itself, at most 5, each shares a tag or the category, and every
    tag-sharing article comes before every other."""
    articles = [make_article(f"{cat}/p{i}.md", tags) for i, (cat, tags) in enumerate(specs)]
    me = articles[index % len(articles)]
    related = related_articles(me, articles)
    assert me not in related and len(related) <= 5
    shares = [bool(set(me.tags) & set(other.tags)) for other in related]
    pairs = zip(shares, related, strict=True)
    assert all(share or other.category == me.category for share, other in pairs)
    assert shares == sorted(shares, reverse=True)
