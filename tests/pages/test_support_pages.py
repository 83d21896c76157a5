"""Built pages with support:, owners: and feedback reasons (real MkDocs builds, HTML read back)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

from kbgen.mkdocs.build import build_site
from tests.conftest import article

RECENT = (date.today() - timedelta(days=3)).isoformat()
SUPPORT = "https://help.acme.example/ask?t={title}&u={url}&p={path}&q={query}"
CONTENT = {
    "billing/_defaults.yml": "title: Billing & plans\n",
    "billing/refunds.md": article("Issue a refund", owner="'@maria-chen'", last_reviewed=RECENT),
    "billing/old-prices.md": article(
        "Old prices", owner="billing-team", last_reviewed="2020-01-15"
    ),
}


def read(site: Path, page: str) -> str:
    """The HTML of one built page."""
    return (site / page).read_text(encoding="utf-8")


def support_links(html: str) -> list[str]:
    """The href of every link carrying data-kbgen-support, in page order."""
    links = re.findall(r"<a\b[^>]*\bdata-kbgen-support\b[^>]*>", html)
    return [re.search(r'href="([^"]*)"', link).group(1).replace("&amp;", "&") for link in links]


ALL_NOTICES = "review:\n  show_stale_notice: all\n"
"""The calendar notice ("due for a review") is shown only with ``all``."""


def build(make_site, tmp_path: Path, config: str) -> Path:
    """Build CONTENT with this site_config.yml."""
    path = make_site(
        CONTENT, config="site_name: Acme Help\nsite_url: https://help.acme.example/\n" + config
    )
    return build_site(path, tmp_path / "site", strict=True)


def test_support_block_on_article_category_and_404(make_site, tmp_path: Path) -> None:
    """With support.url, articles, category pages and the 404 page end with "Still need help?"."""
    site = build(make_site, tmp_path, f'support:\n  url: "{SUPPORT}"\n  label: Ask Acme\n')
    for page in ("billing/refunds/index.html", "billing/index.html", "404.html"):
        html = read(site, page)
        assert "Still need help?" in html, page
        assert support_links(html), page
        assert ">Ask Acme</a>" in html, page
    refund = support_links(read(site, "billing/refunds/index.html"))[0]
    assert refund == (
        "https://help.acme.example/ask?t=Issue%20a%20refund"
        "&u=https%3A%2F%2Fhelp.acme.example%2Fbilling%2Frefunds%2F&p=billing%2Frefunds.md&q="
    )


def test_feedback_no_offers_reasons_then_support(make_site, tmp_path: Path) -> None:
    """The widget has a reason button per configured reason, and the support link after "No"."""
    site = build(
        make_site,
        tmp_path,
        f'support:\n  url: "{SUPPORT}"\n'
        "feedback:\n  reasons: [Too old, {id: vague, label: Vague}]\n"
        "  form_url: https://help.acme.example/feedback\n",
    )
    widget = read(site, "billing/refunds/index.html").split('class="kbgen-feedback"', 1)[1]
    assert re.findall(r'data-kb-reason="([^"]+)"', widget) == ["too-old", "vague"]
    thanks_no = widget.split('data-kb-thanks="no"', 1)[1]
    assert support_links(thanks_no)


def test_script_settings_carry_template_and_no_provider(make_site, tmp_path: Path) -> None:
    """kbgen-config gives support.js the template (JSON) and the page (data attributes);
    analytics is null without a provider."""
    site = build(make_site, tmp_path, f'support:\n  url: "{SUPPORT}"\n')
    html = read(site, "billing/refunds/index.html")
    tag = re.search(
        r'<script id="kbgen-config" type="application/json"([^>]*)>(.*?)</script>', html, re.S
    )
    settings = json.loads(tag.group(2))
    assert settings["support"]["url"] == SUPPORT
    assert settings["analytics"] is None
    attributes = dict(re.findall(r'(data-page-\w+)="([^"]*)"', tag.group(1)))
    assert attributes == {
        "data-page-title": "Issue a refund",
        "data-page-path": "billing/refunds.md",
        "data-page-url": "https://help.acme.example/billing/refunds/",
    }


def test_category_support_link_uses_the_title_as_written(make_site, tmp_path: Path) -> None:
    """A category titled with & gives {title} as written, not HTML-escaped."""
    site = build(make_site, tmp_path, 'support:\n  url: "https://s.example/?t={title}"\n')
    html = read(site, "billing/index.html")
    assert support_links(html)[0] == "https://s.example/?t=Billing%20%26%20plans"


def test_custom_provider_endpoint_reaches_the_page(make_site, tmp_path: Path) -> None:
    """analytics.provider custom puts its endpoint in the script settings."""
    site = build(
        make_site, tmp_path, "analytics:\n  provider: custom\n  endpoint: https://c.example/e\n"
    )
    html = read(site, "billing/refunds/index.html")
    assert '"analytics": {"endpoint": "https://c.example/e", "provider": "custom"}' in html


def test_without_support_nothing_promises_a_way(make_site, tmp_path: Path) -> None:
    """No support.url, no form, no provider: no support block, and the notice promises nothing."""
    site = build(make_site, tmp_path, ALL_NOTICES)
    for page in ("billing/old-prices/index.html", "billing/index.html", "404.html"):
        html = read(site, page)
        assert "Still need help?" not in html, page
        assert "data-kbgen-support" not in html.replace("data-kbgen-support-block", ""), page
    notice = read(site, "billing/old-prices/index.html").split("kbgen-stale-notice", 1)[1]
    notice = notice.split("</div>", 1)[0]
    assert "some details may have changed since." in notice
    assert "feedback buttons" not in notice
    assert "support" not in notice.lower().replace("kbgen-stale-notice", "")


def test_notice_points_to_support_when_set(make_site, tmp_path: Path) -> None:
    """With support.url the overdue notice links to support instead of the buttons."""
    site = build(make_site, tmp_path, f'support:\n  url: "{SUPPORT}"\n' + ALL_NOTICES)
    notice = read(site, "billing/old-prices/index.html").split("kbgen-stale-notice", 1)[1]
    notice = notice.split("</div>", 1)[0]
    assert support_links(notice)
    assert "feedback buttons" not in notice


def test_notice_mentions_buttons_only_when_they_record(make_site, tmp_path: Path) -> None:
    """With an analytics provider (and no support), the notice points to the feedback buttons."""
    site = build(make_site, tmp_path, "analytics:\n  provider: plausible\n" + ALL_NOTICES)
    notice = read(site, "billing/old-prices/index.html").split("kbgen-stale-notice", 1)[1]
    assert "tell us with the feedback buttons" in notice.split("</div>", 1)[0]


def test_readers_see_public_owner_names(make_site, tmp_path: Path) -> None:
    """owners: replaces handles on pages and in api/articles.json; unmapped ones stay as written."""
    site = build(make_site, tmp_path, 'owners:\n  "@maria-chen": Billing team\n')
    html = read(site, "billing/refunds/index.html")
    assert "Owner: <strong>Billing team</strong>" in html
    assert "maria-chen" not in html
    records = json.loads(read(site, "api/articles.json"))["articles"]
    owners = {record["path"]: record["owner"] for record in records}
    assert owners == {"billing/refunds.md": "Billing team", "billing/old-prices.md": "billing-team"}


def test_show_owner_false_hides_owners(make_site, tmp_path: Path) -> None:
    """review.show_owner: false leaves owners off the pages and out of api/articles.json."""
    site = build(make_site, tmp_path, "review:\n  show_owner: false\n")
    for page in ("billing/refunds/index.html", "billing/old-prices/index.html"):
        html = read(site, page)
        assert "kbgen-trust__owner" not in html
        assert "maria-chen" not in html and "billing-team" not in html
    records = json.loads(read(site, "api/articles.json"))["articles"]
    assert [record["owner"] for record in records] == [None, None]
