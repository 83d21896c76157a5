"""Pages with mermaid diagrams never load a script from another host; the build warns."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kbgen.errors import BuildError
from kbgen.mkdocs.build import build_site
from kbgen.mkdocs.third_party import DISARMED_CLASS, disarm_mermaid, offline_bundle
from tests.html_tree import parse

RECENT = (date.today() - timedelta(days=3)).isoformat()
DIAGRAMS = {
    "raw pre": '<pre class="mermaid">graph TD; A-->B</pre>',
    "extra classes": "<pre title='>' class='diagram mermaid'>graph TD; A-->B</pre>",
    "entity class": '<pre class="&#109;ermaid">graph TD; A-->B</pre>',
    "upper case": '<pre class="MERMAID">graph TD; A-->B</pre>',
}
# Absolute URLs Material's bundle holds that no kbgen page can request: repository facts are
# fetched only by a [data-md-component=source] element, which kbgen's source.html leaves out;
# the clipboard one is a licence comment.
INERT_BUNDLE_URLS = {"https://api.github.com/", "https://clipboardjs.com/", "https://"}
URL = re.compile(r"https?://[A-Za-z0-9.-]*/?")


def write_site(root: Path, body: str) -> Path:
    article = f"---\ntitle: Flow\nowner: ops\nlast_reviewed: {RECENT}\n---\n\n{body}\n"
    (root / "content" / "guides").mkdir(parents=True)
    (root / "content" / "guides" / "flow.md").write_text(article, encoding="utf-8")
    (root / "site_config.yml").write_text("site_name: Help\n", encoding="utf-8")
    return root / "site_config.yml"


@pytest.mark.parametrize("html", DIAGRAMS.values(), ids=list(DIAGRAMS))
def test_disarm_renames_the_class(html: str) -> None:
    """Every way of writing a mermaid <pre> loses the class Material's loader looks for."""
    disarmed, count = disarm_mermaid(html)
    assert count == 1
    pre = parse(disarmed).find_all(lambda e: e.tag == "pre")[0]
    assert "mermaid" not in pre.attrs["class"].lower().split()
    assert DISARMED_CLASS in pre.attrs["class"].split()
    assert pre.text == "graph TD; A-->B"


@pytest.mark.parametrize(
    "html", ["<pre>mermaid</pre>", '<div class="mermaid">x</div>', '<pre class="mermaids">']
)
def test_disarm_leaves_other_markup(html: str) -> None:
    """Text that merely mentions mermaid is left byte for byte."""
    assert disarm_mermaid(html) == (html, 0)


def test_bundle_names_no_cdn() -> None:
    """The mermaid and polyfill loaders get an inline empty script instead of unpkg.com."""
    script = '_t("https://unpkg.com/mermaid@11/dist/mermaid.min.js"),_t("https://unpkg.com/x")'
    assert offline_bundle(script) == '_t("data:text/javascript,"),_t("data:text/javascript,")'


@pytest.mark.parametrize("name", DIAGRAMS)
def test_mermaid_page_warns_and_strict_fails(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    """A diagram is a warning under mkdocs.plugins.kbgen, so --strict fails the build."""
    config = write_site(tmp_path, DIAGRAMS[name])
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.kbgen"):
        build_site(config, tmp_path / "site")
    warnings = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.kbgen"]
    assert any("guides/flow.md: 1 mermaid diagram(s) shown as text" in w for w in warnings)
    with pytest.raises(BuildError):
        build_site(config, tmp_path / "strict", strict=True)


@pytest.mark.parametrize("body", [*DIAGRAMS.values(), "```mermaid\ngraph TD; A-->B\n```"])
def test_mermaid_page_references_no_other_host(tmp_path: Path, body: str) -> None:
    """The page's HTML and the scripts it loads name no third-party host to fetch from."""
    site = build_site(write_site(tmp_path, body), tmp_path / "site")
    tree = parse((site / "guides" / "flow" / "index.html").read_text("utf-8"))
    assert tree.find_all(lambda e: e.tag == "pre" and e.has_class("mermaid")) == []
    addresses = [e.attrs.get("src") or e.attrs.get("href") or "" for e in tree.iter()
                 if e.tag in ("script", "link", "img", "iframe")]  # fmt: skip
    assert [a for a in addresses if urlsplit(a).netloc] == []
    scripts = [a for a in addresses if a.endswith(".js")]
    assert any("bundle." in a for a in scripts)
    for address in scripts:
        path = (site / "guides" / "flow" / address).resolve()
        urls = set(URL.findall(path.read_text("utf-8")))
        assert urls <= INERT_BUNDLE_URLS, (address, urls - INERT_BUNDLE_URLS)
