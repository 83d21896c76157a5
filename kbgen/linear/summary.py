"""A Linear description's public summary: its public section, rendered and sanitised.

``kbgen.linear.sections`` finds the lines of the public section on CommonMark parses of the
whole description; only those lines are then parsed again and rendered (so a reference
definition outside the section cannot lend it a URL), with raw HTML shown as text, headings
as bold paragraphs (a card has its own heading), at most ``MAX_SUMMARY_CHARS`` of whole
top-level blocks, and the result cleaned by ``kbgen.linear_data.sanitize.clean_html``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from kbgen.linear.sections import commonmark, normalise, public_section
from kbgen.linear_data.sanitize import clean_html, strip_unsafe_chars

MAX_SUMMARY_CHARS = 5_000
"""Rendered HTML kept from a public section, in whole top-level blocks."""
MAX_DESCRIPTION_CHARS = 30_000
"""Only this much of a description is read, cut at a line end."""


def render_summary(description: str | None, heading: str) -> str:
    """Sanitised HTML of the public section of a Markdown description ('' when none)."""
    text = _bounded(strip_unsafe_chars(normalise(description or "")))
    section = public_section(text, heading)
    if section is None:
        return ""
    lines = text.split("\n")[section.start : section.end]
    tokens = RENDERER.parse("\n".join(lines), {})
    return clean_html(_render_blocks(tokens))


def _bounded(text: str) -> str:
    if len(text) <= MAX_DESCRIPTION_CHARS:
        return text
    return text[: max(text.rfind("\n", 0, MAX_DESCRIPTION_CHARS), 0)]


def _render_blocks(tokens: Sequence[Token]) -> str:
    """Whole top-level blocks while they fit in ``MAX_SUMMARY_CHARS``."""
    rendered: list[str] = []
    size, start, depth = 0, 0, 0
    for index, token in enumerate(tokens):
        depth += token.nesting
        if depth > 0:
            continue
        block = RENDERER.renderer.render(tokens[start : index + 1], RENDERER.options, {})
        size += len(block)
        if size > MAX_SUMMARY_CHARS:
            break
        rendered.append(block)
        start = index + 1
    return "".join(rendered)


def _heading_open(renderer: RendererHTML, tokens: Sequence[Token], index: int, *_: Any) -> str:
    return "<p><strong>"


def _heading_close(renderer: RendererHTML, tokens: Sequence[Token], index: int, *_: Any) -> str:
    return "</strong></p>\n"


RENDERER = commonmark(html=False, tables=True)
"""Raw HTML is text; tables and ``~~`` are read (the first of the parses that cut sections)."""
RENDERER.add_render_rule("heading_open", _heading_open)
RENDERER.add_render_rule("heading_close", _heading_close)
