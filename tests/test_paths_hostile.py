"""The hostile layouts of tests/hostile/paths/layouts.yml: ``check`` and ``build`` refuse the
same files, name them, and nothing outside a folder is published or overwritten."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from kbgen.cli import main
from tests.conftest import FIXTURES

LAYOUTS = yaml.safe_load((Path(__file__).parent / "hostile/paths/layouts.yml").read_text("utf-8"))
CANARY = "KBGEN-CANARY"


def apply_layout(tmp_path: Path, layout: dict[str, Any]) -> Path:
    """A copy of the tiny project with ``layout`` applied; an ``outside`` folder beside it."""
    project, outside = tmp_path / "proj", tmp_path / "outside"
    shutil.copytree(FIXTURES / "tiny-project", project)
    outside.mkdir()
    for name in ("secret.txt", "secret.md", "evil.md"):
        (outside / name).write_text(f"---\ntitle: {CANARY}\n---\n{CANARY}\n", "utf-8")
    for relative, text in (layout.get("files") or {}).items():
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text, "utf-8")
    for relative, target in (layout.get("links") or {}).items():
        link = project / relative
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target.replace("{outside}", str(outside)))
    for relative, target in (layout.get("hardlinks") or {}).items():
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        os.link(Path(target.replace("{outside}", str(outside))), project / relative)
    for relative in layout.get("fifos") or []:
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(project / relative)
    with (project / "site_config.yml").open("a", encoding="utf-8") as stream:
        stream.write(layout.get("config", ""))
    return project


def run(project: Path, *args: str, **env: str) -> tuple[int, str]:
    """Run the CLI in ``project``; the exit code and everything printed."""
    cwd = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, list(args), env={"HOME": str(project.parent), **env})
    finally:
        os.chdir(cwd)
    assert "Traceback" not in result.output, result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    return result.exit_code, result.output


def published_text(site: Path) -> str:
    """Every byte the site publishes, as text (for the canary search)."""
    if not site.exists():
        return ""
    return "".join(
        path.read_bytes().decode("utf-8", "replace") for path in site.rglob("*") if path.is_file()
    )


def sources(project: Path) -> dict[str, bytes]:
    """The bytes of the config and every regular content file (what no build may change)."""
    files = {"site_config.yml": (project / "site_config.yml").read_bytes()}
    for path in (project / "content").rglob("*.md"):
        if path.is_file() and not path.is_symlink():
            files[str(path.relative_to(project))] = path.read_bytes()
    return files


READS = [pytest.param(layout, id=layout["id"]) for layout in LAYOUTS["read"]]
CONFIGS = [pytest.param(layout, id=layout["id"]) for layout in LAYOUTS["config"]]


@pytest.mark.parametrize("layout", READS)
def test_check_reports_what_the_build_refuses(tmp_path: Path, layout: dict[str, Any]) -> None:
    """``check`` fails naming the path; ``build --strict`` fails naming it; nothing leaks."""
    project = apply_layout(tmp_path, layout)
    code, output = run(project, "check")
    assert code == 1 and layout["where"] in output, output
    code, output = run(project, "build", "--strict", "-q")
    assert code == 1 and layout["where"] in output, output
    assert CANARY not in published_text(project / "site")


@pytest.mark.parametrize("layout", READS)
def test_a_plain_build_refuses_or_leaves_out(tmp_path: Path, layout: dict[str, Any]) -> None:
    """Without --strict the build still fails (overrides, shadowing) or leaves the file out."""
    project = apply_layout(tmp_path, layout)
    code, output = run(project, "build", "-q")
    assert layout["where"] in output, output
    if layout["expect"] == "refused":
        assert code == 1 and not (project / "site").exists()
    else:
        assert code == 0
        assert CANARY not in published_text(project / "site")
        assert (project / "site" / "help" / "reset-password" / "index.html").is_file()


@pytest.mark.parametrize("layout", CONFIGS)
def test_data_paths_are_config_errors_in_check_and_build(
    tmp_path: Path, layout: dict[str, Any]
) -> None:
    """Data files over sources, outside, through links: site_config.yml:LINE in both."""
    project = apply_layout(tmp_path, layout)
    before = sources(project)
    key = {"LINEAR_API_KEY": "lin_api_not_a_real_key_0000000000000000"}
    closed = {"KBGEN_LINEAR_API_URL": "http://127.0.0.1:9/graphql"}
    for args in (["check"], ["build", "-q"], ["linear", "pull"]):
        code, output = run(project, *args, **key, **closed)
        assert code == 1, output
        assert "site_config.yml:" in output and layout["where"] in output, output
        assert key["LINEAR_API_KEY"] not in output
    assert sources(project) == before
    assert not (project / "site").exists()
