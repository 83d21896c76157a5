"""One call from event files and a site to the insights report (used by insights and stale)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from kbgen.config import SiteConfig
from kbgen.content.knowledge_base import load_knowledge_base
from kbgen.errors import Problem
from kbgen.insights.events import read_events
from kbgen.insights.pages import page_index
from kbgen.insights.report import InsightsReport, build_insights


def insights_for_site(
    paths: Sequence[Path], site: SiteConfig, today: date, since: date | None = None
) -> tuple[InsightsReport, list[Problem]]:
    """Read the event files, map their pages to the site's articles and count them.

    Returns the report and one problem per malformed line (those lines are skipped).
    """
    log = read_events(paths)
    index = page_index(load_knowledge_base(site, today, check_body=False), site.site_url)
    report = build_insights(log.events, index, since, skipped_lines=len(log.problems))
    return report, log.problems
