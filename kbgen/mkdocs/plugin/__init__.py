"""The ``kbgen`` MkDocs plugin, shaped like Material's own plugins.

``config`` holds the plugin's options, ``plugin`` the events (each checks ``enabled`` first,
then only orchestrates), ``state`` what one build knows, and one module per job the events
hand over to: ``structure`` (kbgen's pages and the navigation), ``files`` (the build's file
list), ``page_markdown`` (a page's Markdown and HTML) and ``exports`` (what is written next to
the HTML). The entry point ``kbgen.mkdocs.plugin:KbgenPlugin`` names the class below.
"""

from __future__ import annotations

from kbgen.mkdocs.plugin.plugin import KbgenPlugin

__all__ = ["KbgenPlugin"]
