"""Keep Material from loading scripts from other hosts: kbgen sites make no third-party requests.

Material's JavaScript fetches mermaid.js from unpkg.com when a page holds a ``<pre
class="mermaid">``, and a ResizeObserver polyfill from there on old browsers. kbgen does not
ship mermaid: such diagrams stay visible as their source text and the build warns, and the
CDN addresses are taken out of the bundle, so no page can ever ask another host for a script.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

MERMAID_CLASS = "mermaid"
DISARMED_CLASS = "kbgen-mermaid-source"
BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")
CDN_URL = re.compile(
    r"https?://(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com)/[^\"'`\s)]*"
)
NO_SCRIPT = "data:text/javascript,"
_HTML_SPACE = re.compile(r"[ \t\n\f\r]+")


class _MermaidTags(HTMLParser):
    """Finds the ``<pre>`` start tags whose class list holds ``mermaid``, as browsers read it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre" and any(is_mermaid(name, value) for name, value in attrs):
            original = self.get_starttag_text() or ""
            line, column = self.getpos()
            self.found.append((line, column, len(original), rebuilt_tag(tag, attrs)))


def is_mermaid(name: str, value: str | None) -> bool:
    """True for a ``class`` attribute listing ``mermaid`` (in any case)."""
    return name == "class" and MERMAID_CLASS in class_tokens(value)


def class_tokens(value: str | None) -> list[str]:
    """The class names of a class attribute, lower-cased."""
    return [token.lower() for token in _HTML_SPACE.split(value or "") if token]


def rebuilt_tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    """The start tag again, with ``mermaid`` renamed in every class attribute."""
    parts = [tag]
    for name, value in attrs:
        if name == "class":
            tokens = _HTML_SPACE.split(value or "")
            value = " ".join(DISARMED_CLASS if t.lower() == MERMAID_CLASS else t for t in tokens)
        parts.append(name if value is None else f'{name}="{escape(value, quote=True)}"')
    return "<" + " ".join(parts) + ">"


def disarm_mermaid(html: str) -> tuple[str, int]:
    """Rename the ``mermaid`` class of ``<pre>`` elements; return the HTML and how many."""
    lowered = html.lower()
    if "<pre" not in lowered or (MERMAID_CLASS not in lowered and "&#" not in html):
        return html, 0
    parser = _MermaidTags()
    parser.feed(html)
    parser.close()
    starts = [0, *(match.end() for match in re.finditer("\n", html))]
    pieces, done = [], 0
    for line, column, length, replacement in parser.found:
        start = starts[line - 1] + column
        pieces += [html[done:start], replacement]
        done = start + length
    pieces.append(html[done:])
    return "".join(pieces), len(parser.found)


def offline_bundle(script: str) -> str:
    """Material's bundle with every CDN script address replaced by an empty inline script."""
    return CDN_URL.sub(NO_SCRIPT, script)


def offline_theme_bundle(files: Files, config: MkDocsConfig) -> None:
    """Swap Material's JavaScript bundle for a copy that names no CDN."""
    for file in list(files):
        if BUNDLE.fullmatch(file.src_uri) and file.abs_src_path:
            script = Path(file.abs_src_path).read_text(encoding="utf-8")
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=offline_bundle(script)))
