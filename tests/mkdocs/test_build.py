"""Real MkDocs + Material builds of small sites, asserting on the HTML they produce."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from kbgen.errors import BuildError
from kbgen.mkdocs.build import build_site
from tests.conftest import article, write_site

TODAY = date.today()
RECENT = (TODAY - timedelta(days=3)).isoformat()


def read(site: Path, page: str) -> str:
    """The HTML of one built page."""
    return (site / page).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small knowledge base with two categories, one overdue article and tags, built once
    for the module (every test only reads it)."""
    root = tmp_path_factory.mktemp("built")
    config = write_site(
        root,
        {
            "billing/_defaults.yml": "title: Billing & plans\ndescription: Money matters.\n"
            "owner: billing-team\norder: 1\n",
            "billing/refunds.md": article(
                "Issue a refund",
                owner=None,
                last_reviewed=RECENT,
                extra="tags: [payments]\ndescription: Give money back.",
            ),
            "billing/old-prices.md": article(
                "Old prices", owner="'@maria'", last_reviewed="2020-01-15"
            ),
            "account/reset-password.md": article(
                "Reset your password", last_reviewed=RECENT, extra="tags: [account, security]"
            ),
        },
        config="site_name: Test Help\nrepo_url: https://github.com/acme/help\n",
    )
    return build_site(config, root / "site", strict=True)


def test_article_shows_trust_line(site: Path) -> None:
    """An article shows its owner and last reviewed date (never the next review date)."""
    html = read(site, "account/reset-password/index.html")
    assert 'class="kbgen-trust"' in html
    assert "Owner: <strong>support-ops</strong>" in html
    assert f'<time datetime="{RECENT}">' in html
    assert "Next review" not in html


def test_folder_defaults_give_owner(site: Path) -> None:
    """An article without an owner inherits the one from its folder's _defaults.yml."""
    assert "Owner: <strong>billing-team</strong>" in read(site, "billing/refunds/index.html")


def test_overdue_article_has_no_calendar_notice_by_default(site: Path) -> None:
    """By default (show_stale_notice: changed) not even an overdue article shows the calendar
    notice (test_reader_chrome covers ``all``)."""
    assert "kbgen-stale-notice" not in read(site, "billing/old-prices/index.html")
    assert "kbgen-stale-notice" not in read(site, "billing/refunds/index.html")


def test_stale_notice_can_be_turned_off(make_site, tmp_path: Path) -> None:
    """review.show_stale_notice: false hides the notice but keeps the trust line."""
    config = make_site(
        {"help/old.md": article("Old", last_reviewed="2020-01-15")},
        config="site_name: T\nreview:\n  show_stale_notice: false\n",
    )
    html = read(build_site(config, tmp_path / "out"), "help/old/index.html")
    assert "kbgen-stale-notice" not in html
    assert "kbgen-trust" in html


def test_navigation_lists_categories_not_articles(site: Path) -> None:
    """The sidebar holds categories only, so every page's size stays bounded."""
    html = read(site, "billing/refunds/index.html")
    nav = html.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "Billing &amp; plans" in nav and "Billing & plans" not in nav
    assert "Account" in nav
    assert "Issue a refund" not in nav
    assert "Old prices" not in nav


def test_category_page_lists_articles_with_descriptions(site: Path) -> None:
    """A generated category index lists each article, linked, with its description."""
    html = read(site, "billing/index.html")
    assert "Billing &amp; plans" in html
    assert 'href="refunds/"' in html
    assert "Give money back." in html
    assert 'href="old-prices/"' in html


def test_home_page_has_search_categories_and_recent(site: Path) -> None:
    """The home page offers search, the categories and articles (never by review date)."""
    html = read(site, "index.html")
    assert 'class="kbgen-hero__search" data-kbgen-search-open' in html
    assert 'href="billing/"' in html and 'href="account/"' in html
    assert "Recently reviewed" not in html and 'id="kbgen-popular-title"' in html


def test_tags_page_lists_tagged_articles(site: Path) -> None:
    """Material's tags plugin renders a tag index linking tagged articles."""
    html = read(site, "tags/index.html")
    assert "security" in html
    assert "../account/reset-password/" in html


def test_search_bundle_replaces_materials_index(site: Path) -> None:
    """The Pagefind bundle is written; Material's search/search_index.json is not."""
    entry = json.loads(read(site, "pagefind/pagefind-entry.json"))
    assert entry["languages"]["en"]["page_count"] == 3
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (site / "search").exists()
    assert (site / "api" / "articles.json").is_file()


def test_feedback_widget_hidden_without_a_destination(site: Path) -> None:
    """Without feedback.form_url or analytics.provider there is no widget (and no GitHub
    issue form made up from repo_url)."""
    html = read(site, "billing/refunds/index.html")
    assert "Was this page helpful?" not in html
    assert "issues/new" not in html


def test_no_third_party_assets(site: Path) -> None:
    """No Google Fonts and no GitHub API component: pages load only local assets."""
    html = read(site, "billing/refunds/index.html")
    assert "fonts.googleapis.com" not in html
    assert "fonts.gstatic.com" not in html
    assert 'data-md-component="source"' not in html


def test_no_edit_link_by_default(site: Path) -> None:
    """repo_url alone adds no "edit this page" link (theme.show_edit_link does)."""
    html = read(site, "billing/refunds/index.html")
    assert "/edit/main/content/billing/refunds.md" not in html


def test_articles_json_export(site: Path) -> None:
    """api/articles.json lists every article with owner, review date and status."""
    data = json.loads(read(site, "api/articles.json"))
    by_path = {item["path"]: item for item in data["articles"]}
    assert by_path["billing/old-prices.md"]["status"] == "overdue"
    assert by_path["billing/refunds.md"]["owner"] == "billing-team"
    assert by_path["account/reset-password.md"]["url"] == "account/reset-password/"
    assert by_path["account/reset-password.md"]["tags"] == ["account", "security"]


def test_failed_build_keeps_previous_site(make_site, tmp_path: Path) -> None:
    """A strict build that fails leaves the earlier site byte-for-byte in place."""
    config = make_site({"help/a.md": article("A", last_reviewed=RECENT)})
    site = build_site(config, tmp_path / "out", strict=True)
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    (tmp_path / "content/help/b.md").write_text(
        article("B", last_reviewed=RECENT, body="[broken](missing.md)\n"), encoding="utf-8"
    )
    with pytest.raises(BuildError, match=r"\(the previous site is left in place\)"):
        build_site(config, tmp_path / "out", strict=True)
    after = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    assert after == before
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".out-")]


def test_invalid_article_fails_strict_build(make_site, tmp_path: Path) -> None:
    """A content problem is a warning under mkdocs' logger, so --strict fails on it."""
    config = make_site({"help/a.md": article("A", owner=None, last_reviewed=RECENT)})
    with pytest.raises(BuildError):
        build_site(config, tmp_path / "out", strict=True)
    assert (build_site(config, tmp_path / "out") / "help/a/index.html").exists()


def test_site_config_with_only_site_name_builds(make_site, tmp_path: Path) -> None:
    """A config holding only site_name works: content/ and a quarterly interval by default."""
    config = make_site({"help/a.md": article("A", last_reviewed=RECENT)})
    html = read(build_site(config, tmp_path / "out", strict=True), "help/a/index.html")
    assert "kbgen-trust" in html


def test_a_first_failed_build_does_not_claim_a_previous_site(make_site, tmp_path: Path) -> None:
    """With no earlier site, the error says nothing was written, not that one was kept."""
    config = make_site({"help/a.md": article("A", body="[broken](missing.md)\n")})
    with pytest.raises(BuildError, match=r"\(no site was written\)") as raised:
        build_site(config, tmp_path / "out", strict=True)
    assert "previous site" not in str(raised.value)
    assert not (tmp_path / "out").exists()
