"""Reader insights from exported site events: content gaps, per-article resolution.

``events`` reads JSON Lines or CSV exports, ``pages`` maps pages back to source files,
``report`` counts them and ``render`` writes a table, Markdown, JSON or CSV.
"""

from __future__ import annotations

from kbgen.insights.events import Event, EventLog, read_events
from kbgen.insights.load import insights_for_site
from kbgen.insights.pages import PageIndex, page_index
from kbgen.insights.render import FORMATS, render
from kbgen.insights.report import InsightsReport, build_insights, signals_by_path

__all__ = [
    "FORMATS",
    "Event",
    "EventLog",
    "InsightsReport",
    "PageIndex",
    "build_insights",
    "insights_for_site",
    "page_index",
    "read_events",
    "render",
    "signals_by_path",
]
