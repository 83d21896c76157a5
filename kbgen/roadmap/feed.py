"""The changelog as an Atom 1.0 feed (RFC 4287), built with ElementTree so all text is escaped.

Characters XML 1.0 forbids (control characters) are removed: ElementTree would write them as is.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, time, timezone
from html import escape
from urllib.parse import urlsplit

from kbgen.dates import iso_utc
from kbgen.linear_data.sanitize import strip_unsafe_chars
from kbgen.roadmap.entry_pages import entry_slugs
from kbgen.roadmap.models import ChangelogEntry, RoadmapData

ATOM = "http://www.w3.org/2005/Atom"
FEED_TITLE = "Changelog"


def atom_feed(data: RoadmapData, site_url: str | None, title: str = FEED_TITLE) -> bytes:
    """The feed document; links are absolute when ``site_url`` is known, else relative."""
    base = base_url(site_url)
    page = f"{base}changelog/" if base else "./"
    feed = ET.Element("feed", {"xmlns": ATOM})
    text_element(feed, "title", title)
    text_element(feed, "id", f"{base}changelog/" if base else "urn:kbgen:changelog")
    text_element(feed, "updated", iso_utc(data.generated_at))
    author = ET.SubElement(feed, "author")
    text_element(author, "name", urlsplit(base).hostname or FEED_TITLE)
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": page})
    if base:
        self_url = f"{base}changelog/feed.xml"
        ET.SubElement(
            feed, "link", {"rel": "self", "type": "application/atom+xml", "href": self_url}
        )
    ET.SubElement(feed, "generator").text = "kbgen"
    slugs = entry_slugs(data.entries)
    for entry in data.entries:
        _entry(feed, entry, f"{page}{slugs[entry.anchor]}/", base)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(feed: ET.Element, entry: ChangelogEntry, page: str, base: str) -> None:
    """One entry; ``page`` is the entry's own page (the id stays the changelog anchor)."""
    element = ET.SubElement(feed, "entry")
    text_element(element, "title", entry.item.title)
    text_element(
        element,
        "id",
        f"{base}changelog/#{entry.anchor}" if base else f"urn:kbgen:changelog:{entry.anchor}",
    )
    shipped = iso_utc(datetime.combine(entry.shipped_at, time(), tzinfo=timezone.utc))
    text_element(element, "updated", shipped)
    text_element(element, "published", shipped)
    ET.SubElement(element, "link", {"rel": "alternate", "type": "text/html", "href": page})
    root = base or "../"
    for article in entry.articles:
        attributes = {"rel": "related", "type": "text/html", "href": root + article.url}
        ET.SubElement(element, "link", {**attributes, "title": strip_unsafe_chars(article.title)})
    for label in entry.item.labels:
        ET.SubElement(element, "category", {"term": strip_unsafe_chars(label)})
    content = entry.item.summary_html + _learn_how(entry, root)
    if content:
        text_element(element, "content", content)
        element[-1].set("type", "html")


def _learn_how(entry: ChangelogEntry, root: str) -> str:
    """``<p>Learn how: <a href="...">Title</a></p>`` for the articles linking the entry."""
    if not entry.articles:
        return ""
    links = ", ".join(
        f'<a href="{escape(root + article.url)}">{escape(article.title)}</a>'
        for article in entry.articles
    )
    return f"<p>Learn how: {links}</p>"


def text_element(parent: ET.Element, tag: str, value: str) -> None:
    """A child element holding ``value`` with XML-forbidden characters removed."""
    ET.SubElement(parent, tag).text = strip_unsafe_chars(value)


def base_url(site_url: str | None) -> str:
    """The site URL ending in '/', or '' when unknown or not http(s)."""
    if not site_url or urlsplit(site_url).scheme not in ("http", "https"):
        return ""
    return site_url if site_url.endswith("/") else f"{site_url}/"
