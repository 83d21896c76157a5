"""``content.patterns``: which file names are articles, for check, stale, review and build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kbgen.cli import main
from kbgen.config import ContentSettings, load_config, parse_config
from kbgen.content.articles import iter_markdown
from kbgen.content.link_index import site_linked_identifiers
from kbgen.errors import BuildError, ConfigError
from kbgen.mkdocs.build import build_site
from kbgen.review.promises import site_linking_files
from tests.conftest import FIXTURES, article

GOVUK_SOURCE = FIXTURES / "corpora" / "govuk-dev-manual" / "source"
ERB_PAGES = sorted(GOVUK_SOURCE.rglob("*.html.md.erb"))


def run(*args: str) -> Result:
    """Invoke the CLI in-process."""
    return CliRunner().invoke(main, list(args))


def config_with(content: object, tmp_path: Path) -> ContentSettings:
    """The content settings parsed from a config holding ``content: <content>``."""
    return parse_config({"site_name": "X", "content": content}, tmp_path / "c.yml").content


def test_default_patterns_cover_md_and_tech_docs_erb(tmp_path: Path) -> None:
    """By default `*.md` (so `*.html.md` too) and `*.html.md.erb` are articles."""
    settings = parse_config({"site_name": "X"}, tmp_path / "c.yml").content
    assert settings.patterns == ("*.md", "*.html.md.erb")
    names = ["a.md", "b.html.md", "c.html.md.erb", "d.markdown", "e.txt", "f.erb", "G.MD"]
    assert [name for name in names if settings.matches(name)] == ["a.md", "b.html.md",
                                                                  "c.html.md.erb"]  # fmt: skip


def test_patterns_are_configurable(tmp_path: Path) -> None:
    """A list or a single pattern replaces the default."""
    assert config_with({"patterns": ["*.markdown"]}, tmp_path).patterns == ("*.markdown",)
    assert config_with({"patterns": "*.html.md"}, tmp_path).matches("x.html.md")
    assert not config_with({"patterns": "*.html.md"}, tmp_path).matches("x.md")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"patterns": []}, "'content.patterns' must be a non-empty list of strings"),
        ({"patterns": [3]}, "'content.patterns' must be a non-empty list of strings"),
        ({"patterns": ["docs/*.md"]}, "'content.patterns' match file names: no '/' allowed"),
        ({"pattern": ["*.md"]}, "unknown key 'content.pattern'"),
        ("*.md", "'content' must be a mapping"),
    ],
)
def test_bad_patterns_are_config_errors(tmp_path: Path, content: object, message: str) -> None:
    """Wrong types, empty lists, paths and unknown keys name the key."""
    with pytest.raises(ConfigError, match=message):
        config_with(content, tmp_path)


def test_scan_finds_tech_docs_pages(tmp_path: Path) -> None:
    """iter_markdown yields `.html.md` and `.html.md.erb` pages, not the licence file."""
    found = list(iter_markdown(GOVUK_SOURCE.parent))
    assert len(found) == 35  # 31 .html.md, 3 .html.md.erb, SOURCE.md
    assert set(ERB_PAGES) <= set(found) and len(ERB_PAGES) == 3
    only_md = list(iter_markdown(GOVUK_SOURCE, content=ContentSettings(("*.html.md",))))
    assert len(only_md) == 31 and not set(ERB_PAGES) & set(only_md)


def test_stale_judges_every_tech_docs_page(tmp_path: Path) -> None:
    """`kbgen stale` on the Tech Docs `source/` folder judges all 34 pages (none invalid)."""
    config = tmp_path / "site_config.yml"
    config.write_text(
        f"site_name: Manual\ndocs_dir: {GOVUK_SOURCE}\nreview:\n  fields:\n    owner: owner_slack\n"
        "    last_reviewed: last_reviewed_on\n    review_every: review_in\n",
        encoding="utf-8",
    )
    result = run("stale", "--config", str(config), "--format", "csv", "--as-of", "2020-11-04")
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()[1:]
    assert len(rows) == 34
    assert not [row for row in rows if ",invalid," in row]
    assert "manual/load-testing.html.md.erb,Load Testing,#govuk-platform-health," in result.stdout


def test_check_reads_erb_pages_and_restricted_patterns_skip_them(tmp_path: Path) -> None:
    """`kbgen check` counts ERB pages by default; `content.patterns` can leave them out."""
    config = tmp_path / "site_config.yml"
    config.write_text(f"site_name: M\ndocs_dir: {GOVUK_SOURCE}\n", encoding="utf-8")
    assert "34 file(s)" in run("check", "--config", str(config)).output
    config.write_text(
        f"site_name: M\ndocs_dir: {GOVUK_SOURCE}\ncontent:\n  patterns: ['*.html.md']\n",
        encoding="utf-8",
    )
    assert "31 file(s)" in run("check", "--config", str(config)).output


def test_review_edits_an_erb_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`kbgen review` updates the date line of an ERB page like any other."""
    monkeypatch.chdir(tmp_path)  # no site_config.yml here: the file's own folder is the content
    page = tmp_path / "load-testing.html.md.erb"
    shutil.copy(GOVUK_SOURCE / "manual" / "load-testing.html.md.erb", page)
    result = run("review", str(page), "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert "\nlast_reviewed_on: 2026-11-20\n" in page.read_text(encoding="utf-8")


@pytest.fixture
def erb_site(make_site) -> Path:
    """A site with one plain article, one `.html.md` page and one ERB page."""
    erb = (GOVUK_SOURCE / "manual" / "load-testing.html.md.erb").read_text(encoding="utf-8")
    return make_site(
        {
            "help/plain.md": article("Plain"),
            "help/tech-docs.html.md": article("Tech docs page"),
            "help/load-testing.html.md.erb": erb,
        },
        config="site_name: Help\nreview:\n  fields:\n    owner: [owner, owner_slack]\n"
        "    last_reviewed: [last_reviewed, last_reviewed_on]\n",
    )


def test_build_skips_erb_pages_with_a_warning(erb_site: Path, tmp_path: Path, caplog) -> None:
    """ERB pages are not built and not copied; one warning names them; `.html.md` is built."""
    site = build_site(erb_site, tmp_path / "site")
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        "1 ERB page(s) skipped, not built (kbgen does not render ERB; check, stale and review "
        "still read them): help/load-testing.html.md.erb"
    ]
    assert not list(site.rglob("*.erb")) and not list(site.rglob("load-testing*"))
    assert "Tech docs page" in (site / "help/tech-docs.html").read_text("utf-8")  # its own name
    assert "Load Testing" not in (site / "help/index.html").read_text("utf-8")


def test_strict_build_fails_on_skipped_erb_pages(erb_site: Path, tmp_path: Path) -> None:
    """--strict turns the skipped-ERB warning into a failed build."""
    with pytest.raises(BuildError):
        build_site(erb_site, tmp_path / "site", strict=True)


def test_linear_pull_and_promises_read_the_configured_patterns(make_site) -> None:
    """The links a pull fetches and the files broken promises read follow content.patterns."""
    config = make_site(
        {
            "help/erb.html.md.erb": article("Tech Docs page", extra="linear: [ENG-2]"),
            "help/notes.md": article("Not an article here", extra="linear: [ENG-3]"),
        },
        config="site_name: Help\ncontent:\n  patterns: ['*.html.md.erb']\n",
    )
    site = load_config(config)
    assert site_linked_identifiers(site) == ("ENG-2",)
    assert [f.shown for f in site_linking_files(site)] == ["content/help/erb.html.md.erb"]
