"""Tech Docs Template sites keep their URLs: the real GOV.UK developer manual, built and
checked, and a small site for ``weight:``, index pages and skipped ERB pages."""

from __future__ import annotations

import posixpath
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import kbgen

FIXTURE = Path(__file__).parents[1] / "fixtures" / "govuk-dev-manual-full"
CONFIG = """site_name: GOV.UK Developer Docs
docs_dir: source
review:
  fields:
    owner: owner_slack
    last_reviewed: last_reviewed_on
    review_every: review_in
"""
BROKEN = re.compile(r"^(?P<page>\S+?):\d+: link to (?P<target>\S+?): ")
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')


@pytest.fixture(scope="module")
def govuk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The whole manual, checked then built once; yields the project and check's output."""
    project = tmp_path_factory.mktemp("govuk")
    shutil.copytree(FIXTURE / "source", project / "source")
    (project / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    _, checked = kbgen(project, "check")
    code, output = kbgen(project, "build", "-q")
    assert code == 0, output
    yield project, checked


def is_page(source: Path, rel: str) -> bool:
    """True when ``rel`` (relative to the content folder) names a page or file of it."""
    return any(
        (source / candidate).is_file()
        for candidate in (rel, rel + ".md", f"{rel}/index.md", f"{rel}/index.html.md")
    )


def test_check_raises_no_false_broken_link_alarm(govuk: tuple[Path, str]) -> None:
    """Every link check calls broken leads to nothing in the corpus (images, apps/ pages)."""
    project, output = govuk
    source = project / "source"
    broken = [match for line in output.splitlines() if (match := BROKEN.match(line))]
    false_alarms = []
    for match in broken:
        page = (project / match["page"]).resolve().relative_to(source.resolve()).as_posix()
        path = match["target"].partition("#")[0]
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if is_page(source, rel):
            false_alarms.append(match.group(0))
    assert false_alarms == []
    assert len(broken) > 50  # the corpus has no images: those links are truly broken here


def test_every_html_md_page_is_published_at_its_html_name(govuk: tuple[Path, str]) -> None:
    """``manual/cdn.html.md`` is ``/manual/cdn.html``, as on the original site."""
    project, _ = govuk
    pages = sorted((project / "source").rglob("*.html.md"))
    assert len(pages) == 275
    for page in pages:
        rel = page.relative_to(project / "source").as_posix()[: -len(".md")]
        assert (project / "site" / rel).is_file(), rel
        assert not (project / "site" / rel / "index.html").exists(), rel


def test_every_internal_link_between_pages_resolves(govuk: tuple[Path, str]) -> None:
    """Each link in a built page to another page of the manual leads to a built file."""
    project, _ = govuk
    site, source = project / "site", project / "source"
    followed, dead = 0, []
    for built in sorted((site / "manual").rglob("*.html")):
        html = built.read_text(encoding="utf-8")
        here = built.relative_to(site).parent.as_posix()
        for href in HREF.findall(html):
            path = href.partition("#")[0]
            if not path or ":" in path or path.startswith("/") or "assets/" in path:
                continue
            rel = posixpath.normpath(posixpath.join(here, path))
            target = site / (rel + "/index.html" if path.endswith("/") else rel)
            if rel.endswith(".html") and is_page(source, rel):
                followed += 1
                if not target.is_file():
                    dead.append(f"{built.relative_to(site)} -> {href}")
    assert dead == []
    assert followed > 300  # the listing and the manual's own links between its pages


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, str]]:
    """A small Tech Docs site: weights, index pages and ERB pages; built and checked once."""
    project = tmp_path_factory.mktemp("techdocs")
    pages = {
        "index.html.md.erb": "---\ntitle: Home <%= 1 %>\n---\nHi\n",
        "about/index.html.md": "---\ntitle: About\n---\nThe folder's own page.\n",
        "about/team.html.md": page("Team", None, "[About us](index.html)"),
        "guides/alpha.html.md": page("Alpha", 2, "See [Beta](beta.html#setup)."),
        "guides/beta.html.md": page("Beta", 1, "## Setup\n\nBack to [Alpha](alpha.html)."),
        "guides/aardvark.html.md": page("Aardvark", None, "[Top](../guides/alpha.html)"),
        "guides/later.html.md.erb": page("Later", 3, "<%= partial 'x' %>"),
    }
    for name, text in pages.items():
        (project / "source" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "source" / name).write_text(text, encoding="utf-8")
    (project / "site_config.yml").write_text("site_name: Docs\ndocs_dir: source\n")
    _, checked = kbgen(project, "check")
    code, built = kbgen(project, "build")
    assert code == 0, built
    yield project, checked, built


def page(title: str, weight: int | None, body: str) -> str:
    """A Tech Docs page with kbgen's review fields."""
    weighted = f"weight: {weight}\n" if weight is not None else ""
    return f"---\ntitle: {title}\n{weighted}owner: docs\nlast_reviewed: 2026-11-01\n---\n\n{body}\n"


def test_weight_orders_the_listing(small: tuple[Path, str, str]) -> None:
    """Lower weight first, pages without a weight after them (then by title)."""
    project, _, _ = small
    html = (project / "site/guides/index.html").read_text(encoding="utf-8")
    listed = [title for title in ("Beta", "Alpha", "Aardvark") if title in html]
    assert listed == ["Beta", "Alpha", "Aardvark"]
    assert sorted(listed, key=html.index) == ["Beta", "Alpha", "Aardvark"]


def test_the_folder_page_is_the_index_html_md(small: tuple[Path, str, str]) -> None:
    """``about/index.html.md`` is ``/about/`` (as an ``index.md`` would be); links to
    ``index.html`` reach it."""
    project, _, _ = small
    assert "The folder's own page." in (project / "site/about/index.html").read_text()
    assert not (project / "site/about/index.html").is_dir()
    team = (project / "site/about/team.html").read_text(encoding="utf-8")
    assert 'href="./"' in team or 'href="index.html"' in team


def test_links_by_html_name_resolve(small: tuple[Path, str, str]) -> None:
    """``beta.html#setup`` stays a working relative link; check reports no problem."""
    project, checked, _ = small
    alpha = (project / "site/guides/alpha.html").read_text(encoding="utf-8")
    assert 'href="beta.html#setup"' in alpha
    assert "link to" not in checked


@pytest.mark.parametrize("output", ["checked", "built"])
def test_skipped_erb_pages_are_listed(small: tuple[Path, str, str], output: str) -> None:
    """check and build both name every ERB page they skip, the top-level one included."""
    _, checked, built = small
    text = checked if output == "checked" else built
    assert "2 ERB page(s) skipped, not built" in text
    assert "index.html.md.erb" in text and "guides/later.html.md.erb" in text
