"""The built wheel, not the editable install: what it holds, and a site built from it.

Slow (a wheel build and a fresh venv, dependencies from pip's cache or the package index) but
part of every run. The site lives in a temporary folder with no checkout nearby, and the
commands run with a clean environment, so only the installed package can be found.
"""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DATA_DIRS = ("kbgen/mkdocs/theme", "kbgen/roadmap/templates", "kbgen/content/starter")
SOURCE_FILES = ("pyproject.toml", "README.md", "LICENSE")
OVERRIDE_MARK = "Built by the Acme support team"

pytestmark = pytest.mark.slow


def clean_env() -> dict[str, str]:
    """The environment without anything pointing back at this checkout or its venv."""
    drop = {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP"}
    return {key: value for key, value in os.environ.items() if key not in drop}


def run(*args: str | Path, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run a command, failing the test with its output when it fails."""
    result = subprocess.run(
        [str(arg) for arg in args], cwd=cwd, env=clean_env(), capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip
    return result


def source_files(folder: str) -> set[str]:
    """Files of a package-data folder in the source tree (no bytecode caches)."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel --no-deps` of a copy of the sources (the checkout is left untouched)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    shutil.copytree(ROOT / "kbgen", source / "kbgen", ignore=shutil.ignore_patterns("__pycache__"))
    for name in SOURCE_FILES:
        shutil.copy(ROOT / name, source / name)
    result = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist",
                 source, cwd=work)  # fmt: skip
    assert result.returncode == 0, result.stderr
    (built,) = (work / "dist").glob("kbgen-*.whl")
    return built


@pytest.fixture(scope="module")
def venv_bin(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv (no system site-packages) with only the wheel and its dependencies."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    assert run(sys.executable, "-m", "venv", venv, cwd=venv.parent).returncode == 0
    bin_dir = venv / "bin"
    result = run(bin_dir / "python", "-m", "pip", "install", "-q", wheel, cwd=venv.parent)
    assert result.returncode == 0, result.stderr
    return bin_dir


@pytest.fixture
def new_site(venv_bin: Path, tmp_path: Path) -> Path:
    """`kbgen init` with the installed kbgen in an empty folder far from the checkout."""
    site = tmp_path / "help-centre"
    result = run(venv_bin / "kbgen", "init", site, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "overrides").exists() and ROOT not in site.parents
    return site


def test_wheel_holds_every_theme_and_starter_file(wheel: Path) -> None:
    """Every template, partial, asset, roadmap template and starter file is in the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = set().union(*(source_files(folder) for folder in PACKAGE_DATA_DIRS))
    assert expected - names == set()
    assert {"kbgen/mkdocs/theme/main.html", "kbgen/mkdocs/theme/assets/kbgen/kbgen.css",
            "kbgen/content/starter/workflows/ci.yml", "kbgen/py.typed"} <= names  # fmt: skip
    assert not [name for name in names if "__pycache__" in name or name.startswith("tests/")]


def test_wheel_metadata_declares_what_kbgen_imports(wheel: Path) -> None:
    """Requires-Dist names every imported library; licence, Python floor and URLs are set."""
    archive = zipfile.ZipFile(wheel)
    (meta_name,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
    meta = email.message_from_string(archive.read(meta_name).decode("utf-8"))
    requires = {req.split(">")[0].split("<")[0].split("=")[0].strip().lower()
                for req in meta.get_all("Requires-Dist") if "extra ==" not in req}  # fmt: skip
    assert requires >= {"mkdocs", "mkdocs-material", "jinja2", "markupsafe", "markdown",
                        "pyyaml", "python-frontmatter", "requests", "click", "nh3"}  # fmt: skip
    assert "mkdocs-material<10,>=9.7.7" in meta.get_all("Requires-Dist")
    assert meta["License-Expression"] == "MIT"
    assert meta["Requires-Python"] == ">=3.11"
    assert any(url.startswith("Source, https://") for url in meta.get_all("Project-URL"))
    assert "Programming Language :: Python :: 3.11" in meta.get_all("Classifier")
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in archive.namelist())


def test_installed_version_and_theme_location(venv_bin: Path, tmp_path: Path) -> None:
    """`kbgen --version` works and the theme is found inside the installed package."""
    from kbgen import __version__

    version = run(venv_bin / "kbgen", "--version", cwd=tmp_path)
    assert version.stdout.strip() == f"kbgen, version {__version__}"
    code = "from kbgen.mkdocs.theme_layers import theme_dir; print(theme_dir())"
    theme = Path(run(venv_bin / "python", "-c", code, cwd=tmp_path).stdout.strip())
    assert (theme / "main.html").is_file() and venv_bin.parent in theme.parents


def test_init_check_and_strict_build_from_the_wheel(venv_bin: Path, new_site: Path) -> None:
    """kbgen init, kbgen check, kbgen build --strict: the article shows its trust line."""
    check = run(venv_bin / "kbgen", "check", cwd=new_site)
    assert check.returncode == 0, check.stdout + check.stderr
    build = run(venv_bin / "kbgen", "build", "--strict", cwd=new_site)
    assert build.returncode == 0, build.stderr
    html = (new_site / "site/getting-started/welcome/index.html").read_text(encoding="utf-8")
    assert 'class="kbgen-trust"' in html and "Owner: <strong>support-team</strong>" in html
    assert f'<time datetime="{datetime.now(UTC).date().isoformat()}">' in html
    assert (new_site / "site/assets/kbgen/kbgen.css").is_file()


def test_mcp_without_the_extra_says_how_to_install_it(venv_bin: Path, new_site: Path) -> None:
    """Installed without kbgen[mcp]: `kbgen mcp` says in one line how to install it, exit 1."""
    probe = "import importlib.util; print(importlib.util.find_spec('mcp') is None)"
    assert run(venv_bin / "python", "-c", probe, cwd=new_site).stdout.strip() == "True"
    result = run(venv_bin / "kbgen", "mcp", cwd=new_site)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "Error: kbgen mcp needs the MCP SDK: pip install 'kbgen[mcp]'"
    ]


def test_init_names_the_wheel_and_the_workflows_install_it(
    venv_bin: Path, wheel: Path, tmp_path: Path
) -> None:
    """requirements.txt names the wheel kbgen came from, warns, and the install step takes it."""
    site = tmp_path / "help-centre"
    result = run(venv_bin / "kbgen", "init", site, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = (site / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == f"kbgen @ {wheel.as_uri()}"
    assert "other machines cannot install" in result.stderr
    install = run(venv_bin / "python", "-m", "pip", "install", "-r", "requirements.txt", cwd=site)
    assert install.returncode == 0, install.stderr
    assert "kbgen" in install.stdout and "ERROR" not in install.stderr


def test_one_partial_override_takes_effect_over_the_packaged_theme(
    venv_bin: Path, new_site: Path
) -> None:
    """A site's overrides/ holding one partial changes that partial and nothing else."""
    partial = new_site / "overrides" / "partials" / "copyright.html"
    partial.parent.mkdir(parents=True)
    partial.write_text(f'<div class="md-copyright">{OVERRIDE_MARK}</div>\n', encoding="utf-8")
    build = run(venv_bin / "kbgen", "build", "--strict", cwd=new_site)
    assert build.returncode == 0, build.stderr
    article = (new_site / "site/getting-started/welcome/index.html").read_text(encoding="utf-8")
    home = (new_site / "site/index.html").read_text(encoding="utf-8")
    assert OVERRIDE_MARK in article and OVERRIDE_MARK in home
    assert 'class="kbgen-trust"' in article  # kbgen's own templates still apply
    assert 'class="kbgen-hero"' in home


def test_broken_override_fails_with_file_and_line(venv_bin: Path, new_site: Path) -> None:
    """A broken partial in overrides/ fails the build in one line naming it: no traceback."""
    partial = new_site / "overrides" / "partials" / "copyright.html"
    partial.parent.mkdir(parents=True)
    partial.write_text("<div>\n{% if config.copyright %}\n", encoding="utf-8")
    build = run(venv_bin / "kbgen", "build", "--strict", cwd=new_site)
    assert build.returncode == 1
    assert "Traceback" not in build.stderr
    assert f"Error: build failed: {partial}:2: " in build.stderr
