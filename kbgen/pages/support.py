"""The "Still need help?" link and the settings the browser script needs to fill and send."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kbgen.config import SiteConfig, SupportSettings
from kbgen.pages.link_template import fill_template

HEADING = "Still need help?"


@dataclass(frozen=True, slots=True)
class SupportLink:
    """A support link filled for one page (``{query}`` empty: the browser fills it in)."""

    url: str
    label: str
    heading: str = HEADING


def support_link(
    settings: SupportSettings, *, title: str, url: str, path: str, query: str = ""
) -> SupportLink | None:
    """The filled link, or None when the site has no support channel."""
    if not settings.url:
        return None
    values = {"title": title, "url": url, "path": path, "query": query}
    return SupportLink(fill_template(settings.url, values), settings.label)


def client_settings(site: SiteConfig, *, title: str, path: str, url: str) -> dict[str, Any]:
    """What ``assets/kbgen/support.js`` reads from the page: support template, provider, page.

    Nothing here is secret: it is what the page's own links and scripts already show. The
    template puts ``page`` (text from frontmatter) in data attributes, the rest in JSON.
    """
    analytics = site.analytics
    provider = analytics.provider
    return {
        "support": {"url": site.support.url, "label": site.support.label, "heading": HEADING}
        if site.support.url
        else None,
        "analytics": {"provider": provider, "endpoint": analytics.endpoint} if provider else None,
        "page": {"title": title, "path": path, "url": url},
    }
