"""The ``content:`` section: which file names in the content folder are articles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import translate
from functools import lru_cache

from kbgen.config.checks import check_section, parse_string_list
from kbgen.config.source import ConfigSource

_CONTENT_KEYS: dict[str, type | tuple[type, ...]] = {"patterns": (str, list)}
DEFAULT_PATTERNS = ("*.md", "*.html.md.erb")
"""Plain Markdown (``*.md`` also covers Tech Docs' ``*.html.md``) and Tech Docs ERB pages."""
MARKDOWN_SUFFIXES = (".md", ".markdown")
"""Names MkDocs renders as pages; other matched files (ERB) are read but not built."""


@dataclass(frozen=True, slots=True)
class ContentSettings:
    """File-name patterns (shell-style, matched against the name only) of article files."""

    patterns: tuple[str, ...] = DEFAULT_PATTERNS

    def matches(self, name: str) -> bool:
        """True when a file name matches one of the patterns (case-sensitive)."""
        return compiled(self.patterns).match(name) is not None


@lru_cache(maxsize=16)
def compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression for all patterns: a scan tests each file name once."""
    return re.compile("|".join(f"(?:{translate(pattern)})" for pattern in patterns))


def is_renderable(name: str) -> bool:
    """True for files MkDocs renders as pages; ``*.html.md.erb`` templates are not."""
    return name.endswith(MARKDOWN_SUFFIXES)


def parse_content(source: ConfigSource, data: object) -> ContentSettings:
    """Validate the ``content:`` section; a pattern must not hold a path separator."""
    section = check_section(source, data, ("content",), _CONTENT_KEYS)
    patterns = parse_string_list(source, section, ("content", "patterns"))
    if any("/" in pattern for pattern in patterns):
        source.fail(("content", "patterns"), "'content.patterns' match file names: no '/' allowed")
        patterns = ()
    return ContentSettings(patterns or DEFAULT_PATTERNS)
