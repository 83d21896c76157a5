"""The read-only answers ``kbgen mcp`` gives, as plain data: articles (their Markdown twins),
the stale report and the public roadmap.

Articles come from a built site (``api/articles.json`` and the twins next to the pages), so an
assistant reads exactly what the site publishes; the stale report and the roadmap are read
from the project like ``kbgen stale --format json`` and an offline build read them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from kbgen.atomic import read_json
from kbgen.config import SiteConfig
from kbgen.errors import KbgenError
from kbgen.linear.build_data import linear_data_for_build
from kbgen.pages.twins import twin_file, twin_path
from kbgen.review.render import render_json
from kbgen.review.site_report import StaleRequest, assemble_stale_report
from kbgen.roadmap.exports import roadmap_json
from kbgen.roadmap.feed import base_url
from kbgen.roadmap.models import roadmap_from_snapshot

ARTICLES_JSON = Path("api") / "articles.json"


class AssistantError(KbgenError):
    """A question ``kbgen mcp`` cannot answer (unknown article or roadmap item, no site)."""


@dataclass(frozen=True, slots=True)
class PublishedArticles:
    """The articles a built site publishes: their records and where each twin is."""

    site_dir: Path
    records: tuple[Mapping[str, Any], ...]
    site_url: str | None = None
    by_reference: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def twin(self, record: Mapping[str, Any]) -> Path:
        """The file of one record's Markdown twin."""
        return self.site_dir / twin_file(str(record["url"]))

    def get(self, reference: str) -> Mapping[str, Any] | None:
        """The record an article path, page URL, twin URL or absolute URL names, if any."""
        for key in reference_keys(reference, self.site_url):
            record = self.by_reference.get(key)
            if record is not None:
                return record
        return None

    def find(self, reference: str) -> Mapping[str, Any]:
        """The record ``reference`` names; an AssistantError saying how to name one if none."""
        record = self.get(reference)
        if record is not None:
            return record
        raise AssistantError(
            f"no published article at {reference!r}: give its path (billing/refunds.md), "
            "its page URL or its Markdown URL (use search to find one)"
        )

    def article(self, reference: str) -> str:
        """The Markdown twin of the article ``reference`` names, as the site serves it."""
        return self.twin(self.find(reference)).read_text(encoding="utf-8")


def load_published(site_dir: Path, site_url: str | None = None) -> PublishedArticles:
    """The published articles of the site built in ``site_dir``."""
    try:
        document = read_json(site_dir / ARTICLES_JSON)
    except (OSError, ValueError, KbgenError) as error:
        raise AssistantError(
            f"{site_dir / ARTICLES_JSON}: cannot read the built site's articles ({error}); "
            "build the site first (kbgen build)"
        ) from None
    records = tuple(
        record
        for record in document.get("articles", [])
        if record.get("url") and (site_dir / twin_file(str(record["url"]))).is_file()
    )
    by_reference: dict[str, Mapping[str, Any]] = {}
    for record in records:
        url = unquote(str(record["url"])).lstrip("/")  # references are looked up decoded
        keys = (record["path"], twin_path(url), url, url.rstrip("/"), url + "index.html")
        for key in keys:
            by_reference.setdefault(key, record)
    return PublishedArticles(site_dir, records, site_url, by_reference)


def reference_keys(reference: str, site_url: str | None) -> list[str]:
    """The site-relative forms to look ``reference`` up by (scheme, host, site path, query,
    fragment and leading slashes removed; percent-escapes decoded)."""
    text = reference.strip()
    base = base_url(site_url)
    if base and text.startswith(base):
        text = text[len(base) :]
    elif urlsplit(text).scheme in ("http", "https"):
        text = urlsplit(text).path
        prefix = urlsplit(base).path if base else ""
        if prefix and text.startswith(prefix):
            text = text[len(prefix) :]
    text = unquote(text.split("#", 1)[0].split("?", 1)[0]).lstrip("/")
    keys = [text]
    if not text.endswith((".md", "/")):
        keys += [text + ".md", text + "/"]
    return keys


def stale_report(site: SiteConfig, owner: str | None = None, as_of: date | None = None) -> Any:
    """The stale report as ``kbgen stale --format json [--owner OWNER]`` writes it."""
    day = as_of or datetime.now(timezone.utc).date()
    owners = (owner,) if owner else ()
    request = StaleRequest(site, (), site.review, day, site.review.due_soon_days, owners)
    return json.loads(render_json(assemble_stale_report(request).report))


def public_roadmap(site: SiteConfig, item: str | None = None) -> dict[str, Any]:
    """The public roadmap items and their status, from the snapshot (never a Linear request);
    with ``item``, only that one (its identifier, any case)."""
    try:
        records = linear_data_for_build(site, environ={})
    except KbgenError as error:
        raise AssistantError(str(error)) from None
    if records is None or site.linear is None:
        raise AssistantError("this site has no roadmap (no linear: section in site_config.yml)")
    today = datetime.now(timezone.utc).date()
    data = roadmap_from_snapshot(records.snapshot, records.source, site.linear, today)
    shaped = roadmap_json(data)
    if item is None:
        return shaped
    wanted = item.strip().casefold()
    found = [entry for entry in shaped["items"] if str(entry["id"]).casefold() == wanted]
    if not found:
        raise AssistantError(f"no public roadmap item {item!r}")
    return {**shaped, "items": found}
