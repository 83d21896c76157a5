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


def category_index(category: Category) -> str:
    """The ``<category>/index.md`` page: its listing comes from the template."""
    return page(category.title, CATEGORY_TEMPLATE, category.description)


def home_page(description: str | None) -> str:
    """The home page (titled by the site name): search, categories and recent articles."""
    return page(None, HOME_TEMPLATE, description, hide=("navigation", "toc"))


def tags_page() -> str:
    """The tag index, rendered by Material's tags plugin."""
    return page("Tags", None, "Articles by topic.") + "<!-- material/tags -->\n"


def linear_page(title: str, description: str) -> str:
    """A roadmap or changelog page; its body is rendered from the Linear snapshot."""
    return page(title, None, description, hide=("toc",))


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
