"""Which lines of a Linear description are its public section, decided by CommonMark parses.

Linear's editor writes CommonMark, so markdown-it-py's block parse decides what is a heading
(ATX, setext, trailing ``#``s, fences of any length, indentation, lists, quotes, HTML blocks).
The section is the top-level blocks after the first top-level heading named like the public
heading, up to (not including) the first top-level block that holds, anywhere inside it:
a heading as high as the public one, a heading whose text starts with "Internal", an HTML
``<h1>``-``<h6>`` tag, nesting too deep to parse, or an unclosed fence whose content, read as
Markdown, would end the section. Paragraph text written like an Internal heading with no
space (``##Internal``) ends it at that line. The description is parsed three ways (CommonMark
with and without raw HTML, and the GFM-table parse that renders the summary) and the earliest
end wins; an ``Internal`` heading (or nesting too deep to parse) before the public one in any
parse publishes nothing. Fail closed: when in doubt, the section is shorter.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

MAX_NESTING = 20
"""Deeper containers are not parsed by markdown-it-py: a block reaching this ends the section."""
MAX_FENCE_DEPTH = 4
"""Unclosed fences inside unclosed fences read as Markdown; deeper ones end the section."""
_LOOKALIKES = str.maketrans(
    {
        **dict.fromkeys("lıіιɩӏǀⅰⅼɪʟ", "i"),  # a capital I looks like l, dotless i, Cyrillic i...
        **dict.fromkeys("ոռпɴ", "n"),
        **dict.fromkeys("тτᴛ", "t"),
        **dict.fromkeys("еєҽᴇ", "e"),
        **dict.fromkeys("гʀ", "r"),
        **dict.fromkeys("аαɑᴀ", "a"),  # ... and small capitals (ɪɴᴛᴇʀɴᴀʟ)
    }
)
"""Letters of other scripts a reader takes for those of ``internal`` (casefolded)."""
INTERNAL = "internal".translate(_LOOKALIKES)
"""A heading whose letters read so first (any case, width, script, marks, spacing,
punctuation) is internal."""
_BLANK_LETTERS = str.maketrans(dict.fromkeys("\u115f\u1160\u3164\uffa0"))
"""Hangul fillers: letters that show nothing (``ㅤInternal`` reads ``Internal``)."""
_HTML_HEADING = re.compile(r"<h[1-6](?=[\s/>]|$)", re.IGNORECASE)
_NEWLINES = re.compile(r"\r\n?")
_NEXT_LINE = "\x85"
_SEPARATORS = re.compile("[\u2028\u2029]")
_HASHED_LINE = re.compile(r"\s*(?:#{1,6}|\+{3,})(.*)$")
"""A line marked as a heading: ATX ``#``s, or Linear's collapsible section (``+++ Title``)."""
_EMPHASISED_LINE = re.compile(r"\s*(\*{1,3}|_{1,3})(.+?)\1\s*:?\s*$")
"""A line wholly in bold or italics: a heading as a reader sees it (``**Internal**``)."""


def commonmark(*, html: bool, tables: bool) -> MarkdownIt:
    """A CommonMark parser (raw HTML recognised or not; GFM tables and strikethrough or not)."""
    parser = MarkdownIt("commonmark", {"html": html, "maxNesting": MAX_NESTING})
    return parser.enable(["table", "strikethrough"]) if tables else parser


_AS_RENDERED = commonmark(html=False, tables=True).disable("inline")
"""The block parse summaries are rendered with; inline text is parsed only where it matters."""
_OTHER_READINGS = {
    "<": commonmark(html=True, tables=False).disable("inline"),  # raw HTML blocks
    "|": commonmark(html=False, tables=False).disable("inline"),  # no GFM tables
}
"""Parses that differ from ``_AS_RENDERED`` only on text holding their character."""


@dataclass(frozen=True, slots=True)
class _Parse:
    """One parser's block tokens of a description, and the references it defines."""

    parser: MarkdownIt
    tokens: list[Token]
    env: dict[str, Any]

    def inline(self, token: Token) -> list[Token]:
        """The inline tokens of ``token`` (an ``inline`` block token) in this parse."""
        children: list[Token] = []
        self.parser.inline.parse(token.content, self.parser, self.env, children)
        return children

    def heading_key(self, index: int) -> str:
        """The compared text of the heading opened at ``tokens[index]``."""
        following = self.tokens[index + 1 : index + 2]
        if not following or following[0].type != "inline":
            return ""
        return heading_key(heading_text(self.inline(following[0])))


@dataclass(frozen=True, slots=True)
class Section:
    """Lines ``start`` (inclusive) to ``end`` (exclusive) of the normalised description."""

    start: int
    end: int


def normalise(text: str) -> str:
    """Line endings as CommonMark reads them (CR LF and CR are LF), so line numbers agree;
    a NEL (U+0085, a line break to Unicode-aware readers) as the line separator U+2028,
    which a browser shows as one and the Internal check reads as one."""
    return _NEWLINES.sub("\n", text).replace(_NEXT_LINE, "\u2028")


def public_section(text: str, heading: str) -> Section | None:
    """The public section of normalised ``text`` (None: no public heading, or nothing in it)."""
    parsers = [_AS_RENDERED, *(parser for char, parser in _OTHER_READINGS.items() if char in text)]
    parses = [_parse(parser, text) for parser in parsers]
    found = _public_heading(parses[0], heading_key(heading))
    if found is None:
        return None
    level, start = found
    total = text.count("\n") + 1
    end = min(_section_end(parse, level, start, total) for parse in parses)
    return Section(start, end) if end > start else None


def heading_key(text: str) -> str:
    """How heading texts compare: case, width, emphasis marks, invisible format characters
    and a trailing colon do not matter."""
    plain = unicodedata.normalize("NFKC", text)
    plain = "".join(char for char in plain if unicodedata.category(char) != "Cf")
    plain = " ".join(re.sub(r"[*_`]", "", plain).split())
    return plain.rstrip(":").strip().casefold()


def is_internal(key: str) -> bool:
    """A heading key whose letters read ``internal`` first: ``🔒 Internal``, ``[Internal]``,
    ``I.N.T.E.R.N.A.L``, ``Internal_notes``, ``Internally``, ``Internal`` with a Cyrillic
    ``I`` (U+0406) and ``Ínternal`` all do."""
    plain = unicodedata.normalize("NFKD", key).casefold().translate(_LOOKALIKES)
    plain = plain.translate(_BLANK_LETTERS)
    letters = "".join(char for char in plain if unicodedata.category(char).startswith("L"))
    return letters.startswith(INTERNAL)


def heading_text(children: Sequence[Token]) -> str:
    """The text inline tokens show (entities decoded, emphasis and link marks gone; an
    image by its alternative text, what a screen reader or a broken image shows)."""
    return "".join(
        child.content if child.type in _TEXT_TOKENS else " "
        for child in children
        if child.type in _TEXT_TOKENS or child.type in ("softbreak", "hardbreak")
    )


_TEXT_TOKENS = ("text", "text_special", "code_inline", "image")


def _parse(parser: MarkdownIt, text: str) -> _Parse:
    env: dict[str, Any] = {}
    return _Parse(parser, parser.parse(text, env), env)


def _public_heading(parse: _Parse, wanted: str) -> tuple[int, int] | None:
    """(level, first line after it) of the first top-level heading named ``wanted``."""
    for index, token in enumerate(parse.tokens):
        top = token.type == "heading_open" and token.level == 0
        if top and token.map and parse.heading_key(index) == wanted:
            return int(token.tag[1]), token.map[1]
    return None


def _section_end(parse: _Parse, level: int, start: int, total: int, depth: int = 0) -> int:
    """First line of the first top-level block that ends the section (``total``: none)."""
    for first, last, indexes in _top_level_blocks(parse.tokens):
        before = last <= start  # wholly before the section: only an Internal heading counts
        for index in indexes:
            if _ends_section(parse, index, level, before, depth):
                return first
            line = _no_space_internal_line(parse.tokens[index])
            if line is not None:
                return line if parse.tokens[index].level == 1 else first
    return total


def _top_level_blocks(tokens: Sequence[Token]) -> Iterator[tuple[int, int, range]]:
    """(first line, end line, token indexes) of each block directly in the document."""
    index = 0
    while index < len(tokens):
        end, depth = index, 0
        for end in range(index, len(tokens)):
            depth += tokens[end].nesting
            if depth <= 0:
                break
        first, last = tokens[index].map or (0, 0)
        yield first, last, range(index, end + 1)
        index = end + 1


def _ends_section(parse: _Parse, index: int, level: int, before: bool, depth: int) -> bool:
    """This token is an Internal heading or a container too deep to parse, or (after the
    start) a heading as high as the public one, an HTML heading tag or a telling fence."""
    token = parse.tokens[index]
    if token.type == "heading_open" and is_internal(parse.heading_key(index)):
        return True
    if token.level >= MAX_NESTING - 1:
        return True  # markdown-it-py skips what lies deeper: it may hold an Internal heading
    if before:
        return False
    if token.type == "heading_open" and int(token.tag[1]) <= level:
        return True
    return _is_html_heading(parse, token) or _hides_heading(parse, token, level, depth)


def _hides_heading(parse: _Parse, token: Token, level: int, depth: int) -> bool:
    """A fence left unclosed (code to the end of its container) over a line that would end
    the section outside it, or an indented code block over an Internal heading (a tab
    counts as fewer spaces in other editors): the author surely meant that heading."""
    if token.type not in ("fence", "code_block") or not token.map:
        return False
    closed = _token_lines(token.content) != token.map[1] - token.map[0] - 1
    if token.type == "fence" and closed:
        return False  # closed: its last line is the closing fence
    if depth >= MAX_FENCE_DEPTH:
        return True  # fences left open inside fences left open: give up, fail closed
    inner = _parse(parse.parser, token.content)
    total = token.content.count("\n") + 1
    start = total if token.type == "code_block" else 0  # all "before": only Internal counts
    return _section_end(inner, level, start, total, depth + 1) < total


def _token_lines(content: str) -> int:
    """Lines in a code token's content (each ends with a newline but the document's last)."""
    return content.count("\n") + (1 if content and not content.endswith("\n") else 0)


def _no_space_internal_line(token: Token) -> int | None:
    """The line of paragraph text that reads like an Internal heading: no space or another
    space after the ``#``s (``##Internal``), ``#`` escaped or written as an entity
    (``\\##``, ``&#35;``), full-width (U+FF03), or an invisible character before it, also
    after a Unicode line separator (which a browser shows as a line break); Linear's
    collapsible section title (``+++ Internal``) and a line wholly in bold or italics
    (``**Internal**``) read as such a heading too.
    CommonMark reads it as text; other Markdown, or a reader, as a heading."""
    if token.type != "inline" or not token.map:
        return None
    for offset, line in enumerate(token.content.split("\n")):
        for shown_line in _SEPARATORS.split(line):
            read = _as_read(shown_line)
            found = _HASHED_LINE.match(read) or _EMPHASISED_LINE.match(read)
            if found and is_internal(heading_key(found[found.lastindex or 1])):
                return token.map[0] + offset
    return None


def _as_read(line: str) -> str:
    """A line as a reader sees it: entities decoded, backslash escapes gone, full-width
    forms folded, invisible format characters removed."""
    plain = unicodedata.normalize("NFKC", html.unescape(line.replace("\\", "")))
    plain = plain.translate(_BLANK_LETTERS)
    return "".join(char for char in plain if unicodedata.category(char) != "Cf")


def _is_html_heading(parse: _Parse, token: Token) -> bool:
    """An HTML block or inline tag ``<h1>``-``<h6>`` (only a raw-HTML parse has them)."""
    if token.type == "html_block":
        return _HTML_HEADING.search(token.content) is not None
    if token.type != "inline" or not _HTML_HEADING.search(token.content):
        return False
    return any(
        child.type == "html_inline" and _HTML_HEADING.match(child.content)
        for child in parse.inline(token)
    )
