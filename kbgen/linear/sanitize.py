"""Turn Linear text into safe public text and HTML: plain titles, sanitised summaries.

Titles and label names are plain text (escaped wherever they are shown). A summary is the
Markdown under the public heading of a description, rendered with raw HTML escaped, then
cleaned by nh3 (ammonia): a small tag set, links only to http/https/mailto and never into
Linear, no images (Linear uploads need auth, other hosts would be third-party requests).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

MAX_TITLE_CHARS = 300
MAX_SUMMARY_CHARS = 5_000
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
ALLOWED_SCHEMES = {"http", "https", "mailto"}
_FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\n?")
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def clean_text(text: str | None, limit: int = MAX_TITLE_CHARS) -> str:
    """One line of plain text: no control or bidi-override characters, bounded length."""
    line = " ".join(_FORBIDDEN_CHARS.sub("", text or "").split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def strip_unsafe_chars(text: str) -> str:
    """Remove control, bidi-override and XML-invalid characters (keeps newlines)."""
    return _FORBIDDEN_CHARS.sub("", text)


def public_section(description: str | None, heading: str) -> str:
    """The Markdown below the heading named ``heading``, up to the next heading as high.

    Headings inside fenced code blocks do not count. No such heading: an empty string,
    because nothing else in a description may be published.
    """
    wanted = _heading_key(heading)
    collected: list[str] = []
    level: int | None = None
    fence: str | None = None
    for line in (description or "").splitlines():
        fence_match = _FENCE.match(line)
        heading_match = None if fence or fence_match else _HEADING.match(line)
        if fence_match:
            marker = fence_match.group(1)
            closes = fence and marker[0] == fence[0] and len(marker) >= len(fence)
            fence = None if closes else fence or marker
        elif heading_match:
            depth = len(heading_match.group(1))
            if level is not None and depth <= level:
                break
            if level is None and _heading_key(heading_match.group(2)) == wanted:
                level = depth
                continue
        if level is not None:
            collected.append(line)
    return "\n".join(collected).strip()


def _heading_key(text: str) -> str:
    return text.strip().rstrip(":").strip().casefold()


def render_summary(description: str | None, heading: str) -> str:
    """Sanitised HTML of the public section of a Markdown description ('' when none)."""
    text = _FORBIDDEN_CHARS.sub("", description or "")
    source = public_section(text, heading)[:MAX_SUMMARY_CHARS]
    if not source:
        return ""
    return clean_html(_markdown().convert(source))


def clean_html(html: str) -> str:
    """Sanitise an HTML fragment to the public tag set; also used on snapshot load."""
    cleaned = nh3.clean(
        _FORBIDDEN_CHARS.sub("", html),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href", "title"}},
        attribute_filter=_drop_linear_links,
        url_schemes=ALLOWED_SCHEMES,
        url_relative="deny",
        link_rel="noopener noreferrer nofollow",
    )
    # Dropped images leave empty paragraphs behind.
    return inert_braces(_EMPTY_PARAGRAPH.sub("", cleaned).strip())


def inert_braces(html: str) -> str:
    """Write ``{`` and ``}`` as character references so no template engine sees markers."""
    return html.replace("{", "&#123;").replace("}", "&#125;")


def _drop_linear_links(tag: str, attribute: str, value: str) -> str | None:
    """Links into the Linear app or its uploads need a login and reveal the workspace."""
    if attribute == "href":
        host = (urlsplit(value).hostname or "").lower()
        if host == "linear.app" or host.endswith(".linear.app"):
            return None
    return value


class _PlainHeadings(Treeprocessor):
    """Headings inside a card would break the page outline: render them as bold paragraphs."""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.tag in _HEADING_TAGS:
                strong = ET.Element("strong")
                strong.text, element.text = element.text, None
                strong.extend(list(element))
                for child in list(element):
                    element.remove(child)
                element.tag = "p"
                element.append(strong)


def _markdown() -> markdown.Markdown:
    """A Markdown renderer that escapes raw HTML instead of passing it through."""
    renderer = markdown.Markdown(extensions=["fenced_code", "tables", "sane_lists"])
    renderer.preprocessors.deregister("html_block")
    renderer.inlinePatterns.deregister("html")
    renderer.treeprocessors.register(_PlainHeadings(renderer), "kbgen_plain_headings", 1)
    return renderer
