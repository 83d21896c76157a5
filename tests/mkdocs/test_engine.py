"""kbgen builds on MkDocs or ProperDocs: chosen in one place, the same site either way."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kbgen.config import load_config
from kbgen.config.build import AUTO, ENGINES
from kbgen.errors import ConfigError
from kbgen.mkdocs.engine import (
    ENGINE_VARIABLE,
    EngineError,
    active_engine,
    chosen_engine,
    installed,
    use_engine,
)

REPO = Path(__file__).resolve().parents[2]
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
GENERATED_AT = re.compile(rb'"generated_at": ?"[^"]*"')
SEARCH_BUNDLES = ("pagefind/", "kbgen-search/")
"""Search indexes: their shards are named by content hashes and differ from build to build on
either engine, so they are compared by shape (folders and file counts), not bytes."""
PER_BUILD = (".kbgen-site",)
HASH = re.compile(r"[0-9a-f]{7,}")


def write_config(tmp_path: Path, build: str) -> Path:
    """A site_config.yml with a ``build:`` section written as given, and its content folder."""
    (tmp_path / "content").mkdir(exist_ok=True)
    path = tmp_path / "site_config.yml"
    path.write_text(f"site_name: Test Help\n{build}", encoding="utf-8")
    return path


def kbgen(
    args: list[str], cwd: Path, engine_variable: str | None = None, python: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run kbgen in a new process (one engine per process), KBGEN_ENGINE set only if given."""
    env = {k: v for k, v in os.environ.items() if k != ENGINE_VARIABLE}
    if engine_variable is not None:
        env[ENGINE_VARIABLE] = engine_variable
    command = [*(python or [sys.executable, "-m", "kbgen"]), *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def sample_project(destination: Path, engine: str) -> Path:
    """The repository's sample site (articles, roadmap snapshot, overrides) with build.engine."""
    for name in ("content", "data", "overrides"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, destination / name)
    config = (REPO / "site_config.yml").read_text(encoding="utf-8")
    (destination / "site_config.yml").write_text(
        f"{config}\nbuild:\n  engine: {engine}\n", encoding="utf-8"
    )
    return destination


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but search shards and the per-build marker, with the engine's
    name and the build time taken out."""
    files = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.is_file() and not name.startswith((*SEARCH_BUNDLES, *PER_BUILD)):
            files[name] = GENERATED_AT.sub(b"", GENERATOR.sub(b"", path.read_bytes()))
    return files


def bundle_shape(site: Path) -> list[str]:
    """The search bundles' file names, content hashes replaced by ``#``."""
    return sorted(
        HASH.sub("#", path.relative_to(site).as_posix())
        for path in site.rglob("*")
        if path.relative_to(site).as_posix().startswith(SEARCH_BUNDLES)
    )


@pytest.fixture(scope="module")
def built_by_engine(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample site built once by each engine, side by side, each in its own kbgen process."""
    env = {k: v for k, v in os.environ.items() if k != ENGINE_VARIABLE}
    projects = {
        engine: sample_project(tmp_path_factory.mktemp(engine), engine) for engine in ENGINES
    }
    runs = {
        engine: subprocess.Popen(
            [sys.executable, "-m", "kbgen", "build", "-q"],
            cwd=project,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for engine, project in projects.items()
    }
    for engine, run in runs.items():
        _, errors = run.communicate(timeout=300)
        assert run.returncode == 0, f"{engine}: {errors}"
    return {engine: project / "site" for engine, project in projects.items()}


@pytest.fixture(scope="module")
def without_properdocs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A Python command whose environment is this one minus ProperDocs (nothing downloaded)."""
    packages = Path(sysconfig.get_paths()["purelib"])
    assert (packages / "properdocs").is_dir(), "scripts/setup installs properdocs beside mkdocs"
    shadow = tmp_path_factory.mktemp("no-properdocs")
    for entry in packages.iterdir():
        if not entry.name.lower().startswith("properdocs") and entry.suffix != ".pth":
            (shadow / entry.name).symlink_to(entry)
    bootstrap = f"import sys; sys.path[:0] = [{str(REPO)!r}, {str(shadow)!r}]; import runpy; "
    return [
        sys.executable,
        "-S",
        "-c",
        bootstrap + "runpy.run_module('kbgen', run_name='__main__')",
    ]


def test_both_engines_build_the_same_site(built_by_engine: dict[str, Path]) -> None:
    """ProperDocs builds the same pages, assets and exports as MkDocs, byte for byte (but the
    generator tag naming the engine, and the exports' build time)."""
    on_mkdocs = site_files(built_by_engine["mkdocs"])
    on_properdocs = site_files(built_by_engine["properdocs"])
    assert on_properdocs.keys() == on_mkdocs.keys()
    assert [name for name in on_mkdocs if on_mkdocs[name] != on_properdocs[name]] == []


@pytest.mark.parametrize(
    ("engine", "generator"), [("mkdocs", b"mkdocs-1."), ("properdocs", b"ProperDocs 1.")]
)
def test_build_engine_names_the_engine_that_built(
    built_by_engine: dict[str, Path], engine: str, generator: bytes
) -> None:
    """``build.engine`` decides which engine ran: its name is in every page's generator tag."""
    home = (built_by_engine[engine] / "index.html").read_bytes()
    assert generator in GENERATOR.search(home).group()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "feature",
    [b"data-kb-feedback", b"data-kbgen-support", b"assets/kbgen/support.js", b"roadmap/"],
)
def test_properdocs_site_has_the_reader_features(
    built_by_engine: dict[str, Path], feature: bytes
) -> None:
    """Search, feedback, support script and roadmap links are on ProperDocs' pages too."""
    pages = [path.read_bytes() for path in built_by_engine["properdocs"].rglob("index.html")]
    assert any(feature in page for page in pages)


def test_properdocs_search_bundle_is_complete(built_by_engine: dict[str, Path]) -> None:
    """ProperDocs' site holds search bundles of the same shape as MkDocs' site, not empty."""
    shapes = {engine: bundle_shape(site) for engine, site in built_by_engine.items()}
    assert shapes["properdocs"] == shapes["mkdocs"]
    assert len(shapes["mkdocs"]) > 10


@pytest.mark.parametrize(
    ("written", "engine"), [("mkdocs", "mkdocs"), ("properdocs", "properdocs")]
)
@pytest.mark.parametrize("variable", [None, "auto", "mkdocs", "properdocs"])
def test_build_engine_wins_over_the_environment(
    tmp_path: Path, written: str, engine: str, variable: str | None
) -> None:
    """``build.engine: X`` is used whatever KBGEN_ENGINE says."""
    site = load_config(write_config(tmp_path, f"build:\n  engine: {written}\n"))
    environ = {} if variable is None else {ENGINE_VARIABLE: variable}
    assert chosen_engine(site, environ) == engine


@pytest.mark.parametrize("build", ["", "build:\n  engine: auto\n", "build: {}\n"])
@pytest.mark.parametrize(
    ("variable", "engine"),
    [("mkdocs", "mkdocs"), ("properdocs", "properdocs"), (" mkdocs ", "mkdocs")],
)
def test_auto_follows_the_environment(
    tmp_path: Path, build: str, variable: str, engine: str
) -> None:
    """With ``build.engine`` unset or auto, KBGEN_ENGINE picks the engine."""
    site = load_config(write_config(tmp_path, build))
    assert chosen_engine(site, {ENGINE_VARIABLE: variable}) == engine


@pytest.mark.parametrize("variable", [None, "", "auto"])
def test_auto_prefers_properdocs_when_installed(tmp_path: Path, variable: str | None) -> None:
    """Unset or auto everywhere: ProperDocs, which scripts/setup installs beside MkDocs."""
    site = load_config(write_config(tmp_path, ""))
    environ = {} if variable is None else {ENGINE_VARIABLE: variable}
    assert installed("properdocs")
    assert chosen_engine(site, environ) == "properdocs"


@given(st.text(max_size=12).filter(lambda text: text.strip() not in (AUTO, *ENGINES, "")))
def test_unknown_engine_variable_is_one_line(value: str) -> None:
    """Any other KBGEN_ENGINE value stops with one line naming the variable and the choices."""
    with pytest.raises(EngineError) as error:
        chosen_engine(None, {ENGINE_VARIABLE: value})
    assert "\n" not in str(error.value)
    assert str(error.value).startswith(f"{ENGINE_VARIABLE} must be mkdocs, properdocs or auto")


@given(st.text(min_size=1, max_size=12).filter(lambda text: text not in (AUTO, *ENGINES)))
def test_unknown_build_engine_is_a_config_problem(value: str) -> None:
    """``build.engine`` of any other text is reported at its line, like every config key."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = write_config(Path(folder), f"build:\n  engine: {value!r}\n")
        with pytest.raises(ConfigError) as error:
            load_config(path)
    assert "site_config.yml:3: 'build.engine' must be mkdocs, properdocs or auto" in str(
        error.value
    )


@pytest.mark.parametrize(
    "build", ["build: fast\n", "build:\n  engines: mkdocs\n", "build:\n  engine: 2\n"]
)
def test_bad_build_section_is_reported(tmp_path: Path, build: str) -> None:
    """A ``build:`` that is not a mapping, an unknown key or a non-text engine: one problem."""
    with pytest.raises(ConfigError) as error:
        load_config(write_config(tmp_path, build))
    assert "'build" in str(error.value)


def test_a_process_keeps_its_engine() -> None:
    """Asking for the other engine once one is loaded is refused in one line, naming both."""
    active = active_engine()
    assert active in ENGINES
    other = next(engine for engine in ENGINES if engine != active)
    with pytest.raises(EngineError) as error:
        use_engine(other)
    assert "\n" not in str(error.value)
    assert "cannot switch" in str(error.value)
    use_engine(active)  # the same engine again is fine


@pytest.mark.parametrize("command", ["build", "check"])
def test_properdocs_asked_for_but_missing_is_one_line(
    tmp_path: Path, without_properdocs: list[str], command: str
) -> None:
    """``build.engine: properdocs``, not installed: the key, its line, the install command."""
    write_config(tmp_path, "build:\n  engine: properdocs\n")
    result = kbgen([command], tmp_path, python=without_properdocs)
    assert result.returncode == 1
    expected = (
        f"Error: {tmp_path / 'site_config.yml'}:3: build.engine is 'properdocs' but ProperDocs "
        "is not installed: pip install properdocs"
    )
    assert result.stderr.strip().splitlines()[-1] == expected
    assert not (tmp_path / "site").exists()


def test_environment_asks_for_missing_properdocs(
    tmp_path: Path, without_properdocs: list[str]
) -> None:
    """KBGEN_ENGINE=properdocs without ProperDocs names the variable and the install command."""
    write_config(tmp_path, "")
    result = kbgen(["build"], tmp_path, engine_variable="properdocs", python=without_properdocs)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {ENGINE_VARIABLE} is 'properdocs' but ProperDocs is not installed: "
        "pip install properdocs"
    )


def test_auto_without_properdocs_builds_on_mkdocs(
    tmp_path: Path, without_properdocs: list[str]
) -> None:
    """Where only MkDocs is installed, the default builds on MkDocs."""
    (tmp_path / "content" / "help").mkdir(parents=True)
    (tmp_path / "content" / "help" / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    write_config(tmp_path, "")
    result = kbgen(["build", "-q"], tmp_path, python=without_properdocs)
    assert result.returncode == 0, result.stderr
    assert b"mkdocs-1." in (tmp_path / "site" / "index.html").read_bytes()


@pytest.mark.parametrize("engine", ENGINES)
def test_strict_counts_kbgen_warnings_on_each_engine(tmp_path: Path, engine: str) -> None:
    """A warning of kbgen's plugin fails ``--strict`` on either engine, and is printed once."""
    (tmp_path / "content" / "help").mkdir(parents=True)
    (tmp_path / "content" / "help" / "diagram.md").write_text(
        '---\ntitle: Diagram\nowner: ops\nlast_reviewed: 2026-11-01\n---\n\n<pre class="mermaid">'
        "graph TD; A--&gt;B</pre>\n",
        encoding="utf-8",
    )
    write_config(tmp_path, f"build:\n  engine: {engine}\n")
    result = kbgen(["build", "--strict"], tmp_path)
    assert result.returncode == 1
    warned = [
        line for line in result.stderr.splitlines() if "mermaid diagram(s) shown as text" in line
    ]
    assert len(warned) == 1, result.stderr
    assert "strict mode" in result.stderr.splitlines()[-1]
    assert not (tmp_path / "site").exists()
