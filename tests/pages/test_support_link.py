"""Pure helpers behind the support link, public owner names and page mapping (no build)."""

from __future__ import annotations

from pathlib import Path

from kbgen.config import SiteConfig, SupportSettings
from kbgen.config.owners import OwnerInfo
from kbgen.config.review import ReviewPolicy
from kbgen.content.articles import Article
from kbgen.content.knowledge_base import KnowledgeBase
from kbgen.insights.pages import page_index
from kbgen.pages.owners import public_owner
from kbgen.pages.support import SupportLink, support_link
from kbgen.pages.views import notice_action


def site(**fields: object) -> SiteConfig:
    """A SiteConfig with only what a test sets."""
    return SiteConfig(
        path=Path("/x/site_config.yml"), site_name="X", docs_dir=Path("/x/c"), **fields
    )


def test_support_link_fills_and_encodes_each_value() -> None:
    """Every placeholder is URL-encoded, so a title with & or spaces stays one value."""
    settings = SupportSettings(url="mailto:help@acme.example?subject={title}&body={url}%0A{path}")
    link = support_link(settings, title="Refunds & VAT", url="https://h.example/a/", path="a.md")
    assert link == SupportLink(
        "mailto:help@acme.example?subject=Refunds%20%26%20VAT"
        "&body=https%3A%2F%2Fh.example%2Fa%2F%0Aa.md",
        "Contact support",
    )


def test_no_support_url_means_no_link() -> None:
    """Without support.url there is no link to show."""
    assert support_link(SupportSettings(), title="t", url="u", path="p") is None


def test_public_owner_names() -> None:
    """Mapped owners show their public name, others as written, none when hidden."""
    owners = {"@maria-chen": OwnerInfo("Billing team", "#billing")}
    shown = site(owners=owners)
    assert public_owner("@maria-chen", shown) == "Billing team"
    assert public_owner("identity-team", shown) == "identity-team"
    assert public_owner(None, shown) is None
    hidden = site(owners=owners, review=ReviewPolicy(show_owner=False))
    assert public_owner("@maria-chen", hidden) is None


def test_notice_promises_only_what_exists() -> None:
    """Support beats buttons; buttons only when they record; otherwise nothing."""
    link = SupportLink("https://s.example/", "Contact support")
    assert notice_action(link, feedback_records=False) == "support"
    assert notice_action(None, feedback_records=True) == "feedback"
    assert notice_action(None, feedback_records=False) is None


def test_pages_map_to_articles_under_a_base_path() -> None:
    """Pages under site_url's path map to articles; index pages to their folder."""
    articles = tuple(
        Article(Path(f"/x/c/{rel}"), rel, rel, None, None, None, None)
        for rel in ("billing/refunds.md", "billing/guides/index.md", "about.md")
    )
    kb = KnowledgeBase(articles, (), (), {a.rel_path: a for a in articles})
    index = page_index(kb, "https://acme.example/help/")
    assert index.article("/help/billing/refunds/") is articles[0]
    assert (
        index.article("https://acme.example/help/billing/refunds/index.html?x=1#top") is articles[0]
    )
    assert index.article("/help/billing/guides/") is articles[1]
    assert index.article("/help/about") is articles[2]
    assert index.article("/help/billing/old/") is None
    assert index.is_site_page("/help/") and index.is_site_page("/help/tags/")
    assert index.page_of(articles[1]) == "/help/billing/guides/"
