"""Linear summary links as Chromium resolves them: the real WHATWG URL parser is the judge.

``kbgen.linear_data.urls`` reimplements the URL standard's parsing of http(s) links; here Chromium's
own ``new URL()`` checks it on the standard's examples, the reported bypasses and Hypothesis
URL strings (whenever Chromium would open a Linear host, kbgen keeps no href; whatever kbgen
keeps, Chromium opens at the host kbgen judged). Then a roadmap built from the hostile link
corpus is opened and every link's resolved ``hostname`` is read from the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from linear_emulator.items import WHEN
from linear_emulator.items import public_item as item
from playwright.sync_api import Browser, Page

from kbgen.linear.summary import render_summary
from kbgen.linear_data.snapshot import Snapshot
from kbgen.linear_data.urls import browser_url, is_linear_host, public_href
from tests.browser.harness import StaticServer, Tab, open_tab
from tests.linear_data.test_linear_urls import (
    DROPPED_OTHERS,
    INTO_LINEAR,
    KEPT,
    WHATWG_HOSTS,
    _urls,
)
from tests.linear_pages import build_linear_pages

CORPUS = Path(__file__).parents[1] / "hostile" / "linear_markdown"
RESOLVE = """s => {
  try { const u = new URL(s); return [u.protocol, u.hostname]; } catch (e) { return null; }
}"""


@pytest.fixture(scope="module")
def blank(browser: Browser) -> Iterator[Page]:
    """One page for evaluating ``new URL()`` (no base: about:blank)."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


def _chromium(page: Page, url: str) -> tuple[str, str] | None:
    found: Any = page.evaluate(RESOLVE, url)
    return (found[0], found[1]) if found else None


def _agree(page: Page, url: str) -> None:
    """Chromium opening Linear means no href; a kept href opens where kbgen judged."""
    chromium = _chromium(page, url)
    kept = public_href(url)
    if chromium and chromium[0] in ("http:", "https:") and is_linear_host(chromium[1]):
        assert kept is None, url
    if kept is not None:
        assert _chromium(page, kept) == (f"{browser_url(kept).scheme}:", browser_url(kept).host)  # type: ignore[union-attr]
        assert chromium is not None and chromium[1] == browser_url(kept).host  # type: ignore[union-attr]


# Where Chromium is more lenient than the URL standard (kbgen follows the standard, so it
# keeps no href for these): spaces in hosts, fullwidth percent signs, undecodable punycode.
CHROMIUM_LENIENT = {
    "http://example example.com",
    "http://GOO\u00a0\u3000goo.com",
    "http://\uff05\uff14\uff11.com",
    "http://%ef%bc%85%ef%bc%94%ef%bc%91.com",
    "http://a.b.c.xn--pokxncvks",
    "http://192.168.0.1 hello",
    "https://x x:12",
    "https://ex ample.org/",
}


@pytest.mark.parametrize("url", WHATWG_HOSTS)
def test_chromium_resolves_the_standard_examples_as_kbgen_does(blank: Page, url: str) -> None:
    """On the URL standard's examples Chromium and kbgen find the same host, or kbgen fails
    (closed) where Chromium is known to be lenient."""
    chromium = _chromium(blank, url)
    ours = browser_url(url)
    if ours is not None or url not in CHROMIUM_LENIENT:
        assert (chromium[1] if chromium else None) == (ours.host if ours else None)
    else:
        assert public_href(url) is None


@pytest.mark.parametrize("url", INTO_LINEAR + DROPPED_OTHERS + list(KEPT))
def test_chromium_and_kbgen_agree_on_the_reported_links(blank: Page, url: str) -> None:
    """The reported bypasses open Linear in Chromium and lose their href in kbgen."""
    _agree(blank, url)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(url=_urls())
def test_chromium_and_kbgen_agree_on_generated_links(blank: Page, url: str) -> None:
    """Generated URL strings: never a kept href that Chromium opens elsewhere or at Linear."""
    _agree(blank, url)


@pytest.fixture(scope="module")
def roadmap(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tab]:
    """A roadmap whose summaries come from the hostile link corpus and a tampered snapshot."""
    root = tmp_path_factory.mktemp("linear-links")
    summaries = [
        render_summary((CORPUS / name).read_text(encoding="utf-8"), "Public")
        for name in ("links.md", "links-more.md")
    ]
    anchors = "".join(f'<a href="{href}">raw {n}</a> ' for n, href in enumerate(INTO_LINEAR))
    summaries.append(f'<p>{anchors}<a href="https://tallyflow.example/ok">ok</a></p>')
    items = tuple(
        item(f"ENG-{n}", summary_html=summary) for n, summary in enumerate(summaries, start=1)
    )
    with pytest.MonkeyPatch.context() as env:
        env.delenv("LINEAR_API_KEY", raising=False)
        pages = build_linear_pages(root, {}, Snapshot(WHEN, items))
    with StaticServer(pages.site) as server:
        tab = open_tab(browser, server)
        yield tab
        tab.finish()
        tab.page.context.close()


def test_no_roadmap_link_opens_linear(roadmap: Tab) -> None:
    """Every link in the built roadmap resolves (in Chromium) to http(s) and not to Linear."""
    page = roadmap.visit("roadmap/")
    links = page.evaluate(
        "() => [...document.querySelectorAll('.kbgen-roadmap a[href]')]"
        ".map(a => [a.getAttribute('href'), a.protocol, a.hostname])"
    )
    hosts = {host for _, _, host in links}
    assert {"tallyflow.example", "docs.tallyflow.example"} <= hosts
    for href, protocol, host in links:
        assert not is_linear_host(host), href
        if href.startswith(("http:", "https:")):
            assert protocol in ("http:", "https:") and public_href(href) == href
