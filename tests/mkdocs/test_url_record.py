"""URLs never break, on real builds in a real git repository: the record of published URLs,
redirect pages after ``kbgen move`` and after a plain ``git mv``, and ``kbgen check`` failing
on a once-published URL that would now 404."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kbgen.config import load_config
from kbgen.content.knowledge_base import load_knowledge_base
from kbgen.mkdocs.url_record import expected_pages
from tests.conftest import article, kbgen

GIT_IDENTITY = ["-c", "user.name=T", "-c", "user.email=t@example.com"]


def git(project: Path, *arguments: str) -> None:
    """Run git in the project with a fixed identity."""
    subprocess.run(["git", *GIT_IDENTITY, *arguments], cwd=project, check=True,
                   capture_output=True)  # fmt: skip


def write(project: Path, files: dict[str, str], config: str = "site_name: Help\n") -> None:
    """Write site_config.yml and content files."""
    (project / "site_config.yml").write_text(config, encoding="utf-8")
    for name, text in files.items():
        path = project / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


FILES = {
    "billing/refunds.md": article("Refunds", body="See [plans](plans.md).\n"),
    "billing/plans.md": article("Plans", body="Ask for [a refund](refunds.md#how).\n"),
    "faq/questions.md": article("Questions", body="[Refunds](../billing/refunds.md)\n"),
    "faq/old-name.md": article("Old name"),
}


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, object]]]:
    """Build, ``kbgen move`` one article, ``git mv`` another, then check and build again."""
    project = tmp_path_factory.mktemp("moved")
    write(project, FILES)
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "start")
    results: dict[str, object] = {"first build": kbgen(project, "build", "-q")}
    results["move"] = kbgen(project, "move", "content/billing/refunds.md", "content/payments/")
    git(project, "add", "-A", "content")
    git(project, "commit", "-qm", "kbgen move")
    git(project, "mv", "content/faq/old-name.md", "content/faq/new-name.md")
    git(project, "commit", "-qm", "plain rename")
    results["check"] = kbgen(project, "check")
    results["build"] = kbgen(project, "build", "--strict", "-q")
    yield project, results


def test_every_build_succeeds_and_check_passes(moved: tuple[Path, dict[str, object]]) -> None:
    """After a move and a rename, check passes and a strict build succeeds."""
    _, results = moved
    for step in ("first build", "move", "check", "build"):
        assert results[step][0] == 0, (step, results[step])  # type: ignore[index]


def test_the_move_reports_the_redirect(moved: tuple[Path, dict[str, object]]) -> None:
    """kbgen move says how it moved, which redirect it added and which links it rewrote."""
    _, results = moved
    output = results["move"][1]  # type: ignore[index]
    assert "git mv: content/billing/refunds.md -> content/payments/refunds.md" in output
    assert "redirect: /billing/refunds/ -> /payments/refunds/" in output
    assert "links rewritten: content/billing/plans.md (1)" in output


@pytest.mark.parametrize(
    ("old", "target"),
    [("billing/refunds/index.html", "../../payments/refunds/"),
     ("faq/old-name/index.html", "../new-name/")],
)  # fmt: skip
def test_old_urls_redirect(moved: tuple[Path, dict[str, object]], old: str, target: str) -> None:
    """The moved (redirect_from) and the renamed (git history) pages' old URLs redirect."""
    project, _ = moved
    page = (project / "site" / old).read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
    assert f'<link rel="canonical" href="{target}">' in page
    assert f'<a href="{target}">' in page
    assert '<meta name="robots" content="noindex">' in page


def test_links_to_the_moved_page_still_resolve(moved: tuple[Path, dict[str, object]]) -> None:
    """The rewritten links lead to the new page in the built site."""
    project, _ = moved
    plans = (project / "site/billing/plans/index.html").read_text(encoding="utf-8")
    assert 'href="../../payments/refunds/#how"' in plans
    moved_page = (project / "content/payments/refunds.md").read_text(encoding="utf-8")
    assert "redirect_from:\n  - /billing/refunds/\n" in moved_page
    assert "[plans](../billing/plans.md)" in moved_page


def test_the_record_keeps_old_and_new_urls(moved: tuple[Path, dict[str, object]]) -> None:
    """data/published-urls.json: one entry per URL ever published, with source and dates."""
    project, _ = moved
    record = json.loads((project / "data/published-urls.json").read_text(encoding="utf-8"))
    entries = {entry["url"]: entry for entry in record["urls"]}
    assert entries["/billing/refunds/"]["source"] == "billing/refunds.md"
    assert entries["/payments/refunds/"]["source"] == "payments/refunds.md"
    assert {"/", "/faq/old-name/", "/faq/new-name/", "/tags/"} <= set(entries)
    assert all(set(entry) == {"url", "source", "first_built", "last_built"}
               for entry in record["urls"])  # fmt: skip
    assert list(entries) == sorted(entries)


@pytest.fixture(scope="module")
def deleted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built site (no git) whose article was then deleted."""
    project = tmp_path_factory.mktemp("deleted")
    write(project, {"billing/refunds.md": article("Refunds"), "billing/plans.md": article("P")})
    assert kbgen(project, "build", "-q")[0] == 0
    (project / "content/billing/refunds.md").unlink()
    return project


def test_check_fails_naming_the_url_that_would_404(deleted: Path) -> None:
    """A deleted page without a redirect: check exits 1 naming the old URL and its line."""
    code, output = kbgen(deleted, "check")
    assert code == 1
    lines = [line for line in output.splitlines() if "/billing/refunds/" in line]
    assert len(lines) == 1
    assert lines[0].startswith("data/published-urls.json:")
    assert "/billing/refunds/ was published (from billing/refunds.md" in lines[0]
    assert "would now 404" in lines[0]


def test_strict_build_fails_too_and_records_nothing(deleted: Path) -> None:
    """build --strict judges the same URL the same way; a failed build records nothing."""
    before = (deleted / "data/published-urls.json").read_bytes()
    code, output = kbgen(deleted, "build", "--strict", "-q")
    assert code == 1
    assert "/billing/refunds/ was published" in output
    assert (deleted / "data/published-urls.json").read_bytes() == before


@pytest.mark.parametrize("target", ["/billing/plans/", "billing/plans.md", "/billing/"])
def test_a_config_redirect_resolves_it(deleted: Path, target: str) -> None:
    """``redirects:`` in site_config.yml maps the old URL to a page: check passes."""
    config = deleted / "site_config.yml"
    config.write_text(f"site_name: Help\nredirects:\n  /billing/refunds/: {target}\n")
    try:
        code, output = kbgen(deleted, "check")
    finally:
        config.write_text("site_name: Help\n")
    assert code == 0, output


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/../up", "/nowhere/"],
)
def test_a_bad_config_redirect_is_refused_at_its_line(deleted: Path, target: str) -> None:
    """An off-site, scripted or missing target is an error at site_config.yml's line."""
    config = deleted / "site_config.yml"
    config.write_text(f"site_name: Help\nredirects:\n  /billing/refunds/: '{target}'\n")
    try:
        code, output = kbgen(deleted, "check")
    finally:
        config.write_text("site_name: Help\n")
    assert code == 1
    assert "site_config.yml:3: " in output and "Traceback" not in output


def test_the_record_is_never_written_through_a_link(tmp_path: Path) -> None:
    """A symlinked data/published-urls.json fails the build; its target is untouched."""
    write(tmp_path, {"billing/refunds.md": article("Refunds")})
    outside = tmp_path / "outside.json"
    outside.write_text('{"urls": []}\n')
    (tmp_path / "data").mkdir()
    (tmp_path / "data/published-urls.json").symlink_to(outside)
    code, output = kbgen(tmp_path, "build", "-q")
    assert code == 1
    assert "published-urls.json" in output and "symlink" in output
    assert outside.read_text() == '{"urls": []}\n'


def test_a_vanished_category_page_leads_home(tmp_path: Path) -> None:
    """Moving a category's last article away: its listing page redirects to the home page."""
    write(tmp_path, {"old/only.md": article("Only"), "new/other.md": article("Other")})
    assert kbgen(tmp_path, "build", "-q")[0] == 0
    code, output = kbgen(tmp_path, "move", "content/old/only.md", "content/new/")
    assert code == 0, output
    (tmp_path / "content/old").rmdir()
    assert kbgen(tmp_path, "check")[0] == 0
    assert kbgen(tmp_path, "build", "--strict", "-q")[0] == 0
    page = (tmp_path / "site/old/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../">' in page
    assert '<meta http-equiv="refresh" content="0; url=../../new/only/">' in (
        tmp_path / "site/old/only/index.html"
    ).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "config",
    ["site_name: Help\n", "site_name: Help\ncontent:\n  patterns: ['*.html.md', '*.md.erb']\n"],
)
def test_check_expects_exactly_the_urls_a_build_publishes(tmp_path: Path, config: str) -> None:
    """The URLs check computes without a build are the URLs the build records."""
    pages = {
        "index.html.md": "---\ntitle: Home\n---\nHi\n",
        "guides/cdn.html.md": article("CDN"),
        "guides/plain.md": article("Plain"),
        "guides/old.markdown": article("Old"),
        "guides/later.html.md.erb": article("Later"),
        "guides/_draft.md": article("Draft"),
        "about/index.md": "---\ntitle: About\n---\nUs.\n",
        "about/team.html.md": article("Team"),
    }
    write(tmp_path, pages, config)
    code, output = kbgen(tmp_path, "build", "-q")
    assert code == 0, output
    record = json.loads((tmp_path / "data/published-urls.json").read_text(encoding="utf-8"))
    site = load_config(tmp_path / "site_config.yml")
    kb = load_knowledge_base(site, date.today())
    assert {entry["url"] for entry in record["urls"]} == set(expected_pages(site, kb))


@pytest.mark.parametrize(
    ("name", "recorded", "old_file"),
    [
        ("what's new.md", "/faq/what%27s%20new/", "faq/what's new/index.html"),
        ('say "hi".md', "/faq/say%20%22hi%22/", 'faq/say "hi"/index.html'),
        ("why?.md", "/faq/why%3F/", "faq/why?/index.html"),
    ],
)
def test_a_page_name_a_url_cannot_hold_is_recorded_encoded_and_redirected(
    tmp_path: Path, name: str, recorded: str, old_file: str
) -> None:
    """A file name with quotes, spaces or '?' is recorded percent-encoded, read back by the
    next build, and after a rename its old address (as a browser asks for it) redirects."""
    write(tmp_path, {f"faq/{name}": article("Odd name"), "faq/other.md": article("Other")})
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    assert kbgen(tmp_path, "build", "--strict", "-q")[0] == 0
    record = json.loads((tmp_path / "data/published-urls.json").read_text("utf-8"))
    assert recorded in {entry["url"] for entry in record["urls"]}
    assert kbgen(tmp_path, "build", "--strict", "-q")[0] == 0  # the record reads back
    git(tmp_path, "mv", f"content/faq/{name}", "content/faq/renamed.md")
    git(tmp_path, "commit", "-qm", "rename")
    assert kbgen(tmp_path, "check")[0] == 0
    assert kbgen(tmp_path, "build", "--strict", "-q")[0] == 0
    page = (tmp_path / "site" / old_file).read_text("utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../renamed/">' in page
