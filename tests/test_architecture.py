"""The layering ARCHITECTURE.md describes, checked by import-linter's contracts in pyproject."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_import_contracts_hold() -> None:
    """Layers run one way; the core imports neither mkdocs nor click; config skips Linear."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_core_packages_name_their_job() -> None:
    """No flat grab-bag modules at the top: each top-level module is a base building block."""
    flat = sorted(path.name for path in (ROOT / "kbgen").glob("*.py"))
    assert flat == [
        "__init__.py",
        "__main__.py",
        "atomic.py",
        "bounded_json.py",
        "dates.py",
        "display_text.py",
        "errors.py",
        "intervals.py",
        "paths.py",
    ]
