"""Plain text for Material's templates: escaped once, at the source, where kbgen hands it over.

Material prints page titles, nav titles, descriptions and the site name raw in some places
(``{{ page.meta.title }}``) and escaped in others (``{{ config.site_name | e }}``): it treats
them as HTML, like the titles MkDocs extracts from headings. kbgen's values are plain text
(frontmatter, folder names, ``_defaults.yml``, site_config.yml), so they are escaped here into
``Markup``: printed raw they show as text, and ``| e`` leaves them as they are (no ``&amp;amp;``).
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

# Page metadata Material's templates print: base.html, header.html, nav-item.html, footer.html.
SHOWN_META = ("title", "description", "author", "subtitle", "status")
# Site settings Material prints: titles, meta tags, the footer, the repository link.
SHOWN_SETTINGS = ("site_name", "site_description", "site_author", "copyright", "repo_name")
_TAG = re.compile(r"<[^>]*>")


def theme_text(value: object) -> Markup:
    """Plain text (any scalar) as HTML that shows exactly that text; Markup stays as it is."""
    return escape(value if isinstance(value, Markup) else str(value))


def escape_page_meta(page: Page) -> None:
    """Escape the frontmatter values Material prints, before anything reads them."""
    for key in SHOWN_META:
        if page.meta.get(key) is not None:
            page.meta[key] = theme_text(page.meta[key])


def mark_rendered_title(page: Page) -> None:
    """Make the title of a rendered page escaped Markup, whatever MkDocs took it from.

    A title from the first heading is HTML with its tags stripped but quotes left raw, so it
    is turned back into text and escaped; one made from the file name is plain text.
    """
    title = page.title
    if title is None or isinstance(title, Markup):
        return
    from_heading = "title" not in page.meta and getattr(page, "_title_from_render", None)
    page.title = theme_text(heading_text(title) if from_heading else title)


def heading_text(title: str) -> str:
    """The text of a title MkDocs took from a heading (HTML without tags)."""
    return " ".join(html.unescape(_TAG.sub("", title)).split())


def escape_site_settings(config: MkDocsConfig) -> None:
    """Escape the site_config.yml texts Material prints on every page."""
    for key in SHOWN_SETTINGS:
        if config.get(key) is not None:
            config[key] = theme_text(config[key])
