"""SharedMarkdown renders every page exactly as MkDocs' own per-page Markdown does."""

from __future__ import annotations

from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from kbgen.mkdocs.config_builder import MARKDOWN_EXTENSIONS
from kbgen.mkdocs.shared_markdown import SharedMarkdown

PAGES = {
    "a.md": "# Alpha\n\nText[^1] with an HTML abbr and [b](b.md#beta-two).\n\n"
    "*[HTML]: Hyper Text\n\n[^1]: A note.\n\n## Alpha two\n\n| x | y |\n|---|---|\n| 1 | 2 |\n",
    "b.md": "# Beta\n\nNo notes, HTML here is not an abbreviation.\n\n## Beta two {#beta-two}\n\n"
    "```python\nprint(1)\n```\n\n!!! tip\n    Tip.\n",
    "c.md": "Plain text without a title[^x].\n\n[^x]: Own note.\n",
}


def test_each_page_renders_as_with_a_fresh_instance(tmp_path: Path) -> None:
    """Content, TOC, title and anchors match Page.render; nothing leaks between pages."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in PAGES.items():
        (docs / name).write_text(text, encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    # Material: the theme kbgen builds with, on either engine (ProperDocs ships no "mkdocs" theme).
    settings = {
        "site_name": "T",
        "docs_dir": "docs",
        "theme": {"name": "material"},
        "markdown_extensions": MARKDOWN_EXTENSIONS,
    }
    config_file.write_text(yaml.safe_dump(settings), encoding="utf-8")
    config = load_config(str(config_file))
    files = Files([File(name, str(docs), str(tmp_path / "site"), True) for name in PAGES])
    shared = SharedMarkdown()
    for _ in range(2):
        for file in files:
            fresh, reused = Page(None, file, config), Page(None, file, config)
            fresh.read_source(config)
            reused.read_source(config)
            fresh.render(config, files)
            shared.render(reused, config, files)
            assert reused.content == fresh.content
            assert [(t.id, t.title) for t in reused.toc] == [(t.id, t.title) for t in fresh.toc]
            assert reused.title == fresh.title
            assert reused.present_anchor_ids == fresh.present_anchor_ids
