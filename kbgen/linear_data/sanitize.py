"""Turn Linear text into safe public text and HTML: plain titles, sanitised summaries.

Titles and label names are plain text (escaped wherever they are shown). A summary is the
Markdown under the public heading of a description, rendered with raw HTML escaped, then
cleaned by nh3 (ammonia): a small tag set, no images (Linear uploads need auth, other hosts
would be third-party requests), and every ``href`` judged by ``kbgen.linear_data.urls.public_href``:
kept only when written plainly as ``http(s)://host/...`` with a host that is not Linear's as a
browser resolves it, else dropped (the link text stays).
"""

from __future__ import annotations

import re

import nh3

from kbgen.linear_data.urls import public_href

MAX_TITLE_CHARS = 300
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
}
ALLOWED_SCHEMES = {"http", "https"}
_FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\n?")


def clean_text(text: str | None, limit: int = MAX_TITLE_CHARS) -> str:
    """One line of plain text: no control or bidi-override characters, bounded length."""
    line = " ".join(_FORBIDDEN_CHARS.sub("", text or "").split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def strip_unsafe_chars(text: str) -> str:
    """Remove control, bidi-override and XML-invalid characters (keeps newlines)."""
    return _FORBIDDEN_CHARS.sub("", text)


def clean_html(html: str) -> str:
    """Sanitise an HTML fragment to the public tag set; also used on snapshot load."""
    cleaned = nh3.clean(
        _FORBIDDEN_CHARS.sub("", html),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href", "title"}},
        attribute_filter=_public_links_only,
        url_schemes=ALLOWED_SCHEMES,
        url_relative="deny",
        link_rel="noopener noreferrer nofollow",
    )
    # Dropped images leave empty paragraphs behind.
    return inert_braces(_EMPTY_PARAGRAPH.sub("", cleaned).strip())


def inert_braces(html: str) -> str:
    """Write ``{`` and ``}`` as character references so no template engine sees markers."""
    return html.replace("{", "&#123;").replace("}", "&#125;")


def _public_links_only(tag: str, attribute: str, value: str) -> str | None:
    """Every ``href`` goes through ``public_href``: plain http(s), never into Linear."""
    if attribute == "href":
        return public_href(value)
    return value
