"""The public roadmap and changelog: models, loading (Linear or snapshot), HTML, feed, JSON."""

from __future__ import annotations

from kbgen.roadmap.exports import write_roadmap_exports
from kbgen.roadmap.load import load_roadmap_data
from kbgen.roadmap.models import ChangelogEntry, RoadmapData, RoadmapItem
from kbgen.roadmap.render import render_changelog_html, render_roadmap_html

__all__ = [
    "ChangelogEntry",
    "RoadmapData",
    "RoadmapItem",
    "load_roadmap_data",
    "render_changelog_html",
    "render_roadmap_html",
    "write_roadmap_exports",
]
