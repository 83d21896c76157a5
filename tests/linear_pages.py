"""Real builds of a site with a roadmap, and the kbgen part of its roadmap and changelog pages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from kbgen.linear_data.snapshot import Snapshot, write_snapshot
from kbgen.mkdocs.build import build_site

SNAPSHOT = "data/linear-snapshot.json"
_DIV = re.compile(r"<(/?)div\b")


def days_since(day: date) -> int:
    """A window (in days) reaching back to ``day`` whatever today is."""
    return (date.today() - day).days


@dataclass(frozen=True)
class LinearPages:
    """The built site and the HTML kbgen renders below each page's title."""

    site: Path
    roadmap: str
    changelog: str


def build_linear_pages(
    root: Path,
    linear: Mapping[str, Any],
    snapshot: Snapshot | None = None,
    content: Mapping[str, str] | None = None,
) -> LinearPages:
    """Write site_config.yml (with ``linear``), the snapshot and content; build for real."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    for name, text in (content or {}).items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if snapshot is not None:
        write_snapshot(root / SNAPSHOT, snapshot)
    config = root / "site_config.yml"
    data = {"site_name": "Tallyflow Help", "linear": {"snapshot": SNAPSHOT, **linear}}
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    site = build_site(config, root / "site")
    return LinearPages(
        site,
        kbgen_block(read(site / "roadmap" / "index.html"), "kbgen-roadmap"),
        kbgen_block(read(site / "changelog" / "index.html"), "kbgen-changelog"),
    )


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def kbgen_block(page: str, css_class: str) -> str:
    """The ``<div class="css_class">`` element of a page, as written (matching its ``</div>``)."""
    start = page.index(f'<div class="{css_class}">')
    depth = 0
    for match in _DIV.finditer(page, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return page[start : page.index(">", match.end()) + 1]
    raise AssertionError(f"{css_class}: no closing </div>")
