"""Where pages are published, one rule for check and build: directory URLs, and the Tech Docs
Template's ``x.html`` names, with links by those names resolving to their sources."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from kbgen.content.link_rewrite import html_links_as_sources
from kbgen.content.page_urls import dest_path, html_link_source, source_url

SEGMENT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8)
FOLDER = st.lists(SEGMENT, max_size=3).map("/".join)
SUFFIX = st.sampled_from([".html.md", ".md", ".html.markdown"])


@given(FOLDER, SEGMENT.filter(lambda name: name not in ("index", "README")), SUFFIX)
def test_the_url_is_the_output_file(folder: str, name: str, suffix: str) -> None:
    """A page's URL is where its output file is served: ``x.html`` or ``x/``."""
    source = posixpath.join(folder, name + suffix)
    dest, url = dest_path(source), source_url(source)
    if ".html." in suffix:
        assert dest == posixpath.join(folder, name + ".html") == url.lstrip("/")
    else:
        assert dest == posixpath.join(folder, name, "index.html")
        assert url == "/" + posixpath.join(folder, name) + "/"


@given(FOLDER, FOLDER, SEGMENT, st.sampled_from(["", "#part"]))
def test_a_link_by_html_name_reaches_its_source(
    here: str, there: str, name: str, fragment: str
) -> None:
    """From any page, a relative link to ``x.html`` is given to MkDocs as ``x.html.md``."""
    target = posixpath.join(there, name + ".html.md")
    page = posixpath.join(here, "page.md")
    link = posixpath.relpath(target[: -len(".md")], here or ".") + fragment
    known = frozenset({target, page})
    rewritten = html_links_as_sources(f"See [it]({link}).\n", page, known)
    written = rewritten.split("](", 1)[1].split(")", 1)[0]
    path, _, rest = written.partition("#")
    assert posixpath.normpath(posixpath.join(here, path)) == target
    assert rest == fragment.lstrip("#")
    assert html_link_source(target[: -len(".md")], known) == target


def test_links_in_code_are_left_alone() -> None:
    """Code spans and fences are not links: their text is never rewritten."""
    text = "`[a](b.html)`\n\n```\n[a](b.html)\n```\n[a](b.html)\n"
    rewritten = html_links_as_sources(text, "page.md", frozenset({"b.html.md"}))
    assert rewritten == "`[a](b.html)`\n\n```\n[a](b.html)\n```\n[a](b.html.md)\n"
