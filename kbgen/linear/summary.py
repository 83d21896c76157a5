"""The public section of a Linear description, decided by the Markdown parse that renders it.

The whole description goes through one Python-Markdown instance. Headings that Linear's
editor (CommonMark) shows but Python-Markdown would read as text (ATX indented by 1-3
spaces, setext underlines after a multi-line paragraph or indented, ``<h2>`` lines,
headings in a list or quote that interrupt a paragraph) are first written in a form
Python-Markdown reads as headings too, after closed code fences are set aside. The element
tree then keeps only the blocks between the ``Public`` heading (any level) and the next
heading as high; a block with such a heading anywhere inside it (a quote, a list) ends the
section too. Fail closed: when in doubt, a line ends the section rather than extend it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from kbgen.linear.sanitize import clean_html, strip_unsafe_chars

MAX_SUMMARY_CHARS = 5_000
"""Markup kept from a public section, in whole blocks (before inline markup is parsed)."""
MAX_DESCRIPTION_CHARS = 30_000
"""Only this much of a description is parsed: Python-Markdown is quadratic on some input."""
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_PREFIX = re.compile(r"^((?:[ ]{0,3}>[ ]?)*)(.*)$")
_ATX = re.compile(r"^[ ]{1,3}(#{1,6}(?:[^#].*)?)$")
_SETEXT = re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$")
_HTML_HEADING = re.compile(r"<h([1-6])(?=[\s/>]|$)", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>?")
_HEADING_INSIDE = re.compile(r"^(?:[ ]{0,3}(?:>[ ]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+))+(#|<h[1-6])")


def render_summary(description: str | None, heading: str) -> str:
    """Sanitised HTML of the public section of a Markdown description ('' when none)."""
    if not description:
        return ""
    text = strip_unsafe_chars(description or "")[:MAX_DESCRIPTION_CHARS]
    try:
        return clean_html(_markdown(heading).convert(text))
    except RecursionError:  # thousands of nested lists or quotes: publish nothing
        return ""


def heading_key(text: str) -> str:
    """How heading texts compare: case, emphasis marks and a trailing colon do not matter."""
    return re.sub(r"[*_`]", "", text).strip().rstrip(":").strip().casefold()


class _CommonMarkHeadings(Preprocessor):
    """Rewrite heading forms CommonMark accepts and Python-Markdown does not, line by line.

    Runs after ``fenced_code`` has stashed closed fences, so code never holds a heading here;
    an unclosed fence is plain text to both parsers, and the heading after it counts.
    """

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            prefix, content = _PREFIX.match(line).groups()  # type: ignore[union-attr]
            level = _html_heading_level(content)
            if level:
                out.extend(_alone(prefix, f"{'#' * level} {_TAG.sub(' ', content).strip()}"))
            elif _ATX.match(content) or content.startswith("#"):
                out.extend(_alone(prefix, content.lstrip(" ")))
            elif _SETEXT.match(content) and _paragraph_above(out, prefix):
                out.extend(_setext(out, prefix, content))
            elif _HEADING_INSIDE.match(content) and _paragraph_above(out, prefix):
                out.extend([prefix.rstrip(), line])  # a blank line: the item is not lazy text
            else:
                out.append(line)
        return out


def _alone(prefix: str, heading: str) -> list[str]:
    """An ATX heading between blank lines: the same parse, but each heading its own block.

    Python-Markdown splits a block at each heading by copying the rest of it, which is
    quadratic when thousands of headings share one block.
    """
    blank = prefix.rstrip()
    return [blank, prefix + heading, blank]


def _html_heading_level(content: str) -> int:
    found = _HTML_HEADING.search(content)
    return int(found.group(1)) if found else 0


def _paragraph_above(out: list[str], prefix: str) -> bool:
    """The previous line is paragraph text in the same container (not blank, not code)."""
    if not out or not out[-1].startswith(prefix):
        return False
    above = out[-1][len(prefix) :]
    return bool(above.strip()) and not above.startswith("    ") and not _SETEXT.match(above)


def _setext(out: list[str], prefix: str, underline: str) -> list[str]:
    """Replace the paragraph above ``underline`` with one ATX heading holding its text."""
    lines: list[str] = []
    while out and out[-1].startswith(prefix) and out[-1][len(prefix) :].strip():
        lines.insert(0, out.pop()[len(prefix) :].strip())
    level = 1 if underline.strip().startswith("=") else 2
    separator = [prefix.rstrip()] if out else []
    return [*separator, f"{prefix}{'#' * level} {' '.join(lines)}", prefix.rstrip()]


class _PublicSection(Treeprocessor):
    """Keep only the top-level blocks of the public section; drop everything else."""

    def __init__(self, md: markdown.Markdown, heading: str) -> None:
        super().__init__(md)
        self.wanted = heading_key(heading)

    def run(self, root: ET.Element) -> None:
        blocks = list(root)
        kept = _section(blocks, self.wanted)
        for block in blocks:
            root.remove(block)
        root.extend(kept)


def _section(blocks: list[ET.Element], wanted: str) -> list[ET.Element]:
    level: int | None = None
    kept: list[ET.Element] = []
    size = 0
    for block in blocks:
        if level is None:
            if block.tag in _HEADING_TAGS and heading_key(_text(block)) == wanted:
                level = int(block.tag[1])
            continue
        if _ends_section(block, level):
            break
        size += len(ET.tostring(block, encoding="unicode"))
        if size > MAX_SUMMARY_CHARS:
            break
        kept.append(block)
    return kept


def _ends_section(block: ET.Element, level: int) -> bool:
    """A heading as high as the public one, at the top or anywhere inside this block."""
    return any(
        element.tag in _HEADING_TAGS and int(element.tag[1]) <= level for element in block.iter()
    )


def _text(element: ET.Element) -> str:
    return "".join(element.itertext())


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


def _markdown(heading: str) -> markdown.Markdown:
    """A renderer that escapes raw HTML and keeps only the section under ``heading``."""
    renderer = markdown.Markdown(extensions=["fenced_code", "tables", "sane_lists"])
    renderer.preprocessors.deregister("html_block")
    renderer.inlinePatterns.deregister("html")
    # fenced_code runs at 25; the section is chosen before inline markup (20) is parsed.
    renderer.preprocessors.register(_CommonMarkHeadings(renderer), "kbgen_headings", 15)
    renderer.treeprocessors.register(_PublicSection(renderer, heading), "kbgen_section", 30)
    renderer.treeprocessors.register(_PlainHeadings(renderer), "kbgen_plain_headings", 1)
    return renderer
