"""The knowledge-base pages as a customer meets them, in headless Chromium."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from playwright.sync_api import expect

from tests.browser.harness import Tab


def _by_status(articles: list[dict[str, Any]], status: str) -> dict[str, Any]:
    return next(record for record in articles if record["status"] == status)


def test_home_page_loads_with_categories_and_search(tab: Tab) -> None:
    """The home page shows the site name, the topic cards and a search entry point."""
    page = tab.visit("")
    expect(page.locator("h1#kbgen-hero-title")).to_have_text("Tallyflow Help Centre")
    expect(page.locator(".kbgen-category-card").first).to_be_visible()
    assert page.locator(".kbgen-category-card").count() >= 5
    expect(page.locator("[data-kbgen-search]")).to_be_attached()
    expect(page.locator("button.kbgen-hero__search")).to_be_visible()


def test_overdue_article_shows_notice_and_trust_line(
    tab: Tab, articles: list[dict[str, Any]]
) -> None:
    """An overdue article (found in articles.json) shows the trust line: its owner and last
    review, never the next review; the calendar notice is off by default (show_stale_notice)."""
    overdue = _by_status(articles, "overdue")
    page = tab.visit(overdue["url"])
    trust = page.locator(".kbgen-trust")
    expect(trust).to_be_visible()
    expect(trust).to_have_attribute("data-kb-status", "overdue")
    expect(trust.locator(".kbgen-trust__owner")).to_contain_text(overdue["owner"])
    expect(trust.locator(".kbgen-trust__reviewed time")).to_have_attribute(
        "datetime", overdue["last_reviewed"]
    )
    expect(page.get_by_text("Next review")).to_have_count(0)
    expect(page.locator(".kbgen-stale-notice")).to_have_count(0)


def test_up_to_date_article_has_no_notice(tab: Tab, articles: list[dict[str, Any]]) -> None:
    """An article reviewed in time shows the trust line but no stale notice."""
    page = tab.visit(_by_status(articles, "ok")["url"])
    expect(page.locator(".kbgen-trust")).to_be_visible()
    expect(page.locator(".kbgen-stale-notice")).to_have_count(0)


def test_tag_page_lists_the_articles_of_a_tag(tab: Tab, articles: list[dict[str, Any]]) -> None:
    """Clicking a tag (under the article) leads to the tag's section listing every article
    with it."""
    tag, _ = Counter(t for a in articles for t in a["tags"]).most_common(1)[0]
    tagged = sorted(a["title"] for a in articles if tag in a["tags"])
    page = tab.visit(next(a for a in articles if tag in a["tags"])["url"])
    page.locator("a.md-tag", has_text=tag).first.click()
    page.wait_for_url(f"**/tags/#tag:{tag}")
    listed = page.locator(f'h2[id="tag:{tag}"] + ul > li > a')
    assert sorted(t.strip() for t in listed.all_inner_texts()) == tagged


def test_helpful_widget_thanks_a_yes(tab: Tab, articles: list[dict[str, Any]]) -> None:
    """'Yes' replaces the question with a thank-you, without any request."""
    page = tab.visit(articles[0]["url"])
    tab.settle()
    before = len(tab.watch.requests)
    page.get_by_role("button", name="Yes").click()
    expect(page.locator('[data-kb-thanks="yes"]')).to_be_visible()
    expect(page.locator(".kbgen-feedback__question")).to_be_hidden()
    # Chromium may fetch the favicon late; anything else would be the widget sending.
    assert [url for url in tab.watch.requests[before:] if not url.endswith("/favicon.png")] == []


def test_helpful_widget_offers_prefilled_feedback_link_on_no(
    tab: Tab, articles: list[dict[str, Any]]
) -> None:
    """'No' and a reason offer the support form prefilled with the page (never its source path,
    its owner's handle or a GitHub issue form), and send nothing anywhere."""
    record = articles[0]
    page = tab.visit(record["url"])
    tab.settle()
    before = len(tab.watch.requests)
    page.get_by_role("button", name="No").click()
    page.get_by_role("button", name="It's out of date").click()
    link = page.get_by_role("link", name="Tell us what was missing")
    expect(link).to_be_visible()
    href = link.get_attribute("href") or ""
    assert href.startswith("https://tallyflow.example/support?")
    assert record["url"].replace("/", "%2F") in href
    assert record["path"].replace("/", "%2F") not in href
    # Chromium may fetch the favicon late; anything else would be the widget sending.
    assert [url for url in tab.watch.requests[before:] if not url.endswith("/favicon.png")] == []


def test_phone_navigation_through_the_drawer(
    phone_tab: Tab, articles: list[dict[str, Any]]
) -> None:
    """At 375x740 the drawer opens, lists the categories and leads to a category's articles."""
    record = articles[0]
    page = phone_tab.visit("")
    expect(page.locator(".md-sidebar--primary")).not_to_be_in_viewport()
    page.locator('label.md-header__button[for="__drawer"]').click()
    drawer_link = page.locator(".md-nav--primary a.md-nav__link", has_text=record["category"])
    expect(drawer_link.first).to_be_in_viewport()
    drawer_link.first.click()
    expect(page.locator("article h1")).to_have_text(record["category"])
    page.locator("a.kbgen-listing__title", has_text=record["title"]).click()
    expect(page.locator("article h1")).to_have_text(record["title"])
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page scrolls sideways on a phone ({width}px wide)"


def test_changed_article_links_to_its_changelog_entry(tab: Tab, page_paths: dict[str, str]) -> None:
    """The changed notice names the public change; its link lands on the entry's own page."""
    page = tab.visit(page_paths["changed article"])
    notice = page.locator(".kbgen-changed-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("some details here may be out of date")
    expect(page.locator(".kbgen-updates h2")).to_have_text("Recent updates")
    link = notice.locator("a").first
    title = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r".*/changelog/[a-z0-9-]+/$"))
    expect(page.locator(".kbgen-entry-page h1")).to_have_text(title)
    expect(page.locator(".kbgen-entry-page .kbgen-entry__articles")).to_contain_text("Learn how:")
