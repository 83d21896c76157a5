"""Text placed into Markdown (``llms.txt``, ``llms-full.txt``) that must stay text."""

from __future__ import annotations

import re
from urllib.parse import quote

from kbgen.display_text import display_text

_INLINE_MARKUP = re.compile(r"([\\`*_\[\]()<>&!#|~$={}^+])")
"""Characters that start or end inline Markdown (emphasis, code, links, entities, raw HTML,
strikethrough, math and table cells): always escaped."""
_LIST_MARKER = re.compile(r"\A(-|\d{1,9}[.)])")
"""A list marker (``-``, ``1.``, ``1)``) where the text opens a line's content (``+`` and
``*`` are escaped everywhere)."""
# What may stay as written in a link destination: RFC 3986 unreserved and reserved characters
# and '%' (already-encoded bytes); ( ) < > and spaces would end or break the destination, a
# backslash would escape, and '&' could start an entity reference Markdown decodes (&#10;).
_URL_SAFE = "-._~:/?#[]@!$'*+,;=%"


def markdown_text(text: str) -> str:
    """``text`` as one line of Markdown that renders exactly as ``text``.

    Inline markup characters are backslash-escaped (CommonMark lets any ASCII punctuation be
    escaped, and an escaped one is never markup, an entity or raw HTML), and so is a list
    marker at the start (the text may open a heading or quote); runs of whitespace, line
    breaks included, become one space, and control, bidi and invisible characters are shown as
    every report shows them (``kbgen.display_text``). Other punctuation stays as written.
    """
    escaped = _INLINE_MARKUP.sub(r"\\\1", " ".join(display_text(text).split()))
    marker = _LIST_MARKER.match(escaped)
    if marker is None:
        return escaped
    at = marker.end() - 1  # escape the marker's last character: "\-", "1\." or "1\)"
    return f"{escaped[:at]}\\{escaped[at:]}"


def markdown_link(text: str, url: str) -> str:
    """``[text](url)`` whose text stays text and whose destination survives any character."""
    return f"[{markdown_text(text)}]({link_destination(url)})"


def link_destination(url: str) -> str:
    """``url`` percent-encoded where Markdown would end or misread a link destination."""
    return quote(url, safe=_URL_SAFE)
