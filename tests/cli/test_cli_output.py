"""Everything a command prints that came from outside (file names, frontmatter values, Linear
text, error messages) reaches the terminal without a control character: build and serve
warnings (``cli/logs.py``), ``Error:`` lines (``cli/group.py``) and the lines ``review``,
``move``, ``new``, ``init`` and ``linear`` print go through ``display_text`` (issue 17)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.cli import main
from kbgen.cli.group import one_line
from kbgen.cli.logs import ConsoleHandler
from kbgen.display_text import UNSAFE
from kbgen.errors import KbgenError
from tests.conftest import FIXTURES

NAMES = {
    "osc-title": "a\x1b]0;pwned\x07b",
    "osc52-clipboard": "c\x1b]52;c;ZWNobyBoaQ==\x07d",
    "clear-screen": "e\x1b[2J\x1b[Hf",
    "c1-csi": "g\x9b31mh",
    "bidi-override": "i\u202egnp.exe",
}


def clean(output: str) -> bool:
    """True when no line of ``output`` holds a control character."""
    return not any(UNSAFE.search(line) for line in output.split("\n"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(FIXTURES / "tiny-project", root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("HOME", str(tmp_path))
    return root


def run(*args: str) -> str:
    """Everything the command printed (stdout and stderr); a traceback fails the test."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.output


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_build_warnings_show_an_escaping_file_name_as_text(project: Path, name: str) -> None:
    """An article whose name and bad values hold escape sequences: the build's warnings name
    it without a control character (``check`` and ``review`` too)."""
    bad = '---\ntitle: T\nowner: me\nlast_reviewed: "\\e[31m2026"\nreview_every: "\\e[2J"\n---\n'
    (project / "content" / "help" / f"{name}.md").write_text(bad, "utf-8")
    for args in (["build", "-q"], ["check"], ["review", "content/help"]):
        output = run(*args)
        assert "help/" in output, output
        assert clean(output), (args, output)


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_error_lines_show_an_escaping_file_name_as_text(project: Path, name: str) -> None:
    """A refused overrides entry named with escape sequences: one clean ``Error:`` line."""
    (project / "overrides").mkdir()
    (project / "overrides" / name).symlink_to("/nonexistent")
    output = run("build", "-q")
    assert "Error:" in output and "broken symlink" in output
    assert clean(output), output


def test_move_prints_names_as_text(project: Path) -> None:
    """``kbgen move`` to a name holding an escape sequence reports it as text."""
    output = run("move", "content/help/reset-password.md", "content/help/x\x1b]0;t\x07.md")
    assert "moved:" in output and clean(output), output


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_error_text_becomes_a_clean_error_line(text: str) -> None:
    """Property: whatever a KbgenError says, the message shown has no control character
    and keeps its line structure."""
    shown = one_line(KbgenError(text)).format_message()
    assert clean(shown)
    assert shown.count("\n") == text.count("\n")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_log_message_is_printed_clean(text: str) -> None:
    """Property: a warning with any text (MkDocs' own, or kbgen's) is printed clean."""
    handler = ConsoleHandler(logging.INFO, "mkdocs")
    record = logging.LogRecord("mkdocs.x", logging.WARNING, __file__, 1, text, None, None)
    with CliRunner().isolation() as streams:
        handler.emit(record)
        printed = streams[1].getvalue().decode("utf-8", "surrogateescape")
    assert printed.startswith("WARNING") and clean(click.unstyle(printed)), repr(printed)
