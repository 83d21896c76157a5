"""Writes what a build publishes for AI assistants: Markdown twins, llms.txt, llms-full.txt.

The plain-data work is in ``kbgen.pages.twins`` and ``kbgen.pages.llms``; this module hands
them the build's records (those of ``api/articles.json``), bodies and roadmap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kbgen.mkdocs import generated_pages
from kbgen.mkdocs.alternate_sitemaps import answer_sitemaps_beside
from kbgen.mkdocs.page_context import PageViews
from kbgen.pages.llms import Published, sections_of, write_llms_exports
from kbgen.pages.twins import twin_file, twin_text


def write_assistant_exports(
    site_dir: Path,
    views: PageViews,
    records: Sequence[Mapping[str, Any]],
    bodies: Mapping[str, str],
) -> None:
    """Write each built article's twin, ``llms.txt`` and ``llms-full.txt`` (and the empty
    ``sitemap.xml`` Material fetches beside each twin its page links as an alternate).

    ``bodies`` is each article's Markdown as MkDocs rendered it, by article path; an
    article without one (its page was not built) is published nowhere.
    """
    site = views.site
    built = [record for record in records if record["path"] in bodies]
    sections = sections_of(views.kb.categories, built, views.kb.pages)
    twins = {
        record["path"]: twin_text(record, bodies[record["path"]], site.site_url)
        for _, listed in sections
        for record in listed
    }
    has_roadmap = views.roadmap is not None and generated_pages.ROADMAP in views.urls
    published = Published(
        site_name=site.site_name,
        summary=site.site_description,
        site_url=site.site_url,
        sections=sections,
        twins=twins,
        roadmap=views.roadmap,
        roadmap_url=views.urls.get(generated_pages.ROADMAP) if has_roadmap else None,
        changelog_url=views.urls.get(generated_pages.CHANGELOG) if has_roadmap else None,
    )
    write_llms_exports(site_dir, published)
    answer_sitemaps_beside(site_dir, (twin_file(record["url"]) for record in published.in_order))
