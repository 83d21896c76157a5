"""Browser suite fixtures: one sample-site build, one local server and one Chromium per session."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright

from kbgen.mkdocs.build import build_site
from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    REPO,
    SCHEMES,
    VIEWPORTS,
    StaticServer,
    Tab,
    open_tab,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/browser needs Chromium: mark it ``browser``."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample site, built once (from the snapshot, never from Linear)."""
    with pytest.MonkeyPatch.context() as env:
        env.delenv("LINEAR_API_KEY", raising=False)
        return build_site(REPO / "site_config.yml", tmp_path_factory.mktemp("sample") / "site")


@pytest.fixture(scope="session")
def site_server(sample_site: Path) -> Iterator[StaticServer]:
    with StaticServer(sample_site) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session; Playwright gives it a fresh temporary profile."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _watched(tab: Tab) -> Iterator[Tab]:
    yield tab
    try:
        tab.finish()
    finally:
        tab.page.context.close()


@pytest.fixture
def tab(browser: Browser, site_server: StaticServer) -> Iterator[Tab]:
    """A desktop-sized watched page on the sample site."""
    yield from _watched(open_tab(browser, site_server))


@pytest.fixture
def phone_tab(browser: Browser, site_server: StaticServer) -> Iterator[Tab]:
    """A phone-sized (375x740, touch) watched page on the sample site."""
    yield from _watched(
        open_tab(browser, site_server, viewport=PHONE, is_mobile=True, has_touch=True)
    )


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    """Each reader size of VIEWPORTS: "desktop" (1280x800) and "phone" (390x844)."""
    return str(request.param)


@pytest.fixture(params=SCHEMES)
def scheme(request: pytest.FixtureRequest) -> str:
    """Each colour scheme the reader's system may ask for."""
    return str(request.param)


@pytest.fixture
def reader(
    browser: Browser, site_server: StaticServer, viewport: str, scheme: str
) -> Iterator[Tab]:
    """A watched page on the sample site at this viewport and colour scheme."""
    yield from _watched(open_tab(browser, site_server, color_scheme=scheme, **VIEWPORTS[viewport]))


@pytest.fixture(scope="session")
def articles(sample_site: Path) -> list[dict[str, Any]]:
    """The records of the built site's api/articles.json."""
    return json.loads((sample_site / "api" / "articles.json").read_text("utf-8"))["articles"]


# Markup whose styling axe has flagged before: task lists, highlighted code, admonitions, tables.
RICH_MARKUP = ('class="task-list', 'class="highlight', 'class="admonition', "<table", "<kbd")


@pytest.fixture(scope="session")
def page_paths(sample_site: Path, articles: list[dict[str, Any]]) -> dict[str, str]:
    """Site paths of the pages shown in screenshots and checked by axe.

    "article" is an overdue article (notice and trust line); "rich article" is the one using
    the most kinds of markup, so contrast and labelling of all of them get checked;
    "changed article" shows the changed notice and "Recent updates" (linked Linear work);
    "category" is the first article's category page, "changelog entry" the newest entry's
    own page.
    """
    overdue = next(record for record in articles if record["status"] == "overdue")

    def richness(record: dict[str, Any]) -> int:
        html = (sample_site / record["url"] / "index.html").read_text("utf-8")
        return sum(marker in html for marker in RICH_MARKUP)

    return {
        "home": "",
        "article": overdue["url"],
        "rich article": max(articles, key=richness)["url"],
        "changed article": next(
            record["url"]
            for record in articles
            if "kbgen-changed-notice" in (sample_site / record["url"] / "index.html").read_text()
            and "kbgen-updates" in (sample_site / record["url"] / "index.html").read_text()
        ),
        "roadmap": "roadmap/",
        "changelog": "changelog/",
        "changelog entry": json.loads((sample_site / "api" / "changelog.json").read_text("utf-8"))[
            "entries"
        ][0]["url"],
        "category": articles[0]["url"].split("/")[0] + "/",
        "404": "404.html",
    }


@pytest.fixture(scope="session")
def searchable(articles: list[dict[str, Any]]) -> dict[str, Any]:
    """An article whose title is plain words (no search-syntax characters) to search for."""
    return next(a for a in articles if re.fullmatch(r"[A-Za-z]+( [A-Za-z]+)+", a["title"]))
