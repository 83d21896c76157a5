"""kbgen.mkdocs.compat: the one module that touches the engine's private code, and its versions."""

from __future__ import annotations

import ast
from pathlib import Path

import mkdocs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kbgen.mkdocs import compat
from kbgen.mkdocs.compat import (
    WRITTEN_FOR,
    CompatibilityError,
    installed_versions,
    major_minor,
    require_supported,
    unsupported,
)

PACKAGE = Path(compat.__file__).resolve().parent.parent
ENGINE_PACKAGES = ("mkdocs", "material", "properdocs")


@pytest.mark.parametrize(
    ("package", "version"),
    [
        ("mkdocs", "1.6.0"),
        ("mkdocs", "1.6.1"),
        ("properdocs", "1.6.7"),
        ("properdocs", "1.6.12"),
        ("mkdocs-material", "9.7.7"),
        ("mkdocs-material", "9.8.2"),
        ("mkdocs-material", "9.9.0b1"),
        ("pagefind", "1.5.0"),
        ("pagefind", "1.5.2"),
    ],
)
def test_versions_written_for_pass(package: str, version: str) -> None:
    """The versions this code was written against are accepted."""
    assert unsupported(package, version) is None


@pytest.mark.parametrize(
    ("package", "version"),
    [
        ("mkdocs", "1.5.3"),
        ("mkdocs", "1.7.0"),
        ("mkdocs", "2.0.0a1"),
        ("properdocs", "1.7.0"),
        ("properdocs", "2.0"),
        ("mkdocs-material", "9.6.0"),
        ("mkdocs-material", "10.0.0"),
        ("pagefind", "1.4.0"),
        ("pagefind", "1.6.0"),
        ("mkdocs", "not a version"),
    ],
)
def test_other_versions_are_one_line_naming_the_range(package: str, version: str) -> None:
    """Any other version is refused in one line naming what was found and the range to install."""
    message = unsupported(package, version)
    assert message is not None
    assert "\n" not in message
    assert f"found {package} {version}" in message
    assert "pip install '" in message


@given(
    st.sampled_from(sorted(WRITTEN_FOR)), st.integers(0, 30), st.integers(0, 30), st.integers(0, 99)
)
def test_a_version_passes_exactly_when_inside_its_range(
    package: str, major: int, minor: int, patch: int
) -> None:
    """For every package and version: accepted if and only if [lowest, beyond) holds it."""
    lowest, beyond = WRITTEN_FOR[package]
    inside = lowest <= (major, minor) < beyond
    assert (unsupported(package, f"{major}.{minor}.{patch}") is None) == inside


@given(st.text(max_size=20))
def test_major_minor_never_fails(text: str) -> None:
    """Any version text reads as (major, minor) or None, never an exception."""
    found = major_minor(text)
    assert found is None or all(part >= 0 for part in found)


def test_every_unsupported_package_is_reported_at_once() -> None:
    """Two packages out of range: one error, one line each."""
    with pytest.raises(CompatibilityError) as error:
        require_supported({"mkdocs": "1.7.0", "mkdocs-material": "10.1.0", "properdocs": "1.6.7"})
    assert str(error.value).splitlines() == [
        unsupported("mkdocs", "1.7.0"),
        unsupported("mkdocs-material", "10.1.0"),
    ]


def test_this_environment_is_supported() -> None:
    """The engine loaded in this process and Material are versions compat was written for."""
    versions = installed_versions()
    assert compat.ENGINE in versions
    assert versions[compat.ENGINE] == mkdocs.__version__
    assert "pagefind" in versions
    require_supported(versions)


def private_engine_uses(path: Path) -> list[str]:
    """``module.name`` for each private name a file imports from the engine or Material."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and (node.module or "").split(".")[0] in ENGINE_PACKAGES
        ):
            found += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
        if isinstance(node, ast.Import):
            found += [
                a.name
                for a in node.names
                if a.name.split(".")[0] in ENGINE_PACKAGES and "._" in a.name
            ]
    return found


@pytest.mark.parametrize(
    "path",
    sorted(p for p in PACKAGE.rglob("*.py") if p.name != "compat.py"),
    ids=lambda p: p.relative_to(PACKAGE).as_posix(),
)
def test_only_compat_imports_private_engine_names(path: Path) -> None:
    """No module but compat.py imports a private (``_name``) of MkDocs, ProperDocs or Material."""
    assert private_engine_uses(path) == []


def test_compat_holds_the_private_names() -> None:
    """The check above is not vacuous: compat.py itself imports the engine's private names."""
    uses = private_engine_uses(Path(compat.__file__))
    assert "mkdocs.structure.files._file_sort_key" in uses
    assert "mkdocs.structure.pages._RawHTMLPreprocessor" in uses


@pytest.mark.parametrize("name", ["get_files", "render"])
def test_only_compat_swaps_engine_functions(name: str) -> None:
    """The engine's ``get_files`` and a page's ``render`` are replaced in compat.py alone (an
    assignment elsewhere would reach past the seam)."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Attribute) and t.attr == name for t in node.targets
            ):
                offenders.append(path.name)
    assert set(offenders) == {"compat.py"}


PRIVATE_SEAM_PACKAGES = ("pagefind.service",)
"""Modules that are non-public as a whole (Pagefind's documented API is ``pagefind.index``)."""
OUTSIDE_THE_SEAM = {"linear/transport.py": ["super()._new_conn"]}
"""Private reads that are not engine or Pagefind code, so not compat's: urllib3's connection
hook the Linear client's deadline registers sockets through (kbgen/linear cannot import the
MkDocs adapter)."""


def private_attribute_reads(path: Path) -> list[str]:
    """``line: obj._name`` for each private attribute a file reads on anything but self/cls,
    and each import of a wholly non-public third-party module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"})
        ):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        if isinstance(node, ast.ImportFrom) and node.module in PRIVATE_SEAM_PACKAGES:
            found.append(f"{node.lineno}: from {node.module}")
    return found


@pytest.mark.parametrize(
    "path",
    sorted(p for p in PACKAGE.rglob("*.py") if p.name != "compat.py"),
    ids=lambda p: p.relative_to(PACKAGE).as_posix(),
)
def test_only_compat_reads_private_attributes(path: Path) -> None:
    """No module but compat.py reads ``obj._name`` of another object (Pagefind's ``_service``,
    a page's ``_title_from_render``) or imports Pagefind's non-public service."""
    name = path.relative_to(PACKAGE).as_posix()
    reads = [read.split(": ", 1)[1] for read in private_attribute_reads(path)]
    assert reads == OUTSIDE_THE_SEAM.get(name, [])


def test_compat_holds_the_private_attribute_reads() -> None:
    """The check above is not vacuous: compat.py reads Pagefind's and the page's private state."""
    reads = " ".join(private_attribute_reads(Path(compat.__file__)))
    assert "index._service" in reads
    assert "page._title_from_render" in reads
    assert "from pagefind.service" in reads
