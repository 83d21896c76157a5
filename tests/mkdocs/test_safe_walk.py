"""kbgen's file walk for MkDocs: MkDocs' own result, minus what bad folder links lead to."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from kbgen.mkdocs.safe_walk import get_files_safely


def mkdocs_config(tmp_path: Path):
    """A plain MkDocs config over tmp_path/docs."""
    # Material: the theme kbgen builds with, on either engine (ProperDocs ships no "mkdocs" theme).
    (tmp_path / "mkdocs.yml").write_text("site_name: T\ntheme: material\n", encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"))


def write_tree(docs: Path) -> None:
    """Pages, a README/index conflict, an asset, a hidden file and an inside link."""
    for name in ("index.md", "a/README.md", "a/index.md", "a/page.md", "b/x.md", "b/img.png",
                 ".hidden.md", "c/README.md"):  # fmt: skip
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# x\n", encoding="utf-8")
    os.symlink("../b", docs / "a" / "b-again")


def test_same_files_in_the_same_order_as_mkdocs(tmp_path: Path) -> None:
    """On a tree without bad links the safe walk gives exactly MkDocs' files and inclusion."""
    write_tree(tmp_path / "docs")
    config = mkdocs_config(tmp_path)
    ours = [(f.src_uri, f.inclusion) for f in get_files_safely(config)]
    theirs = [(f.src_uri, f.inclusion) for f in get_files(config)]
    assert ours == theirs
    assert "a/README.md" not in [uri for uri, _ in ours]
    assert "a/b-again/x.md" in [uri for uri, _ in ours]


def test_bad_folder_links_are_not_entered(tmp_path: Path) -> None:
    """Links to `/`, to an outside folder and to an ancestor are never walked."""
    docs = tmp_path / "docs"
    write_tree(docs)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.md").write_text("# leak\n", encoding="utf-8")
    os.symlink("/", docs / "root")
    os.symlink(outside, docs / "b" / "out")
    os.symlink("..", docs / "a" / "up")
    uris = [file.src_uri for file in get_files_safely(mkdocs_config(tmp_path))]
    assert not [uri for uri in uris if uri.startswith(("root/", "b/out/", "a/up/"))]
    assert "b/x.md" in uris
