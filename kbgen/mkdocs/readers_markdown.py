"""An article's Markdown as readers see it: what the page was rendered from, includes expanded.

``page.markdown`` after ``on_page_markdown`` holds every plugin's changes (kbgen drops the
leading H1 the theme renders from the title); text that Markdown extensions pull in from other
files (``pymdownx.snippets``) is inserted here by the same extension, configured as the build's,
so a Markdown twin carries what the page shows and nothing the page does not.
"""

from __future__ import annotations

import markdown
from mkdocs.config.defaults import MkDocsConfig

INCLUDE_PREPROCESSORS = ("snippet",)
"""Python-Markdown preprocessors that insert other files' text (pymdownx.snippets)."""


class IncludeExpander:
    """Expands includes with one Markdown instance per build, made only when one is configured."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None
        self._names: tuple[str, ...] | None = None

    def expand(self, text: str, config: MkDocsConfig) -> str:
        """``text`` with every include preprocessor of the build's extensions applied."""
        names = self._preprocessors(config)
        if not names or self._md is None:
            return text
        self._md.reset()
        lines = text.split("\n")
        for name in names:
            lines = self._md.preprocessors[name].run(lines)
        return "\n".join(lines)

    def _preprocessors(self, config: MkDocsConfig) -> tuple[str, ...]:
        if self._names is None:
            self._names = ()
            if any("snippets" in str(name) for name in config["markdown_extensions"]):
                self._md = markdown.Markdown(
                    extensions=config["markdown_extensions"],
                    extension_configs=config["mdx_configs"] or {},
                )
                self._names = tuple(
                    name for name in INCLUDE_PREPROCESSORS if name in self._md.preprocessors
                )
        return self._names
