"""The fork path: this repository's own site (content/, overrides/, site_config.yml) builds strict.

The repository's overrides/ holds a single partial; kbgen's packaged theme supplies the rest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.mkdocs.build import build_site

REPO = Path(__file__).resolve().parents[1]
DEMO_OVERRIDE = "Tallyflow Help Centre, built with kbgen and Material for MkDocs"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo help centre, built strict as `scripts/build-demo` does."""
    return build_site(REPO / "site_config.yml", tmp_path_factory.mktemp("fork") / "site", True)


def test_repository_overrides_hold_only_the_demo_partial() -> None:
    """overrides/ changes one partial; everything else comes from the packaged theme."""
    files = [p.relative_to(REPO / "overrides").as_posix() for p in (REPO / "overrides").rglob("*")
             if p.is_file()]  # fmt: skip
    assert files == ["partials/copyright.html"]


def test_fork_build_uses_the_override_and_kbgen_theme(demo_site: Path) -> None:
    """The demo's copyright partial shows on every page, next to kbgen's trust line."""
    page = (demo_site / "account-and-billing/reset-your-password/index.html").read_text("utf-8")
    assert DEMO_OVERRIDE in page and 'class="kbgen-trust"' in page
    assert DEMO_OVERRIDE in (demo_site / "index.html").read_text("utf-8")
