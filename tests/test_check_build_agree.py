"""``check`` and ``build`` judge the same files the same way (issue 17, item 9).

The Markdown files check validates are exactly the pages build publishes (``content.patterns``);
config the build would reject (a module that is no Markdown extension, a bad option,
``pymdownx.snippets`` outside a contained folder: tests/hostile/config/) and a frontmatter
``template:`` the theme lacks fail ``check`` with ``path:line`` and fail the build the same way.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kbgen.cli import main
from kbgen.config import load_config
from kbgen.content.articles import iter_markdown
from kbgen.errors import ConfigError
from kbgen.mkdocs.build import build_site
from kbgen.mkdocs.page_snippets import MissingSnippetError
from kbgen.mkdocs.page_templates import MissingTemplateError
from tests.conftest import article

HOSTILE_CONFIGS = sorted((Path(__file__).parent / "hostile" / "config").glob("*.yml"))


def check(config: Path, *args: str) -> Result:
    """``kbgen check`` on the site of ``config``."""
    return CliRunner().invoke(main, ["check", "--config", str(config), *args])


def write(root: Path, files: dict[str, str]) -> None:
    """Write ``files`` (paths relative to ``root``)."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def built_pages(site_dir: Path) -> set[str]:
    """The pages of a built site as stems: ``billing/refunds`` for ``billing/refunds/index.html``,
    ``billing/refunds.html/index.html`` and ``billing/refunds.html`` alike."""
    pages = set()
    for page in site_dir.rglob("*.html"):
        stem = page.relative_to(site_dir).as_posix().removesuffix(".html")
        pages.add(stem.removesuffix("index").removesuffix("/").removesuffix(".html"))
    return pages


# --- content.patterns: the pages check validates are the pages build publishes --------------

PATTERN_FILES = {
    "billing/refunds.html.md": article("Refunds"),
    "billing/vat.html.md": article("VAT"),
    "billing/draft-notes.md": "no frontmatter, never checked\n",
    "billing/old.markdown": "---\ntitle: [unclosed\n---\n",
    "billing/notes.md.txt": "plain text\n",
    "account/login.html.md": article("Sign in"),
    "account/scratch.md": "---\nowner: [\n---\n",
}


@pytest.fixture(scope="module")
def pattern_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A site whose articles are ``*.html.md``, with plain ``.md`` and ``.markdown`` beside them,
    built once."""
    root = tmp_path_factory.mktemp("patterns")
    (root / "site_config.yml").write_text(
        "site_name: Patterns\ncontent:\n  patterns: ['*.html.md']\n", encoding="utf-8"
    )
    write(root / "content", PATTERN_FILES)
    return root / "site_config.yml", build_site(root / "site_config.yml", root / "site")


def test_check_passes_and_validates_only_matching_files(pattern_site: tuple[Path, Path]) -> None:
    """The broken ``draft-notes.md`` and ``scratch.md`` are not articles: check is clean."""
    config, _ = pattern_site
    result = check(config)
    assert result.exit_code == 0, result.output
    assert "3 file(s) OK" in result.stderr


@pytest.mark.parametrize(
    "left_out", ["billing/draft-notes", "billing/old", "account/scratch", "billing/notes.md"]
)
def test_files_the_patterns_do_not_match_are_not_published(
    pattern_site: tuple[Path, Path], left_out: str
) -> None:
    """A Markdown file check never validated has no page (nor a raw copy) on the site."""
    _, site_dir = pattern_site
    assert left_out not in built_pages(site_dir)
    assert not any(site_dir.rglob(Path(left_out).name + ".md"))
    assert not any(site_dir.rglob(Path(left_out).name + ".markdown"))


def test_published_pages_are_exactly_the_checked_ones(pattern_site: tuple[Path, Path]) -> None:
    """Every article page built comes from a file iter_markdown yields, and every such file
    is built."""
    config, site_dir = pattern_site
    site = load_config(config)
    checked = {
        path.relative_to(site.docs_dir).as_posix().removesuffix(".html.md")
        for path in iter_markdown(site.docs_dir, articles_only=True, content=site.content)
    }
    article_pages = {page for page in built_pages(site_dir) if page.count("/") == 1}
    assert article_pages == checked == {"billing/refunds", "billing/vat", "account/login"}


# --- markdown_extensions and snippets: tests/hostile/config/ ---------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with one article and the folders the hostile configs point at."""
    write(tmp_path / "content", {"help/ok.md": article("Fine")})
    write(tmp_path, {".env": "SECRET=1\n", ".git/config": "[core]\n", "snips/notice.md": "Hi\n"})
    write(tmp_path, {"leaky/.env": "SECRET=1\n", "leaky/notice.md": "Hi\n"})
    (tmp_path / "linky").mkdir()
    (tmp_path / "linky" / "config.md").symlink_to(tmp_path / "site_config.yml")
    (tmp_path / "snips-link").symlink_to(tmp_path)
    (tmp_path / "hardy").mkdir()
    os.link(tmp_path / ".env", tmp_path / "hardy" / "notes.md")
    return tmp_path


@pytest.mark.parametrize("hostile", HOSTILE_CONFIGS, ids=[path.stem for path in HOSTILE_CONFIGS])
def test_hostile_config_fails_check_and_build_naming_the_key(project: Path, hostile: Path) -> None:
    """Each hostile config: check exits 1 with ``path:line: 'markdown_extensions[N]' ...``
    (the line of the item), and the build refuses with the same line, before writing."""
    config = project / "site_config.yml"
    shutil.copy(hostile, config)
    item_line = next(
        number
        for number, line in enumerate(hostile.read_text("utf-8").splitlines(), start=1)
        if line.endswith("# refused")
    )
    result = check(config)
    assert result.exit_code == 1, result.output
    expected = re.compile(rf"site_config\.yml:{item_line}: 'markdown_extensions\[\d\]' \S")
    assert expected.search(result.output), result.output
    assert "Traceback" not in result.output
    with pytest.raises(ConfigError, match=rf"site_config\.yml:{item_line}: 'markdown_ext"):
        build_site(config, project / "site")
    assert not (project / "site").exists()


SAFE_SNIPPETS = (
    "site_name: Snips\nmarkdown_extensions:\n  - pymdownx.snippets:\n"
    "      base_path: snips\n      check_paths: true\n"
)


def test_contained_snippets_build_from_any_working_directory(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clean folder inside the project is accepted; base_path is the project's folder even
    when kbgen runs elsewhere."""
    config = project / "site_config.yml"
    config.write_text(SAFE_SNIPPETS, encoding="utf-8")
    write(project / "content", {"help/ok.md": article("Fine", body='--8<-- "notice.md"\n')})
    assert check(config).exit_code == 0
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    built = build_site(config, project / "site")
    assert "Hi" in (built / "help/ok/index.html").read_text("utf-8")


@pytest.mark.parametrize(
    "include",
    ["../.env", "../site_config.yml", "../.git/config", "/etc/passwd", "../leaky/.env"],
)
def test_snippets_never_include_a_file_outside_their_folder(project: Path, include: str) -> None:
    """An include reaching outside the folder fails check and build with the page's
    ``path:line``; nothing is built and no secret is shown."""
    config = project / "site_config.yml"
    config.write_text(SAFE_SNIPPETS, encoding="utf-8")
    body = f'Intro.\n\n--8<-- "{include}"\n'
    write(project / "content", {"help/ok.md": article("Fine", body=body)})
    line = article("Fine", body=body).splitlines().index(f'--8<-- "{include}"') + 1
    result = check(config)
    assert result.exit_code == 1
    assert f"ok.md:{line}: snippet: Snippet at path '{include}' could not be found" in result.output
    with pytest.raises(MissingSnippetError, match=rf"ok\.md:{line}: snippet: ") as failure:
        build_site(config, project / "site")
    assert "SECRET" not in str(failure.value) and "[core]" not in str(failure.value)
    assert "SECRET" not in result.output and not (project / "site").exists()


# --- frontmatter template: ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nope.html", "names no template of the theme or overrides/: 'nope.html'"),
        ("partials/nope.html", "names no template"),
        ("../../../etc/passwd", "must be a template file name inside the theme"),
        ("/etc/passwd", "must be a template file name inside the theme"),
        ("partials/../../x.html", "must be a template file name inside the theme"),
        ("3", "must be a template file name such as 'main.html', got 3"),
        ("[main.html]", "must be a template file name"),
        ('""', "must be a template file name"),
        ('"a\\0b.html"', "must be a template file name inside the theme"),
        ('"main\\x1b[2J.html"', "must be a template file name inside the theme"),
        ("x" * 300 + ".html", "must be a template file name inside the theme"),
    ],
)
def test_missing_template_fails_check_and_build_with_its_line(
    project: Path, value: str, message: str
) -> None:
    """``template:`` naming no template: check and build both say ``path:line: 'template'``."""
    config = project / "site_config.yml"
    config.write_text("site_name: T\n", encoding="utf-8")
    page = project / "content" / "help" / "odd.md"
    page.write_text(article("Odd", extra=f"template: {value}"), encoding="utf-8")
    line = page.read_text("utf-8").splitlines().index(f"template: {value}") + 1
    result = check(config)
    assert result.exit_code == 1
    assert f"odd.md:{line}: 'template' {message}" in result.output, result.output
    with pytest.raises(MissingTemplateError, match=rf"odd\.md:{line}: 'template' "):
        build_site(config, project / "site")
    assert not (project / "site").exists()


def test_a_template_the_theme_or_overrides_has_is_accepted(project: Path) -> None:
    """Material's ``main.html`` and a site's own ``overrides/`` template both pass check."""
    config = project / "site_config.yml"
    config.write_text("site_name: T\n", encoding="utf-8")
    write(project, {"overrides/landing.html": '{% extends "main.html" %}\n'})
    write(project / "content", {"help/a.md": article("A", extra="template: main.html")})
    write(project / "content", {"help/b.md": article("B", extra="template: landing.html")})
    result = check(config)
    assert result.exit_code == 0, result.output
    assert os.path.isdir(project / "overrides")
