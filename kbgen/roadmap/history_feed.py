"""Roadmap moves as Atom feeds: every move, and one feed per public label (product area)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import datetime

from kbgen.dates import iso_utc
from kbgen.linear_data.history import RoadmapMove
from kbgen.linear_data.items import STATUS_NAMES
from kbgen.roadmap.feed import ATOM, base_url, text_element
from kbgen.roadmap.feed_links import FeedLink
from kbgen.roadmap.models import anchor_for, target_text

FEED_ENTRIES = 100


def move_title(move: RoadmapMove) -> str:
    """What happened, in a reader's words: ``Moved to In progress: Payment links``."""
    column = STATUS_NAMES.get(move.status, move.status)
    if move.event == "added":
        return f"Added to the roadmap ({column}): {move.title}"
    if move.event == "moved":
        return f"Moved to {column}: {move.title}"
    if move.event == "shipped":
        return f"Shipped: {move.title}"
    if move.event == "removed":
        return f"Removed from the roadmap: {move.title}"
    target = target_text(move.target) or "no target date"
    return f"Target changed to {target}: {move.title}"


def history_feed(
    moves: Sequence[RoadmapMove],
    feed: FeedLink,
    site_url: str | None,
    updated: datetime,
    entry_pages: Mapping[str, str] = {},
) -> bytes:
    """The Atom document for ``feed``: its label's moves (all moves without one), newest first.

    ``entry_pages`` maps an anchor to its changelog entry's page (``changelog/<slug>/``): a
    "Shipped" move links there, every other move to its roadmap card.
    """
    base = base_url(site_url)
    root_url = base or "../" * feed.path.count("/")
    page = f"{base}roadmap/" if base else "../" * (feed.path.count("/") - 1) or "./"
    chosen = [move for move in moves if feed.label is None or feed.label in move.labels]
    chosen = sorted(chosen, key=lambda move: move.at, reverse=True)[:FEED_ENTRIES]
    root = ET.Element("feed", {"xmlns": ATOM})
    text_element(root, "title", feed.title)
    text_element(root, "id", f"{base}{feed.path}" if base else f"urn:kbgen:{feed.path}")
    text_element(root, "updated", iso_utc(chosen[0].at if chosen else updated))
    author = ET.SubElement(root, "author")
    text_element(author, "name", feed.author or feed.title)
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html", "href": page})
    if base:
        ET.SubElement(
            root, "link", {"rel": "self", "type": "application/atom+xml", "href": base + feed.path}
        )
    ET.SubElement(root, "generator").text = "kbgen"
    for move in chosen:
        entry_page = entry_pages.get(anchor_for(move.kind, move.id))
        shipped_page = root_url + entry_page if entry_page and move.event == "shipped" else None
        _entry(root, move, page, base, shipped_page)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(
    root: ET.Element, move: RoadmapMove, page: str, base: str, shipped_page: str | None
) -> None:
    element = ET.SubElement(root, "entry")
    anchor = anchor_for(move.kind, move.id)
    stamp = iso_utc(move.at)
    text_element(element, "title", move_title(move))
    key = f"{anchor}:{move.event}:{stamp}"
    text_element(element, "id", f"{base}roadmap/#{key}" if base else f"urn:kbgen:roadmap:{key}")
    text_element(element, "updated", stamp)
    text_element(element, "published", stamp)
    href = shipped_page or (page if move.event == "removed" else f"{page}#{anchor}")
    ET.SubElement(element, "link", {"rel": "alternate", "type": "text/html", "href": href})
    for label in move.labels:
        ET.SubElement(element, "category", {"term": label})
    text_element(element, "summary", move_title(move))
