"""Hostile frontmatter (alias bombs, deep nesting, huge blocks) is refused, fast, everywhere."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.cli import main
from kbgen.content.frontmatter import FrontmatterError, parse_yaml
from kbgen.content.yaml_bounds import plainly_within_bounds
from tests.conftest import article


def alias_bomb(levels: int = 9) -> str:
    """The classic billion-laughs document: 9**levels strings from about 600 bytes."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ",".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + f"\ntitle: *l{levels - 1}\n"


# variant -> (frontmatter text after the opening ---, expected message, expected file line)
HOSTILE = {
    "alias-bomb": (alias_bomb(), "expands to more than 10000 values", None),
    "brackets-200kb": ("title: " + "[" * 100_000 + "]" * 100_000 + "\n", "larger than 64 KiB", 1),
    "flow-depth": ("tags: " + "[" * 40 + "]" * 40 + "\n", "nested more than 32 levels", None),
    "block-depth": (
        "".join(" " * level + f"k{level}:\n" for level in range(40)) + " " * 40 + "x: 1\n",
        "nested more than 32 levels",
        None,
    ),
    "many-aliases": (
        "a: &a x\nlist: [" + ", ".join(["*a"] * 150) + "]\n",
        "more than 100 aliases",
        3,
    ),
    "recursive-alias": ("title: &t [*t]\n", "nested more than 32 levels", None),
    "huge-block": ("description: |\n" + "  words words words\n" * 5000, "larger than 64 KiB", 1),
    # Python refuses to read an integer of more than 4,300 digits (a ValueError traceback)
    "integer-5000-digits": ("title: " + "9" * 5000 + "\n", "a number of 5,000 characters", 2),
    "integer-key": ("x: 1\n? -" + "9" * 4999 + "\n: y\n", "a number of 5,000 characters", 3),
    "sexagesimal": ("n: 1" + ":59" * 2000 + "\n", "a number of 6,001 characters", 2),
}


def hostile_file(text: str) -> str:
    """An article whose frontmatter is ``text`` plus valid owner and date."""
    return f"---\nowner: a\nlast_reviewed: 2026-01-01\n{text}---\n\nBody.\n"


@pytest.mark.parametrize("variant", HOSTILE)
def test_parse_refuses_before_expanding(variant: str) -> None:
    """The reader raises a FrontmatterError with a line, using little memory."""
    text, message, line = HOSTILE[variant]
    tracemalloc.start()
    try:
        with pytest.raises(FrontmatterError) as caught:
            parse_yaml(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message in caught.value.message
    assert caught.value.line is not None and caught.value.line >= 1
    if line is not None:
        assert caught.value.line == line
    assert peak < 64 * 1024 * 1024, f"peak {peak} bytes"


@pytest.fixture
def hostile_site(make_site, tmp_path: Path, monkeypatch, request) -> tuple[str, str]:
    """A site with one valid article and one hostile one; returns the message and path."""
    text, message, _ = HOSTILE[request.param]
    make_site({"help/ok.md": article("Fine"), "help/bad.md": hostile_file(text)})
    monkeypatch.chdir(tmp_path)
    return message, "content/help/bad.md"


@pytest.mark.parametrize("hostile_site", HOSTILE, indirect=True)
def test_check_reports_path_line_message(hostile_site) -> None:
    """`kbgen check` prints one `path:line: message` line and exits 1."""
    message, path = hostile_site
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{path}:") and message in line
    assert line.split(":")[1].isdigit()


@pytest.mark.parametrize("hostile_site", HOSTILE, indirect=True)
def test_stale_marks_it_invalid(hostile_site) -> None:
    """`kbgen stale` lists the article as invalid with the message."""
    message, _ = hostile_site
    result = CliRunner().invoke(main, ["stale", "--format", "json", "--fail-on", "invalid"])
    assert result.exit_code == 1
    assert message in result.stdout


@pytest.mark.parametrize("hostile_site", HOSTILE, indirect=True)
def test_review_refuses_and_leaves_the_file(hostile_site) -> None:
    """`kbgen review` refuses with path:line and changes nothing."""
    message, path = hostile_site
    before = Path(path).read_bytes()
    result = CliRunner().invoke(main, ["review", path, "--owner", "b"])
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}:") and message in result.output
    assert Path(path).read_bytes() == before


@pytest.mark.parametrize("variant", HOSTILE)
def test_new_refuses_a_hostile_defaults_file(make_site, tmp_path, monkeypatch, variant) -> None:
    """`kbgen new` reports a hostile `_defaults.yml` of the category and creates nothing."""
    text, message, _ = HOSTILE[variant]
    make_site({"help/_defaults.yml": text})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "A page", "--category", "help"])
    assert result.exit_code == 1
    assert "help/_defaults.yml" in result.output and message in result.output
    assert not (tmp_path / "content" / "help" / "a-page.md").exists()


def limited_build(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`kbgen build` in a child limited to 2 GiB and 180 s: a regression fails, not hangs."""

    def limit() -> None:
        two_gib = 2 * 1024**3
        resource.setrlimit(resource.RLIMIT_AS, (two_gib, two_gib))

    return subprocess.run(
        [sys.executable, "-m", "kbgen", "build", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        preexec_fn=limit,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        check=False,
    )


@pytest.mark.parametrize("variant", ["alias-bomb", "brackets-200kb", "many-aliases"])
@pytest.mark.parametrize("strict", [True, False], ids=["strict", "plain"])
def test_build_refuses_within_bounds(make_site, tmp_path: Path, variant: str, strict: bool) -> None:
    """`kbgen build` warns with path:line (strict: fails); the page is not published."""
    text, message, _ = HOSTILE[variant]
    make_site({"help/ok.md": article("Fine"), "help/bad.md": hostile_file(text)})
    result = limited_build(tmp_path, *(["--strict"] if strict else []))
    assert "Traceback" not in result.stderr
    assert "help/bad.md:" in result.stderr and message in result.stderr
    assert result.returncode == (1 if strict else 0), result.stderr
    site = tmp_path / "site"
    assert site.exists() is not strict
    if not strict:
        assert (site / "help" / "ok" / "index.html").is_file()
        assert not (site / "help" / "bad").exists()


@pytest.mark.parametrize(
    "text",
    [
        "x: " + "- " * 40 + "a\n",
        "list:\n" + "".join("  " * level + "- \n" for level in range(40)),
        "m: " + "{a: " * 40 + "1" + "}" * 40 + "\n",
        "k: " + "? " * 40 + "v\n",
    ],
    ids=["compact-sequences", "indented-sequences", "flow-mappings", "complex-keys"],
)
def test_deep_nesting_never_takes_the_fast_path(text: str) -> None:
    """The character-level shortcut never vouches for input nested past the limit."""
    assert not plainly_within_bounds(text)
    with pytest.raises(FrontmatterError, match=r"nested more than 32 levels|invalid YAML"):
        parse_yaml(text)


def test_ordinary_frontmatter_takes_the_fast_path() -> None:
    """A realistic frontmatter (quoted title, e-mail owner, block list of tags) skips the walk."""
    text = (
        'title: "Reset your password"\nowner: ops@example.com\nlast_reviewed: 2026-11-01\n'
        "review_every: 3 months\ntags:\n  - account\n  - security\n"
    )
    assert plainly_within_bounds(text)
    assert parse_yaml(text)["tags"] == ["account", "security"]


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="0123456789_:+-.xobeE", min_size=1, max_size=40)
    | st.integers(min_value=1, max_value=9000).map(lambda size: "9" * size)
)
def test_any_number_text_is_a_value_or_a_line_error(number: str) -> None:
    """Property: whatever number-like text a value holds, the reader returns a value or
    raises a FrontmatterError with a line; Python's digit limit never escapes as a ValueError."""
    try:
        parse_yaml(f"owner: a\nn: {number}\n")
    except FrontmatterError as error:
        assert error.line is not None
