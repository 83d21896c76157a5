"""Frontmatter reading: file lines for every kind of broken input."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.content.frontmatter import FrontmatterError, read_frontmatter


def write(tmp_path: Path, data: bytes) -> Path:
    """Write raw bytes to an article file."""
    path = tmp_path / "a.md"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"---\ntitle: a\nlast_reviewed: 2018-04-31\n---\n", 3, "impossible date '2018-04-31'"),
        (
            b"---\nowner: a\ntitle: b\nowner: c\n---\n",
            4,
            "duplicate key 'owner' (first set on line 2)",
        ),
        (b"---\ntitle: a\n", 1, "no closing '---'"),
        (b"---\ntitle: a\ndescription: x: y\n---\n", 3, "mapping values are not allowed"),
        (b'---\ntitle: "open\n---\n', 3, "invalid YAML"),
        (b"---\ntitle: caf\x92\n---\n", 2, "not UTF-8"),
        (b"---\ntitle: ok\n---\nbody \x92 here\n", 4, "not UTF-8"),
        (b"\xff\xfe-\x00-\x00-\x00", 1, "UTF-16"),
        (b"---\n- a\n- b\n---\n", 2, "must be a mapping"),
    ],
)
def test_errors_carry_file_line(tmp_path: Path, data: bytes, line: int, message: str) -> None:
    """Each broken file raises FrontmatterError with the 1-based file line of the problem."""
    with pytest.raises(FrontmatterError) as error:
        read_frontmatter(write(tmp_path, data))
    assert error.value.line == line
    assert message in error.value.message


def test_crlf_and_bom_are_read(tmp_path: Path) -> None:
    """Windows line endings and a UTF-8 byte-order mark are fine."""
    found = read_frontmatter(write(tmp_path, b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\nbody\r\n"))
    assert found is not None
    assert found.data == {"title": "T"}


def test_no_frontmatter_is_none(tmp_path: Path) -> None:
    """A plain Markdown file has no frontmatter (None), which is not an error here."""
    assert read_frontmatter(write(tmp_path, b"# Title\n")) is None


def test_line_of_key(tmp_path: Path) -> None:
    """line_of finds the file line where a top-level key is set."""
    found = read_frontmatter(write(tmp_path, b"---\ntitle: T\n# note\nowner: x\n---\n"))
    assert found is not None
    assert found.line_of("owner") == 4
    assert found.line_of("missing") == 1


def test_an_unquoted_handle_gets_a_hint(tmp_path: Path) -> None:
    """``owner: @someone`` is a YAML error with the fix spelled out."""
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A\nowner: @someone\nlast_reviewed: 2026-11-01\n---\nx\n")
    with pytest.raises(FrontmatterError) as raised:
        read_frontmatter(path)
    assert raised.value.line == 3
    assert 'quote a value that starts with @, e.g. owner: "@maria-chen"' in raised.value.message
