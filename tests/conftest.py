"""Shared fixtures: tiny real sites written into tmp_path."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.mkdocs.engine import ENGINE_VARIABLE, chosen_engine, use_engine

# One engine per test process, loaded before any test module imports mkdocs: MkDocs unless
# KBGEN_ENGINE says otherwise (`KBGEN_ENGINE=properdocs scripts/test` runs the suite on
# ProperDocs). Set here, the variable reaches the kbgen processes tests start too.
os.environ.setdefault(ENGINE_VARIABLE, "mkdocs")
use_engine(chosen_engine(None))

FIXTURES = Path(__file__).parent / "fixtures"
BAD_FRONTMATTER = FIXTURES / "bad-frontmatter"


def bad_frontmatter_manifest() -> dict[str, str]:
    """File -> problem kind, from the hand-checked SOURCE.md manifest of the broken files."""
    rows = {}
    for line in (BAD_FRONTMATTER / "SOURCE.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 5 and cells[1].startswith("`") and cells[1].endswith(".md`"):
            rows[cells[1].strip("`")] = cells[5]
    return rows


MINIMAL_CONFIG = "site_name: Test Help\n"


def article(
    title: str,
    owner: str | None = "support-ops",
    last_reviewed: str | None = "2026-11-01",
    extra: str = "",
    body: str = "Some helpful text.\n",
) -> str:
    """Markdown source of one article with the given frontmatter values."""
    lines = ["---", f"title: {title}"]
    if owner is not None:
        lines.append(f"owner: {owner}")
    if last_reviewed is not None:
        lines.append(f"last_reviewed: {last_reviewed}")
    if extra:
        lines.append(extra.rstrip("\n"))
    lines += ["---", "", f"# {title}", "", body]
    return "\n".join(lines)


def write_site(root: Path, files: dict[str, str], config: str = MINIMAL_CONFIG) -> Path:
    """Write site_config.yml and content files into ``root``; return the config path (for a
    module-scoped fixture; ``make_site`` is the same in tmp_path)."""
    (root / "site_config.yml").write_text(textwrap.dedent(config), encoding="utf-8")
    for name, text in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "site_config.yml"


def kbgen(project: Path, *arguments: str) -> tuple[int, str]:
    """Run a kbgen command in ``project``; exit code and everything printed."""
    cwd = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, list(arguments), catch_exceptions=False)
    finally:
        os.chdir(cwd)
    return result.exit_code, result.output


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """Write site_config.yml and content files into tmp_path; return the config path."""

    def make(files: dict[str, str], config: str = MINIMAL_CONFIG) -> Path:
        return write_site(tmp_path, files, config)

    return make
