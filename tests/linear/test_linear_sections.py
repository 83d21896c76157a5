"""The public section is what markdown-it-py's CommonMark parse puts under the Public heading.

Hypothesis writes descriptions from random fences (lengths, characters, indents, closers that
do and do not close), ATX and setext headings, lists, quotes, indented code and HTML; every
text word is a unique marker. An oracle walks markdown-it-py's own syntax tree of the whole
description (not kbgen's line cut) to say which markers lie under the Public heading; the
summary must hold exactly those, and never a marker after an Internal heading in any of the
readings (CommonMark with and without raw HTML, with GFM tables).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from kbgen.linear.sections import MAX_FENCE_DEPTH, public_section
from kbgen.linear.summary import render_summary

MARKER = re.compile(r"\bw\d+\b")
READINGS = {
    "commonmark": MarkdownIt("commonmark"),
    "commonmark-no-html": MarkdownIt("commonmark", {"html": False}),
    "gfm-tables": MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"]),
}
ORACLE = READINGS["gfm-tables"]  # the reading summaries are rendered with
HEADING_TEXTS = ["Public", "public", "**Public**:", "Internal", "Internal notes", "INTERNAL:"]
OTHER_HEADINGS = ["Other", "Details", "Publicity"]


# -- descriptions ------------------------------------------------------------------------------


@st.composite
def _words(draw: st.DrawFn, counter: list[int]) -> str:
    count = draw(st.integers(1, 3))
    words = []
    for _ in range(count):
        counter[0] += 1
        words.append(f"w{counter[0]}")
    return " ".join(words)


def _heading_text(draw: st.DrawFn, counter: list[int]) -> str:
    return draw(st.one_of(st.sampled_from(HEADING_TEXTS + OTHER_HEADINGS), _words(counter)))


@st.composite
def _atx(draw: st.DrawFn, counter: list[int]) -> list[str]:
    indent = " " * draw(st.integers(0, 3))
    hashes = "#" * draw(st.integers(1, 6))
    closing = draw(st.sampled_from(["", " #", " ######", " ##   "]))
    return [f"{indent}{hashes} {_heading_text(draw, counter)}{closing}"]


@st.composite
def _setext(draw: st.DrawFn, counter: list[int]) -> list[str]:
    lines = [_heading_text(draw, counter)]
    if draw(st.booleans()):
        lines.insert(0, draw(_words(counter)))
    underline = draw(st.sampled_from("=-")) * draw(st.integers(1, 5))
    return [*lines, " " * draw(st.integers(0, 3)) + underline]


@st.composite
def _fence(draw: st.DrawFn, counter: list[int]) -> list[str]:
    char = draw(st.sampled_from("`~"))
    length = draw(st.integers(3, 5))
    opener = " " * draw(st.integers(0, 3)) + char * length + draw(st.sampled_from(["", "py"]))
    inside = st.one_of(
        _words(counter),
        st.sampled_from(["## Internal", "# Other", "## Public", "Internal", "---", "===", "> q"]),
    )
    body = draw(st.lists(inside, max_size=3))
    other = "~" if char == "`" else "`"
    closers = [
        char * length,
        char * (length + draw(st.integers(1, 3))),
        " " * draw(st.integers(1, 3)) + char * length,
        char * (length - 1),  # too short: does not close
        other * length,  # the other character: does not close
        "    " + char * length,  # indented four spaces: does not close
        char * length + " x",  # a closing fence has no info string
        "\t" + char * length,  # a tab is four columns: does not close
    ]
    closer = draw(st.sampled_from([*closers, None]))
    return [opener, *body, *([closer] if closer is not None else [])]


@st.composite
def _leaf(draw: st.DrawFn, counter: list[int]) -> list[str]:
    return draw(
        st.one_of(
            _words(counter).map(lambda words: [words]),
            _words(counter).map(lambda words: [words, "more " + words.replace("w", "v")]),
            _atx(counter),
            _setext(counter),
            _fence(counter),
            _words(counter).map(lambda words: ["    " + words]),
            st.just(["***"]),
        )
    )


@st.composite
def _block(draw: st.DrawFn, counter: list[int], depth: int = 0) -> list[str]:
    if depth >= 2 or draw(st.integers(0, 2)):
        return draw(_leaf(counter))
    inner = draw(_block(counter, depth + 1))
    kind = draw(st.sampled_from(["-", "1.", ">"]))
    if kind == ">":
        return ["> " + line for line in inner]
    pad = " " * (len(kind) + 1)
    return [f"{kind} {inner[0]}", *(pad + line if line else line for line in inner[1:])]


@st.composite
def descriptions(draw: st.DrawFn) -> str:
    """A Markdown description: a few random blocks, usually a Public heading among them."""
    counter = [0]
    blocks = draw(st.lists(_block(counter), min_size=1, max_size=10))
    if draw(st.integers(0, 4)):
        at = draw(st.integers(0, len(blocks)))
        blocks.insert(at, [draw(st.sampled_from(["## Public", "# Public", "Public\n---"]))])
    out = blocks[0]
    for block in blocks[1:]:
        out = [*out, *([""] if draw(st.integers(0, 3)) else []), *block]
    return "\n".join(out)


# -- the oracle: markdown-it-py's syntax tree of the whole description -------------------------


def _key(node: SyntaxTreeNode) -> str:
    text = "".join(n.content for n in node.walk() if n.type in ("text", "code_inline"))
    return text.replace("*", "").strip().rstrip(":").strip().casefold()


def _is_internal(node: SyntaxTreeNode) -> bool:
    return node.type == "heading" and re.match(r"internal\b", _key(node)) is not None


def _unclosed(node: SyntaxTreeNode) -> bool:
    assert node.map is not None
    content = node.content
    lines = content.count("\n") + (1 if content and not content.endswith("\n") else 0)
    return lines == node.map[1] - node.map[0] - 1


def _ends(node: SyntaxTreeNode, level: int, depth: int = 0) -> bool:
    """The documented end rules, judged on the tree."""
    for inner in node.walk():
        if inner.type == "heading" and (int(inner.tag[1]) <= level or _is_internal(inner)):
            return True
        if inner.type == "fence" and _unclosed(inner):
            if depth >= MAX_FENCE_DEPTH:
                return True
            tree = SyntaxTreeNode(ORACLE.parse(inner.content))
            if any(_ends(child, level, depth + 1) for child in tree.children):
                return True
    return False


def expected_markers(text: str) -> set[str]:
    """Markers in the top-level blocks the tree places under the first Public heading."""
    children = SyntaxTreeNode(ORACLE.parse(text)).children
    start = next(
        (i for i, c in enumerate(children) if c.type == "heading" and _key(c) == "public"), None
    )
    if start is None:
        return set()
    if any(_is_internal(n) for child in children[: start + 1] for n in child.walk()):
        return set()
    level, found = int(children[start].tag[1]), set()
    for child in children[start + 1 :]:
        if _ends(child, level):
            break
        found |= set(MARKER.findall(ORACLE.renderer.render(child.to_tokens(), ORACLE.options, {})))
    return found


def after_internal(text: str, reading: MarkdownIt) -> set[str]:
    """Markers on or after the first line of any Internal heading in ``reading``."""
    lines = [
        node.map[0]
        for node in SyntaxTreeNode(reading.parse(text)).walk()
        if _is_internal(node) and node.map
    ]
    if not lines:
        return set()
    return set(MARKER.findall("\n".join(text.split("\n")[min(lines) :])))


def published(text: str) -> set[str]:
    return set(MARKER.findall(render_summary(text, "Public")))


@settings(max_examples=500, deadline=None)
@given(descriptions())
def test_summary_is_exactly_what_commonmark_puts_under_public(text: str) -> None:
    """The summary's markers are the oracle's, and none follows an Internal heading."""
    shown = published(text)
    assert shown == expected_markers(text)
    assert not shown & after_internal(text, ORACLE)


# -- HTML and tables: the readings differ, the summary stays on the safe side --------------------

_HTML_BLOCKS = [
    "<div>",
    "</div>",
    "<pre>",
    "</pre>",
    "<!--",
    "-->",
    "<h2>Internal</h2>",
    "<H3 class=x>Other</H3>",
    "<details>",
    "| a | b |\n| - | - |",
    "| c | d |",
    "<script>",
    "</script>",
]


@st.composite
def html_descriptions(draw: st.DrawFn) -> str:
    """Descriptions with HTML blocks and table rows spliced in between the lines."""
    lines = draw(descriptions()).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(_HTML_BLOCKS)))
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(html_descriptions())
def test_no_reading_sees_published_text_after_an_internal_heading(text: str) -> None:
    """Raw HTML hides headings from one reading and not another: the earliest end wins."""
    shown = published(text)
    for name, reading in READINGS.items():
        assert not shown & after_internal(text, reading), name


@settings(max_examples=200, deadline=None)
@given(html_descriptions())
def test_published_text_is_under_public_in_the_rendered_reading(text: str) -> None:
    """Whatever is published lies under the Public heading in the reading that renders it."""
    shown = published(text)
    assert shown <= _under_public(text)


def _under_public(text: str) -> set[str]:
    children = SyntaxTreeNode(ORACLE.parse(text)).children
    for index, child in enumerate(children):
        if child.type == "heading" and _key(child) == "public":
            rest = children[index + 1 :]
            return set(MARKER.findall(_render(rest)))
    return set()


def _render(nodes: list[SyntaxTreeNode]) -> str:
    return "".join(ORACLE.renderer.render(node.to_tokens(), ORACLE.options, {}) for node in nodes)


# -- rules the oracle leaves out ----------------------------------------------------------------


def _cases() -> Iterator[tuple[str, str, str]]:
    yield "crlf", "## Public\r\nkept\r\n````\r\nx\r\n`````\r\n## Internal\r\nZZPRIV", "kept"
    yield "cr", "## Public\rkept\r~~~\rx\r~~~~\r## Internal\rZZPRIV", "kept"
    yield "no-space-atx-in-paragraph", "## Public\nkept\n###Internal\nZZPRIV", "kept"
    yield "deep-quotes", "## Public\nkept\n\n" + "> " * 25 + "## Internal\nZZPRIV", "kept"
    yield (
        "nested-unclosed-fences",
        "## Public\nkept\n\n"
        + "\n".join("`" * n for n in range(40, 3, -1))
        + "\n## Internal\nZZPRIV",
        "kept",
    )
    yield "reference-from-internal", "## Public\n[kept][r]\n## Internal\n[r]: /ZZPRIV", "kept"
    yield "internal-then-public", "## Internal\nZZPRIV\n## Public\nZZPRIV-too", ""
    yield "too-deep-then-public", "> " * 25 + "## Internal\nZZPRIV\n## Public\nZZPRIV-too", ""
    yield (
        "internal-inside-html-then-public",
        "<div>\n## Internal\nZZPRIV\n</div>\n\n## Public\nZZPRIV-too",
        "",
    )


@pytest.mark.parametrize(("name", "text", "kept"), list(_cases()), ids=[c[0] for c in _cases()])
def test_edge_rules(name: str, text: str, kept: str) -> None:
    """Line endings, no-space ATX, depth limits, references and Internal before Public."""
    rendered = render_summary(text, "Public")
    assert "ZZPRIV" not in rendered
    assert (kept in rendered) if kept else rendered == ""


def test_public_section_lines() -> None:
    """The section is a line range of the normalised description."""
    section = public_section("intro\n\n## Public\na\n\nb\n## Internal\nc", "Public")
    assert section is not None and (section.start, section.end) == (3, 6)


# -- an Internal heading however it is dressed ------------------------------------------------

_DRESSINGS = st.sampled_from(
    ["", " ", "🔒 ", "[", "(", '"', "- ", "**", "_", "`", "1. ", "\u200b", "\ufeff", "&nbsp;",
     "\u3164", "\uffa0", "!["]  # Hangul fillers (letters that show nothing), image alt text
)  # fmt: skip
_LOOKALIKE_LETTERS = {  # Latin, small capitals, then Cyrillic, Greek, Armenian lookalikes
    "I": "Ii\u0406\u0131\u0399\u026a",
    "n": "n\u0578\u0274",
    "t": "t\u0442\u1d1b",
    "e": "e\u0435\u1d07",
    "r": "r\u0433\u0280",
    "a": "a\u0430\u03b1\u1d00",
    "l": "l\u04cf\u029f",
}


@st.composite
def _dressed_internal(draw: st.DrawFn) -> str:
    """``Internal`` in any case, a lookalike letter of another script, full width, with marks,
    spaces or punctuation between letters, and decoration before and after it."""
    letters = []
    for letter in "Internal":
        char = draw(st.sampled_from(_LOOKALIKE_LETTERS.get(letter, letter)))
        char = draw(st.sampled_from([char.lower(), char.upper(), char]))
        if draw(st.booleans()) and char.isascii():
            char = chr(ord(char) + 0xFEE0)  # full width
        char += draw(st.sampled_from(["", "", "\u0301", ".", " ", "\u00ad"]))
        letters.append(char)
    return draw(_DRESSINGS) + "".join(letters) + draw(st.sampled_from(["", ":", "]", " notes"]))


_HEADING_FORMS = st.sampled_from(
    ["### {}", "#### {}", "{}\n---", "\\### {}", "&#35;&#35;&#35; {}", "＃＃ {}",
     "+++ {}", "**{}**", "_{}_:", "see below\x85### {}"]  # Linear collapsible, bold, NEL
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_dressed_internal(), _HEADING_FORMS, st.sampled_from(["", "\ufeff", "\u200b", "\t", "    "]))
@example("&nbsp;internal", "_{}_:", "")  # found by Hypothesis: an entity space inside the marks
def test_a_dressed_internal_heading_ends_the_section(heading: str, form: str, lead: str) -> None:
    """However ``Internal`` is written (lookalike letters, marks, width, decoration), and
    whether CommonMark reads the line as a heading, text or indented code, nothing after it
    is published."""
    if "---" in form:  # an indented line or a list item over "---" is no setext heading
        assume(not lead.isspace() and not heading.startswith(("- ", "1. ")))
    if heading.startswith("![") or form.startswith(("+", "*", "_")):
        assume(form.startswith("#") if heading.startswith("![") else not heading[:1].isspace())
    if heading.startswith("!["):
        heading += "](x.png)"
    text = f"## Public\n\nw1 kept\n\n{lead}{form.format(heading)}\n\nw2 secret\n"
    rendered = render_summary(text, "Public")
    assert "w2" not in rendered, (text, rendered)
