"""Symlinks in the content folder: nothing outside it is read or published, no traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.content.links import BROKEN, LOOP, OUTSIDE, scan_links, symlink_problem
from tests.conftest import article

SECRET = "lin_api_s2_canary_0123456789abcdef"
OUTSIDE_TEXT = "outside-canary-7c1e"


def outside_folder(tmp_path: Path) -> Path:
    """A folder next to the site (outside content/) holding a page and a secret file."""
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    body = f"See [the notes]({OUTSIDE_TEXT}.md).\n"
    (folder / "leak.md").write_text(article(OUTSIDE_TEXT, body=body), encoding="utf-8")
    (folder / "notes.txt").write_text(OUTSIDE_TEXT, encoding="utf-8")
    return folder


def relative_escape(tmp_path: Path) -> str:
    """A relative target that climbs out of content/help/ to the outside folder."""
    outside_folder(tmp_path)
    return "../../outside/leak.md"


# name of the link under content/help/, what it points to (given tmp_path), expected problem
LINKS: dict[str, tuple[str, Callable[[Path], str], str]] = {
    "etc-passwd": ("passwd.txt", lambda tmp: "/etc/passwd", OUTSIDE),
    "proc-environ": ("env.txt", lambda tmp: "/proc/self/environ", OUTSIDE),
    "outside-folder": ("docs", lambda tmp: str(outside_folder(tmp)), OUTSIDE),
    "outside-md": ("leak.md", lambda tmp: str(outside_folder(tmp) / "leak.md"), OUTSIDE),
    "relative-escape": ("up.md", lambda tmp: relative_escape(tmp), OUTSIDE),
    "dangling": ("gone.md", lambda tmp: str(tmp / "no-such-file.md"), BROKEN),
    "loop": ("loop.md", lambda tmp: "loop.md", LOOP),
    "ancestor-folder": ("again", lambda tmp: "..", LOOP),
    "root-folder": ("root", lambda tmp: "/", OUTSIDE),
}


@pytest.fixture
def linked_site(make_site, tmp_path: Path, monkeypatch, request) -> tuple[Path, str, str]:
    """A valid site plus one bad link in content/help/; returns config, link path, problem."""
    name, target, problem = LINKS[request.param]
    config = make_site({"help/ok.md": article("Fine page")})
    os.symlink(target(tmp_path), tmp_path / "content" / "help" / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LINEAR_API_KEY", SECRET)
    return config, f"content/help/{name}", problem


@pytest.mark.parametrize("linked_site", LINKS, indirect=True)
def test_check_reports_the_link_exactly(linked_site) -> None:
    """`kbgen check` prints `path: <problem>` for the link and exits 1, without a traceback."""
    _, link, problem = linked_site
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1, result.output
    assert f"{link}: {problem}" in result.output.splitlines()
    assert "Traceback" not in result.output
    assert OUTSIDE_TEXT not in result.output and SECRET not in result.output


@pytest.mark.parametrize("linked_site", LINKS, indirect=True)
def test_strict_build_fails_on_the_link(linked_site, tmp_path: Path) -> None:
    """`kbgen build --strict` fails naming the link; no site is written."""
    _, link, problem = linked_site
    result = CliRunner().invoke(main, ["build", "--strict"])
    assert result.exit_code == 1
    assert f"{link.removeprefix('content/')}: {problem}" in result.output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("linked_site", LINKS, indirect=True)
def test_plain_build_warns_and_publishes_nothing_behind_the_link(linked_site, tmp_path) -> None:
    """A plain build warns, skips the link, and no outside byte (nor the key) reaches site/."""
    _, link, problem = linked_site
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert f"WARNING  {link.removeprefix('content/')}: {problem}" in result.output
    site = tmp_path / "site"
    assert (site / "help" / "ok" / "index.html").is_file()
    name = Path(link).name
    assert not any(path.name.startswith(Path(name).stem) for path in (site / "help").iterdir())
    passwd = Path("/etc/passwd").read_bytes()[:40]
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert SECRET.encode() not in data, path
            assert OUTSIDE_TEXT.encode() not in data, path
            assert passwd not in data, path


@pytest.mark.parametrize("linked_site", ["outside-md", "dangling", "loop"], indirect=True)
def test_stale_lists_the_link_as_invalid(linked_site) -> None:
    """`kbgen stale` judges the link invalid, with the problem, and does not crash."""
    _, link, problem = linked_site
    result = CliRunner().invoke(main, ["stale", "--format", "csv"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("help/"))
    assert row.startswith(link.removeprefix("content/") + ",")
    assert row.endswith(f",invalid,0,{problem},")  # the last cell: no changes


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_links_inside_the_content_folder_stay_allowed(make_site, tmp_path: Path, kind) -> None:
    """A link from one place in content/ to another is published like any file."""
    config = make_site({"help/ok.md": article("Fine page"), "shared/tip.md": article("Tip")})
    content = tmp_path / "content"
    if kind == "file":
        os.symlink("../shared/tip.md", content / "help" / "tip.md")
    else:
        os.symlink("../shared", content / "help" / "shared")
    assert scan_links(content) == []
    result = CliRunner().invoke(main, ["check", "--config", str(config)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["build", "--strict", "--config", str(config)])
    assert result.exit_code == 0, result.output
    published = "help/tip/index.html" if kind == "file" else "help/shared/tip/index.html"
    assert "Tip" in (tmp_path / "site" / published).read_text(encoding="utf-8")


def test_explicit_path_to_an_outside_link_is_not_followed(make_site, tmp_path, monkeypatch):
    """`kbgen check content/help/env.md` judges the link, it does not read its target."""
    make_site({"help/ok.md": article("Fine page")})
    os.symlink("/proc/self/environ", tmp_path / "content" / "help" / "env.md")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LINEAR_API_KEY", SECRET)
    result = CliRunner().invoke(main, ["check", "content/help/env.md"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"content/help/env.md: {OUTSIDE}"
    assert SECRET not in result.output


def test_defaults_file_linked_outside_is_not_read(make_site, tmp_path: Path, monkeypatch):
    """A `_defaults.yml` link to outside is reported and never parsed."""
    make_site({"help/ok.md": article("Fine page")})
    os.symlink("/etc/passwd", tmp_path / "content" / "help" / "_defaults.yml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"content/help/_defaults.yml: {OUTSIDE}"]


def test_link_problem_is_none_for_plain_files(tmp_path: Path) -> None:
    """A regular file is not a link problem."""
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    assert symlink_problem(tmp_path / "a.md", str(tmp_path)) is None
