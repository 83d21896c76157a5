"""Redirects without a build: safe paths, page URLs, the redirect plan, the redirect page,
the frontmatter list edit and git's rename history."""

from __future__ import annotations

import posixpath
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.config.redirects import site_path_problem, url_path
from kbgen.content.git_history import last_commit_dates, renamed_files
from kbgen.content.list_edit import add_list_item
from kbgen.content.move import relinked
from kbgen.content.page_urls import source_url, url_file
from kbgen.content.published_urls import PublishedUrl
from kbgen.content.redirects import Declared, plan_redirects
from kbgen.errors import Problem
from kbgen.pages.redirect_page import redirect_html, relative_url

DAY = date(2026, 11, 1)
SEGMENT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8)
URL = st.lists(SEGMENT, min_size=0, max_size=4).map(
    lambda parts: "/" + "".join(p + "/" for p in parts)
)


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "https://evil.example/x",
        "//evil.example/x",
        "/../etc/passwd",
        "a/./b",
        "a b/",
        "a\\b",
        '/x"onload=',
        "/x?next=https://evil.example",
        "",
        "data:text/html,hi",
    ],
)
def test_unsafe_redirect_paths_are_refused(value: str) -> None:
    """A scheme, another host, '..', spaces, quotes, backslashes and queries are refused."""
    assert site_path_problem(value, target=True) is not None


@pytest.mark.parametrize("value", ["/billing/refunds/", "billing/refunds.md", "/cdn.html", "a/b"])
def test_site_relative_paths_are_accepted(value: str) -> None:
    """Site-relative paths and source paths may be named."""
    assert site_path_problem(value) is None


@given(st.text(max_size=40))
def test_an_accepted_target_never_leaves_the_site(value: str) -> None:
    """Whatever the text, an accepted target is a path on this site: no scheme, no host."""
    if site_path_problem(value, target=True) is None:
        parts = urlsplit(url_path(value))
        assert (parts.scheme, parts.netloc) == ("", "")
        assert url_path(value).startswith("/") and not url_path(value).startswith("//")


@pytest.mark.parametrize(
    ("source", "url"),
    [
        ("index.md", "/"),
        ("billing/refunds.md", "/billing/refunds/"),
        ("billing/index.md", "/billing/"),
        ("billing/README.md", "/billing/"),
        ("manual/cdn.html.md", "/manual/cdn.html"),
        ("cdn.html.md.erb", "/cdn.html"),
        ("manual/index.html.md", "/manual/"),
    ],
)
def test_page_urls(source: str, url: str) -> None:
    """Directory URLs for pages, the same name for Tech Docs ``x.html.md`` pages."""
    assert source_url(source) == url


@given(URL, URL, st.sampled_from(["", "#part"]))
def test_the_relative_target_leads_to_the_new_url(old: str, new: str, fragment: str) -> None:
    """Resolved against the old page's folder, the written target is the new URL."""
    if old == "/":
        return
    relative = relative_url(old, new + fragment)
    path = relative.partition("#")[0]
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname("/" + url_file(old)), path))
    assert resolved.rstrip("/") + "/" == new or (resolved == "/" and new == "/")
    assert relative.endswith(fragment)


def test_the_redirect_page_carries_refresh_canonical_link_and_noindex() -> None:
    """Meta refresh, canonical link, a visible link and noindex, target escaped."""
    page = redirect_html("/billing/refunds/", "/payments/refunds/", "https://help.example.com")
    assert '<meta http-equiv="refresh" content="0; url=../../payments/refunds/">' in page
    assert '<link rel="canonical" href="https://help.example.com/payments/refunds/">' in page
    assert '<a href="../../payments/refunds/">/payments/refunds/</a>' in page
    assert '<meta name="robots" content="noindex">' in page


def recorded(url: str, source: str) -> PublishedUrl:
    return PublishedUrl(url, source, DAY, DAY)


def declared(old: str, new: str) -> Declared:
    return Declared(old, new, "redirect_from in x.md", Problem("x.md", 3, ""))


def test_a_recorded_url_no_longer_published_is_unresolved() -> None:
    """A once-published URL with nothing leading on is reported, not silently dropped."""
    plan = plan_redirects({"/": "index.md"}, [recorded("/old/", "old.md")], [], {})
    assert [entry.url for entry in plan.unresolved] == ["/old/"]
    assert plan.redirects == ()


@pytest.mark.parametrize(
    ("old", "source", "published", "target"),
    [
        (
            "/changelog/dark-mode-eng-4/",
            "changelog/dark-mode-eng-4.md",
            ["/", "/changelog/"],
            "/changelog/",
        ),
        ("/changelog/dark-mode-eng-4/", "changelog/dark-mode-eng-4.md", ["/"], "/"),
        ("/billing/", "billing/index.md", ["/", "/changelog/"], "/"),
    ],
)
def test_a_generated_page_gone_leads_to_the_nearest_page_above(
    old: str, source: str, published: list[str], target: str
) -> None:
    """A changelog entry that left the changelog leads to the changelog; a gone category home."""
    pages = {url: f"{url.strip('/') or 'index'}.md" for url in published}
    plan = plan_redirects(pages, [recorded(old, source)], [], {}, lambda _: True)
    assert [(rule.old, rule.new) for rule in plan.redirects] == [(old, target)]
    assert plan.unresolved == ()


@pytest.mark.parametrize("old", ["/old/", "old/", "old.md", "/old/index.html", "old"])
def test_redirect_from_resolves_every_spelling(old: str) -> None:
    """A URL, a source path or an index.html file all name the same old page."""
    pages = {"/": "index.md", "/new/": "new.md"}
    plan = plan_redirects(pages, [recorded("/old/", "old.md")], [declared(old, "/new/")], {})
    assert [(r.old, r.new) for r in plan.redirects] == [("/old/", "/new/")]
    assert plan.unresolved == ()


def test_git_renames_resolve_recorded_urls() -> None:
    """A source git saw renamed leads to its new page."""
    pages = {"/new/": "b/new.md"}
    plan = plan_redirects(pages, [recorded("/a/old/", "a/old.md")], [], {"a/old.md": "b/new.md"})
    assert [(r.old, r.new) for r in plan.redirects] == [("/a/old/", "/new/")]


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("/new/", "/new/", "still published"),
        ("/old/", "/missing/", "not a page"),
        ("javascript:alert(1)", "/new/", "scheme"),
    ],
)
def test_bad_declared_redirects_are_problems(old: str, new: str, words: str) -> None:
    """A redirect hiding a live page, to nowhere, or off the site is a located problem."""
    plan = plan_redirects({"/new/": "new.md"}, [], [declared(old, new)], {})
    assert [(p.path, p.line) for p in plan.problems] == [("x.md", 3)]
    assert words in plan.problems[0].message


FRONTMATTERS = {
    "no key": b"---\ntitle: A\n---\nBody [x](y.md)\n",
    "block list": b"---\ntitle: A\nredirect_from:\n  - /a/\n# note\ntags: [x]\n---\nBody\n",
    "flush list": b"---\nredirect_from:\n- /a/\ntitle: A\n---\nBody\n",
    "flow list": b"---\nredirect_from: [/a/]\ntitle: A\n---\nBody\n",
    "empty flow": b"---\nredirect_from: []\n---\nBody\n",
    "scalar": b"---\nredirect_from: /a/\n---\nBody\n",
    "null": b"---\nredirect_from:\ntitle: A\n---\nBody\n",
    "crlf": b"---\r\ntitle: A\r\nredirect_from:\r\n  - /a/\r\n---\r\nBody\r\n",
    "bom": b"\xef\xbb\xbf---\ntitle: A\n---\nBody\n",
    "none": b"# Just Markdown\n\nBody\n",
}


@pytest.mark.parametrize("name", sorted(FRONTMATTERS))
@settings(max_examples=25)
@given(value=URL.filter(lambda url: url != "/"))
def test_adding_to_a_list_keeps_every_other_byte(name: str, value: str) -> None:
    """The item reads back in the list; every original line is still there, body untouched."""
    raw = FRONTMATTERS[name]
    edited = add_list_item(raw, "redirect_from", value)
    lines = edited.decode("utf-8-sig").splitlines()
    end = lines.index("---", 1)
    front = "\n".join(lines[1:end])
    assert value in yaml.safe_load(front)["redirect_from"]
    assert edited.endswith(raw.split(b"---")[-1] if raw.startswith((b"---", b"\xef")) else raw)
    kept = iter(edited.splitlines())
    for line in raw.splitlines():
        if b"redirect_from:" not in line:
            assert any(line.replace(b"\xef\xbb\xbf", b"") in other for other in kept), line
    assert add_list_item(edited, "redirect_from", value) == edited


@given(st.lists(SEGMENT, min_size=1, max_size=3), st.lists(SEGMENT, min_size=1, max_size=3),
       st.lists(SEGMENT, min_size=1, max_size=3))  # fmt: skip
def test_a_rewritten_link_reaches_the_moved_page(
    linker: list[str], old: list[str], new: list[str]
) -> None:
    """From any page, the rewritten relative link resolves to the page's new path."""
    here, old_rel, new_rel = ("/".join(parts) + ".md" for parts in (linker, old, new))
    if len({here, old_rel, new_rel}) < 3:
        return
    target = posixpath.relpath(old_rel, posixpath.dirname(here) or ".") + "#part"
    written = relinked(target, here, here, old_rel, new_rel, "/old/", "/new/")
    assert written is not None and written.endswith("#part")
    path = written.partition("#")[0]
    assert posixpath.normpath(posixpath.join(posixpath.dirname(here), path)) == new_rel


def git(folder: Path, *arguments: str) -> None:
    """Run git in ``folder`` with a fixed identity."""
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *arguments],
        cwd=folder, check=True, capture_output=True,
    )  # fmt: skip


def test_renames_are_followed_through_history_and_the_index(tmp_path: Path) -> None:
    """a -> b committed, b -> c committed, d -> e staged: every old name leads to the newest."""
    content = tmp_path / "content"
    content.mkdir()
    for name in ("a.md", "d.md"):
        (content / name).write_text(f"---\ntitle: {name}\n---\nSome text for {name}.\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    for old, new in (("a.md", "b.md"), ("b.md", "sub/c.md")):
        (content / "sub").mkdir(exist_ok=True)
        git(content, "mv", old, new)
        git(tmp_path, "commit", "-qm", f"{old} to {new}")
    git(content, "mv", "d.md", "e.md")
    assert renamed_files(content) == {"a.md": "sub/c.md", "b.md": "sub/c.md", "d.md": "e.md"}
    assert set(last_commit_dates(content)) >= {"sub/c.md", "d.md"}


def test_without_git_there_is_no_history(tmp_path: Path) -> None:
    """Outside a repository every answer is empty, silently."""
    (tmp_path / "a.md").write_text("x\n")
    assert renamed_files(tmp_path) == {}
    assert last_commit_dates(tmp_path) == {}


@pytest.mark.parametrize(("listing", "redirected"), [(True, True), (False, False)])
def test_a_vanished_listing_leads_home(listing: bool, redirected: bool) -> None:
    """A generated listing that is gone leads to the home page; a lost article does not."""
    pages = {"/": "index.md"}
    plan = plan_redirects(pages, [recorded("/old/", "old/index.md")], [], {}, lambda _: listing)
    assert [(r.old, r.new) for r in plan.redirects] == ([("/old/", "/")] if redirected else [])
    assert len(plan.unresolved) == (0 if redirected else 1)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a/never-built.md", "b/page.md", [("/a/never-built/", "/b/page/")]),
        ("a/picture.png", "b/page.md", []),
        ("a/gone.md", "b/deleted-since.md", []),
    ],
)
def test_git_renames_redirect_even_before_a_build_recorded_them(
    old: str, new: str, expected: list[tuple[str, str]]
) -> None:
    """A renamed page redirects though no build recorded it; files and lost targets do not."""
    plan = plan_redirects({"/": "index.md", "/b/page/": "b/page.md"}, [], [], {old: new})
    assert [(r.old, r.new) for r in plan.redirects] == expected
