"""``kbgen init``: a new site that checks and builds, never overwrites, and adopts existing docs."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from kbgen.cli import main
from kbgen.config import load_config
from kbgen.content.site_init import STARTER
from tests.conftest import FIXTURES

GOVUK_SOURCE = FIXTURES / "corpora" / "govuk-dev-manual" / "source"
MSDOCS = FIXTURES / "corpora" / "msdocs-sharepoint"
WRITTEN = {
    "site_config.yml",
    "requirements.txt",
    ".gitignore",
    ".github/workflows/ci.yml",
    ".github/workflows/nightly.yml",
    ".github/workflows/stale-report.yml",
    ".github/dependabot.yml",
    "content/getting-started/_defaults.yml",
    "content/getting-started/welcome.md",
}


def run(*args: str) -> Result:
    """Invoke the CLI in-process."""
    return CliRunner().invoke(main, list(args))


def files_below(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` with its bytes, keyed by POSIX relative path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def new_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`kbgen init kb` run from tmp_path; returns the new site folder."""
    monkeypatch.chdir(tmp_path)
    result = run("init", "kb", "--site-name", "Acme Help")
    assert result.exit_code == 0, result.output
    return tmp_path / "kb"


def test_init_writes_every_file(new_site: Path) -> None:
    """The config, requirements, .gitignore, starter content and GitHub files are all written."""
    assert set(files_below(new_site)) == WRITTEN


def test_new_site_checks_and_builds_strict_with_a_trust_line(
    new_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The starter article passes check and build --strict, and shows its trust line."""
    monkeypatch.chdir(new_site)
    check = run("check")
    assert check.exit_code == 0, check.output
    assert "1 file(s) OK" in check.output
    build = run("build", "--strict")
    assert build.exit_code == 0, build.output
    html = (new_site / "site/getting-started/welcome/index.html").read_text(encoding="utf-8")
    today = datetime.now(UTC).date().isoformat()
    assert 'class="kbgen-trust"' in html
    assert "Owner: <strong>support-team</strong>" in html
    assert f'<time datetime="{today}">' in html
    assert "<title>Welcome to your help centre - Acme Help</title>" in html


def test_site_config_is_commented_with_review_and_linear_commented_out(new_site: Path) -> None:
    """site_config.yml has comments, a live review: section and a commented-out linear: one."""
    text = (new_site / "site_config.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["site_name"] == "Acme Help"
    assert data["review"]["default_every"] == "3 months"
    assert "linear" not in data
    assert "\n# linear:\n#   public_label: Public\n" in text
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) >= 15


def test_workflows_are_the_packaged_files_and_pins_kbgen(new_site: Path) -> None:
    """Workflows are copied byte for byte; requirements.txt names kbgen as installed here."""
    from kbgen.content.requirement import installed_requirement

    for name in ("ci.yml", "nightly.yml", "stale-report.yml"):
        packaged = (STARTER / "workflows" / name).read_bytes()
        assert (new_site / ".github/workflows" / name).read_bytes() == packaged
    requirements = (new_site / "requirements.txt").read_text(encoding="utf-8")
    assert f"\n{installed_requirement().line}\n" in requirements


def test_ci_workflow_annotates_check_and_stale(new_site: Path) -> None:
    """The ci.yml init writes uses `check --format github` and `stale --format github`."""
    ci = yaml.safe_load((new_site / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    scripts = "\n".join(step.get("run", "") for step in ci["jobs"]["check"]["steps"])
    assert "kbgen check --format github" in scripts
    assert "kbgen stale --format github --changed-files" in scripts
    assert "kbgen build --strict" in scripts


def test_prints_created_files_and_the_next_three_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each created file is named, then the next three commands (after `cd` into the folder)."""
    monkeypatch.chdir(tmp_path)
    output = run("init", "kb").stdout
    assert "created  content/getting-started/welcome.md" in output
    tail = output.split("\nNext, in kb/ (cd kb):\n", 1)[1].splitlines()
    assert [line.split("#")[0].strip() for line in tail] == [
        "kbgen check",
        "kbgen build --strict",
        "kbgen serve",
    ]


def test_second_run_changes_nothing_and_says_so(new_site: Path) -> None:
    """Every file exists: nothing is touched, each one is reported skipped, exit 0."""
    (new_site / "content/getting-started/welcome.md").write_text("my own text\n", encoding="utf-8")
    before = files_below(new_site)
    result = run("init", str(new_site))
    assert result.exit_code == 0, result.output
    assert files_below(new_site) == before
    assert result.output.count("skipped  ") == len(WRITTEN)
    assert "Nothing to do: every file kbgen init writes already exists." in result.output


def test_existing_files_are_skipped_and_the_rest_written(tmp_path: Path) -> None:
    """An existing site_config.yml is kept as it is; missing files are still created."""
    (tmp_path / "site_config.yml").write_text("site_name: Mine\n", encoding="utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "skipped  site_config.yml (already exists, left unchanged)" in result.output
    assert (tmp_path / "site_config.yml").read_text(encoding="utf-8") == "site_name: Mine\n"
    assert (tmp_path / ".github/workflows/ci.yml").is_file()


def test_non_writable_folder_fails_in_one_line(tmp_path: Path) -> None:
    """A folder that refuses writes: one line naming it, exit 1, no traceback.

    As root, permission bits do not stop writes, so sysfs (read-only even for root) stands in.
    """
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):
        folder = Path("/sys")
    result = run("init", str(folder))
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"Error: {folder}") and "Traceback" not in result.output


def test_unknown_docs_dir_is_a_usage_error(tmp_path: Path) -> None:
    """--docs-dir naming no folder: usage error, exit 2, nothing written."""
    result = run("init", str(tmp_path), "--docs-dir", "docs")
    assert result.exit_code == 2
    assert "Invalid value for --docs-dir" in result.output and "does not exist" in result.output
    assert files_below(tmp_path) == {}


def test_help_shows_an_example() -> None:
    """`kbgen init --help` shows examples, --docs-dir included."""
    result = run("init", "--help")
    assert result.exit_code == 0
    assert "kbgen init my-help-centre" in result.output
    assert "kbgen init --docs-dir docs" in result.output


def test_docs_dir_recognises_govuk_tech_docs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tech Docs fields are found and written; every page, ERB ones too, can be judged."""
    shutil.copytree(GOVUK_SOURCE, tmp_path / "source")
    monkeypatch.chdir(tmp_path)
    result = run("init", "--docs-dir", "source")
    assert result.exit_code == 0, result.output
    pages = len([*GOVUK_SOURCE.rglob("*.html.md"), *GOVUK_SOURCE.rglob("*.html.md.erb")])
    assert pages == 34
    assert f"Scanned {pages} page(s) in source/ (3 ERB page(s)" in result.output
    assert "GOV.UK Tech Docs Template fields written to review.fields" in result.output
    assert f"{pages} of {pages} can be judged; 0 lack an owner, 0 lack a review date." in (
        result.output
    )
    data = yaml.safe_load((tmp_path / "site_config.yml").read_text(encoding="utf-8"))
    assert data["docs_dir"] == "source"
    assert data["review"]["fields"] == {
        "owner": "owner_slack",
        "last_reviewed": "last_reviewed_on",
        "review_every": "review_in",
    }
    assert data["content"]["patterns"] == ["*.md", "*.html.md.erb"]
    assert not (tmp_path / "content").exists()
    stale = run("stale", "--format", "json", "--as-of", "2020-11-04")
    assert stale.exit_code == 0, stale.output
    assert '"invalid": 0' in stale.output and f'"total": {pages}' in stale.output


def test_docs_dir_recognises_microsoft_learn(tmp_path: Path) -> None:
    """ms.author / ms.date are found; pages without a date or an owner are counted."""
    shutil.copytree(MSDOCS, tmp_path / "docs")
    result = run("init", str(tmp_path), "--docs-dir", "docs")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((tmp_path / "site_config.yml").read_text(encoding="utf-8"))
    assert data["review"]["fields"]["owner"] == "ms.author"
    assert data["review"]["fields"]["last_reviewed"] == "ms.date"
    pages = list(MSDOCS.rglob("*.md"))  # SOURCE.md at the top is a page too
    no_date = [p for p in pages if "\nms.date:" not in p.read_text(encoding="utf-8")]
    no_owner = [p for p in pages if "\nms.author:" not in p.read_text(encoding="utf-8")]
    assert f"Scanned {len(pages)} page(s) in docs/: Microsoft Learn" in result.output
    assert f"{len(no_owner)} lack an owner, {len(no_date)} lack a review date." in result.output


def test_docs_dir_recognises_kbgen_fields(tmp_path: Path) -> None:
    """A folder written with kbgen's own keys gets kbgen's field names."""
    page = "---\ntitle: A\nowner: team\nlast_reviewed: 2026-01-05\n---\n\nText.\n"
    (tmp_path / "docs/help").mkdir(parents=True)
    (tmp_path / "docs/help/a.md").write_text(page, encoding="utf-8")
    (tmp_path / "docs/help/b.md").write_text("---\ntitle: B\n---\n\nText.\n", encoding="utf-8")
    result = run("init", str(tmp_path), "--docs-dir", "docs")
    assert result.exit_code == 0, result.output
    assert "Scanned 2 page(s) in docs/: kbgen fields" in result.output
    assert "1 of 2 can be judged; 1 lack an owner, 1 lack a review date." in result.output
    data = yaml.safe_load((tmp_path / "site_config.yml").read_text(encoding="utf-8"))
    assert data["review"]["fields"]["owner"] == "owner"


def test_readme_shows_what_init_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's "Start a new help centre" output block is exactly what init prints."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Start a new help centre", 1)[1].split("\n## ", 1)[0]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    result = run("init", "my-help-centre", "--site-name", "Acme Help")
    assert result.stdout == shown
    assert section.index("pip install ./kbgen") < section.index("kbgen init my-help-centre")
    assert readme.index("## Start a new help centre") < readme.index("## Fork this repository")


@pytest.mark.parametrize("name", ["yes", "123", "null", "~", "2026-11-01", "Acme: Help", "#1 help"])
def test_any_site_name_reads_back_as_that_text(tmp_path: Path, name: str) -> None:
    """A name YAML would read as a flag, number, null or date is quoted in site_config.yml."""
    result = run("init", str(tmp_path / "kb"), "--site-name", name)
    assert result.exit_code == 0, result.output
    assert load_config(tmp_path / "kb" / "site_config.yml").site_name == name
