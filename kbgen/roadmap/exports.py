"""Files written next to the pages: the Atom feed and the JSON API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kbgen.atomic import write_atomic
from kbgen.linear.snapshot import iso_utc
from kbgen.roadmap.feed import atom_feed
from kbgen.roadmap.models import ChangelogEntry, RoadmapData, RoadmapItem


def write_roadmap_exports(data: RoadmapData, site_dir: Path, site_url: str | None) -> None:
    """Write changelog/feed.xml, api/roadmap.json and api/changelog.json under ``site_dir``."""
    _write(site_dir / "changelog" / "feed.xml", atom_feed(data, site_url))
    _write(site_dir / "api" / "roadmap.json", _json(roadmap_json(data)))
    _write(site_dir / "api" / "changelog.json", _json(changelog_json(data)))


def roadmap_json(data: RoadmapData) -> dict[str, Any]:
    """The documented shape of api/roadmap.json."""
    return {**_header(data), "items": [_item(item) for item in data.items]}


def changelog_json(data: RoadmapData) -> dict[str, Any]:
    """The documented shape of api/changelog.json."""
    return {**_header(data), "entries": [_entry(entry) for entry in data.entries]}


def _header(data: RoadmapData) -> dict[str, Any]:
    return {"generated_at": iso_utc(data.generated_at), "source": data.source}


def _item(item: RoadmapItem) -> dict[str, Any]:
    shaped: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "status": item.status,
        "summary_html": item.summary_html,
        "target": item.target,
        "labels": list(item.labels),
        "updated_at": iso_utc(item.updated_at),
    }
    if item.customer_requests is not None:
        shaped["customer_requests"] = item.customer_requests
    return shaped


def _entry(entry: ChangelogEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "title": entry.title,
        "shipped_at": entry.shipped_at.isoformat(),
        "summary_html": entry.summary_html,
        "labels": list(entry.labels),
    }


def _json(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
