"""Frontmatter reading: file lines for every kind of broken input."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kbgen.content.frontmatter import (
    FrontmatterError,
    NotPlain,
    StrictLoader,
    load_bounded,
    plain_value,
    read_frontmatter,
)


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


# -- building values straight from the node tree ------------------------------------------

CORPUS_FILES = sorted(
    path
    for path in (Path(__file__).parents[1] / "fixtures" / "corpora").rglob("*")
    if path.is_file() and path.name.endswith((".md", ".md.erb"))
)
SHAPES = [
    "title: Plain\nowner: a@b.example\nlast_reviewed: 2026-11-01\nreview_every: 6 months\n",
    "tags:\n  - billing\n  - 'quoted'\n  - 3\nnested:\n  a: [1, 2.5, true, null, ~]\n",
    "when: 2026-11-01T10:00:00Z\nday: 2026-02-03\nnumbers: [0x1F, 0o17, 1_000, -3, .inf, .NaN]\n",
    "yes_no: [yes, no, on, off, True, FALSE]\nempty:\nblank: ''\nfolded: >\n  a\n  b\n",
    "literal: |\n  line 1\n  line 2\nflow: {a: 1, b: [x, y]}\nkey with spaces: v\n",
    "binary: !!binary aGVsbG8=\nexplicit: !!str 2026-11-01\nint_str: !!int '7'\n",
    "set: !!set {a, b}\nomap: !!omap [a: 1, b: 2]\n",  # other collection tags
    "base: &base {a: 1}\nchild:\n  <<: *base\n  b: 2\n",  # an alias and a merge key
    "? [complex, key]\n: value\n",  # a non-text key
    "1: one\n2.5: two\nnull: three\n",  # keys that are not text
    "- a list\n- not a mapping\n",
    "just text\n",
    "",
]


def _reference(text: str) -> object:
    """What PyYAML's own safe loader builds."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _typed(value: object) -> object:
    """The value with every scalar's type beside it (1 == True == 1.0 in plain equality)."""
    if isinstance(value, dict):
        return {_typed(k): _typed(v) for k, v in value.items()}
    if isinstance(value, list | set | tuple):
        return [type(value).__name__, [_typed(v) for v in value]]
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    return (type(value).__name__, value)


@pytest.mark.parametrize("text", SHAPES)
def test_values_equal_pyyaml_safe_loading(text: str) -> None:
    """Whichever path builds them, the values and their types are PyYAML's."""
    try:
        expected = _typed(_reference(text))
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            load_bounded(text)
        return
    try:
        built = load_bounded(text)
    except yaml.YAMLError:
        return  # refused by kbgen's stricter loader (non-text keys are an error later anyway)
    assert _typed(built) == expected


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.name)
def test_real_frontmatter_is_built_directly_and_equals_pyyaml(path: Path) -> None:
    """Real third-party frontmatter takes the direct path and gives PyYAML's values."""
    frontmatter = read_frontmatter(path, check_body=False)
    if frontmatter is None:
        return
    assert _typed(dict(frontmatter.data)) == _typed(_reference(frontmatter.text) or {})
    loader = StrictLoader(frontmatter.text)
    try:
        node = loader.get_single_node()
        assert node is None or _typed(plain_value(loader, node)) == _typed(frontmatter.data)
    finally:
        loader.dispose()


def test_the_direct_path_leaves_merges_tags_and_duplicates_to_the_loader() -> None:
    """Shapes the direct path does not build are handed back to the loader (so are aliases:
    ``load_bounded`` only takes the direct path for text without ``*``)."""
    for text in ("<<: {a: 1}\n", "s: !!set {a}\n", "a: 1\na: 2\n", "? [k]\n: v\n", "x: !t 1\n"):
        loader = StrictLoader(text)
        try:
            with pytest.raises(NotPlain):
                plain_value(loader, loader.get_single_node())
        finally:
            loader.dispose()
