"""``kbgen: {enabled: false}`` changes nothing: the site is the one built without the plugin."""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as load_mkdocs_config

from kbgen.mkdocs.plugin import KbgenPlugin

PAGES = {
    "index.md": "# Home\n\nWelcome.\n",
    "help/escaped.md": '---\ntitle: "Tom & Jerry <b>bold</b> {{ braces }}"\ntags: [a, 1, {x: y}]\n'
    "---\n\n# Leading heading\n\nBody & <i>text</i>.\n",
    "help/diagram.md": '# Diagram\n\n<pre class="mermaid">graph TD; A--&gt;B</pre>\n',
    "roadmap.md": "---\ntitle: Roadmap\n---\n\nOur plans.\n",
    "changelog.md": "# Changelog <script>x</script>\n",
}
WITHOUT = "plugins: []\n"
DISABLED = "plugins:\n  - kbgen:\n      enabled: false\n"
ENABLED = "plugins:\n  - kbgen:\n      config_file: {config_file}\n"


def build_plain(root: Path, pages: dict[str, str], plugins: str) -> dict[str, bytes]:
    """Build a hand-made mkdocs.yml site (Material) into ``root``; every file's bytes but the
    gzip sitemap (its header holds the time)."""
    docs = root / "docs"
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    (root / "site_config.yml").write_text("site_name: Plain\ndocs_dir: docs\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Plain\ntheme:\n  name: material\n"
        + plugins.format(config_file=root / "site_config.yml"),
        encoding="utf-8",
    )
    site = root / "site"
    config = load_mkdocs_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix != ".gz"
    }


@pytest.fixture(scope="module")
def plain_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """The same pages built without the plugin, with it disabled, and with it on."""
    return {
        name: build_plain(tmp_path_factory.mktemp(name), PAGES, plugins)
        for name, plugins in (("without", WITHOUT), ("disabled", DISABLED), ("enabled", ENABLED))
    }


def test_disabled_plugin_site_is_byte_identical(plain_sites: dict[str, dict[str, bytes]]) -> None:
    """Every file of the site is the same, byte for byte, with the plugin disabled or absent."""
    assert plain_sites["disabled"].keys() == plain_sites["without"].keys()
    changed = [
        name
        for name, data in plain_sites["without"].items()
        if plain_sites["disabled"][name] != data
    ]
    assert changed == []


@pytest.mark.parametrize("page", ["help/escaped/index.html", "help/diagram/index.html"])
def test_enabled_plugin_changes_these_pages(
    plain_sites: dict[str, dict[str, bytes]], page: str
) -> None:
    """The comparison can fail: with the plugin on, the same pages come out different."""
    assert plain_sites["enabled"][page] != plain_sites["without"][page]


def test_disabled_plugin_escapes_no_title(plain_sites: dict[str, dict[str, bytes]]) -> None:
    """The title is Material's own rendering, and the mermaid block is not rewritten."""
    escaped = plain_sites["disabled"]["help/escaped/index.html"].decode()
    diagram = plain_sites["disabled"]["help/diagram/index.html"].decode()
    assert '<pre class="mermaid">' in diagram
    assert "kbgen-mermaid-source" not in diagram
    assert escaped == plain_sites["without"]["help/escaped/index.html"].decode()


TITLE_TEXT = st.text(
    alphabet=st.sampled_from(list("ab <>&\"'{}%#*_`|:")), min_size=1, max_size=20
).filter(lambda text: text.strip() != "")


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TITLE_TEXT, mermaid=st.booleans(), heading=st.booleans())
def test_disabled_plugin_changes_no_page(
    tmp_path_factory: pytest.TempPathFactory, title: str, mermaid: bool, heading: bool
) -> None:
    """For any title, leading heading and mermaid block, disabled equals absent, byte for byte."""
    body = (f"# {title}\n\n" if heading else "") + "Text.\n"
    if mermaid:
        body += f'\n<pre class="mermaid">{title}</pre>\n'
    pages = {"index.md": "# Home\n", "page.md": f"---\ntitle: {json.dumps(title)}\n---\n\n{body}"}
    without = build_plain(tmp_path_factory.mktemp("without"), pages, WITHOUT)
    disabled = build_plain(tmp_path_factory.mktemp("disabled"), pages, DISABLED)
    assert disabled == without


def event_methods() -> list[str]:
    """Names of every MkDocs event KbgenPlugin handles."""
    return sorted(name for name in vars(KbgenPlugin) if name.startswith("on_"))


@pytest.mark.parametrize("event", [name for name in event_methods() if name != "on_startup"])
def test_every_event_checks_enabled_first(event: str) -> None:
    """Each event's first statement returns its input unchanged when the plugin is disabled."""
    source = textwrap.dedent(inspect.getsource(getattr(KbgenPlugin, event)))
    function = ast.parse(source).body[0]
    assert isinstance(function, ast.FunctionDef)
    first = function.body[1]  # body[0] is the docstring
    assert isinstance(first, ast.If)
    assert ast.unparse(first.test) == "not self.config.enabled"
    returned = first.body[-1]
    assert isinstance(returned, ast.Return)
    parameters = [arg.arg for arg in function.args.posonlyargs + function.args.args][1:]
    expected = parameters[0] if parameters else None
    assert (ast.unparse(returned.value) if returned.value else None) == expected
