"""Markdown sources of the pages kbgen adds: home, category indexes, tags, roadmap, changelog."""

from __future__ import annotations

import json

from kbgen.content.knowledge_base import Category

HOME = "index.md"
TAGS = "tags.md"
ROADMAP = "roadmap/index.md"
CHANGELOG = "changelog/index.md"
HOME_TEMPLATE = "kbgen-home.html"
CATEGORY_TEMPLATE = "kbgen-category.html"
ROADMAP_TEMPLATE = "kbgen-roadmap.html"
CHANGELOG_TEMPLATE = "kbgen-changelog.html"
CHANGELOG_ENTRY_TEMPLATE = "kbgen-changelog-entry.html"
# The theme template of each Linear page, also given to a page content/ writes in its place.
LINEAR_TEMPLATES = {ROADMAP: ROADMAP_TEMPLATE, CHANGELOG: CHANGELOG_TEMPLATE}


def category_index(category: Category) -> str:
    """The ``<category>/index.md`` page: its listing comes from the template."""
    return page(category.title, CATEGORY_TEMPLATE, category.description)


def home_page(description: str | None) -> str:
    """The home page (titled by the site name): search, categories and recent articles."""
    return page(None, HOME_TEMPLATE, description, hide=("navigation", "toc", "footer"))


def tags_page() -> str:
    """The tag index, rendered by Material's tags plugin."""
    return page("Tags", None, "Articles by topic.") + "<!-- material/tags -->\n"


def roadmap_page() -> str:
    """The roadmap page: its columns come from the template."""
    return page("Roadmap", ROADMAP_TEMPLATE, "What we are building next.", hide=("toc",))


def changelog_page() -> str:
    """The changelog page: its months come from the template."""
    return page("Changelog", CHANGELOG_TEMPLATE, "What shipped, by month.", hide=("toc",))


def changelog_entry_page() -> str:
    """A changelog entry's own page: its text comes from the template (autoescaped), so no
    Linear text goes through MkDocs' page title."""
    return page("Changelog", CHANGELOG_ENTRY_TEMPLATE, None, hide=("toc",))


def page(
    title: str | None, template: str | None, description: str | None, hide: tuple[str, ...] = ()
) -> str:
    """Frontmatter (as JSON, which is YAML); the body is rendered by a template or event."""
    meta: dict[str, object] = {"title": title} if title else {}
    if template:
        meta["template"] = template
    if description:
        meta["description"] = description
    if hide:
        meta["hide"] = list(hide)
    lines = [f"{key}: {json.dumps(value)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"
