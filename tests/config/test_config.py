"""site_config.yml validation: defaults, unknown keys and wrong types named precisely."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.config import load_config
from kbgen.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    """Write a site_config.yml and return its path."""
    path = tmp_path / "site_config.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_only_site_name_gives_defaults(tmp_path: Path) -> None:
    """A file with just site_name uses content/, 3 months and a 14-day window."""
    config = load_config(write(tmp_path, "site_name: Help\n"))
    assert config.docs_dir == (tmp_path / "content").resolve()
    assert (config.review.default_every.months, config.review.default_every.days) == (3, 0)
    assert config.review.due_soon_days == 14
    assert config.review.show_stale_notice == "changed"


def test_field_mapping_and_date_formats(tmp_path: Path) -> None:
    """review.fields and review.date_formats accept a name or a list of names."""
    config = load_config(
        write(
            tmp_path,
            """\
site_name: Help
review:
  default_every: 6 months
  fields:
    owner: owner_slack
    last_reviewed: [last_reviewed_on, ms.date]
  date_formats: ["%d.%m.%Y"]
""",
        )
    )
    assert config.review.fields.owner == ("owner_slack",)
    assert config.review.fields.last_reviewed == ("last_reviewed_on", "ms.date")
    assert config.review.fields.review_every == ("review_every", "review_in")
    assert config.review.date_formats == ("%d.%m.%Y",)
    assert config.review.default_every.months == 6


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("site_name: H\nsite_nmae: typo\n", "unknown key 'site_nmae'"),
        ("site_name: H\nreview:\n  due_soon: 3\n", "unknown key 'review.due_soon'"),
        (
            "site_name: H\nreview:\n  due_soon_days: soon\n",
            "'review.due_soon_days' must be a whole number",
        ),
        (
            "site_name: H\nreview:\n  show_stale_notice: 1\n",
            "'review.show_stale_notice' must be a string or true or false",
        ),
        (
            "site_name: H\nreview:\n  default_every: fortnightly\n",
            "'review.default_every': unknown review interval",
        ),
        (
            "site_name: H\ntheme:\n  palette:\n    primary: 3\n",
            "'theme.palette.primary' must be a string",
        ),
        ("site_name: H\ntheme: dark\n", "'theme' must be a mapping"),
        ("site_name: H\nanalytics:\n  provider: matomo\n", "'analytics.provider' must be one of"),
        ("site_url: https://x\n", "'site_name' is required"),
        ("- a list\n", "must be a mapping"),
        ("site_name: [unclosed\n", "invalid YAML"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    """Every invalid setting raises one ConfigError naming the file and the key."""
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_missing_config_file(tmp_path: Path) -> None:
    """A missing file is a clear error, not a traceback."""
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yml")


BAD_VALUES = [
    ("extra_css: [1]\n", 2, "'extra_css[0]' must be a string"),
    ("extra_css: [a.css, {x: 1}]\n", 2, "'extra_css[1]' must be a string"),
    ("extra_javascript: [https://cdn.example/x.js]\n", 2, "no third-party requests"),
    ("extra_css: ['x.css\" onload=\"alert(1)']\n", 2, "'extra_css[0]' must be a path without"),
    ("extra_css: [../../etc/x.css]\n", 2, "'extra_css[0]' must not climb out"),
    # a browser reads %2e%2e as '..', and a path ends at '?' or '#' (issue 17, round 2)
    ("extra_css: ['%2e%2e/x.css']\n", 2, "'extra_css[0]' must not climb out"),
    ("extra_javascript: ['a/%2E%2e/%2e%2E/x.js']\n", 2, "'extra_javascript[0]' must not climb"),
    ("extra_css: ['..?x.css']\n", 2, "'extra_css[0]' must not climb out"),
    ("theme:\n  logo: '..#x.png'\n", 3, "'theme.logo' must not climb out"),
    ("theme:\n  language: ../x\n", 3, "'theme.language' must be a language code"),
    ("theme:\n  language: /etc/passwd\n", 3, "'theme.language' must be a language code"),
    ("theme:\n  language: xx\n", 3, "'theme.language' must be a language code"),
    ("theme:\n  language: 5\n", 3, "'theme.language' must be a string"),
    ("theme:\n  features: [1]\n", 3, "'theme.features[0]' must be a string"),
    ("theme:\n  features: ['a\"><b']\n", 3, "'theme.features[0]' must be a Material feature"),
    ("theme:\n  logo: 'x\" onerror=\"alert(1)'\n", 3, "'theme.logo' must be a path without"),
    ("theme:\n  favicon: https://cdn.example/f.png\n", 3, "'theme.favicon' must be a path"),
    ("theme:\n  palette:\n    primary: 'red\"><script>'\n", 4, "'theme.palette.primary' must be"),
    ("review:\n  default_every: 99999 years\n", 3, "'review.default_every' must be at most"),
    ("review:\n  default_every: 999999999 days\n", 3, "'review.default_every' must be at most"),
    ("review:\n  default_every: [1]\n", 3, "'review.default_every' must be a string"),
    ("review:\n  due_soon_days: 99999999999\n", 3, "'review.due_soon_days' must be between"),
    ("review:\n  due_soon_days: -1\n", 3, "'review.due_soon_days' must be between"),
    ("review:\n  date_formats: [1]\n", 3, "'review.date_formats' must be a non-empty list"),
    ("review:\n  date_formats: [plain]\n", 3, "'review.date_formats' must be formats"),
    ("review:\n  fields:\n    owner: [1]\n", 4, "'review.fields.owner' must be a non-empty list"),
    ("1: x\n", 2, "keys must be text, got 1 at the top level"),
    ("null: x\n", 2, "keys must be text, got None at the top level"),
    ("theme:\n  true: x\n", 3, "keys must be text, got True in 'theme'"),
    ("markdown_extensions: [1]\n", 2, "'markdown_extensions[0]' must be an extension name"),
    ("markdown_extensions: [{toc: 3}]\n", 2, "'markdown_extensions[0]' must be an extension"),
    ("markdown_extensions: [no_such_extension]\n", 2, "names no installed Markdown extension"),
    ("site_url: 'javascript:alert(1)'\n", 2, "'site_url' must be an absolute http: or https:"),
    ("repo_url: 'https://x.example/a\"><b'\n", 2, "'repo_url' must be a URL without"),
    ("edit_uri: 'javascript:alert(1)'\n", 2, "'edit_uri' must be an absolute http"),
    ("analytics:\n  provider: google\n  property: 'x\");alert(1);//'\n", 4, "'analytics.property'"),
    ("docs_dir: ''\n", 2, "'docs_dir' must be a folder beside site_config.yml"),
    ("docs_dir: /\n", 2, "'docs_dir' must be a folder beside site_config.yml"),
    ("linear: 5\n", 2, "'linear' must be a mapping"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_VALUES)
def test_bad_value_names_key_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    """A bad value is a ConfigError located as path:line, naming the key."""
    path = write(tmp_path, "site_name: Help\n" + text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value).startswith(f"{path.resolve()}:{line}: ")
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("# nothing but a comment\n", "the file is empty"),
        ("- a list\n", "must be a mapping of settings"),
        ("just text\n", "must be a mapping of settings"),
        ("site_name: ''\n", "'site_name' must not be empty"),
        ("[a]: 1\n", "invalid YAML"),
        ("site_name: " + "[" * 5000 + "\n", "invalid YAML"),
    ],
)
def test_unusable_file_is_one_error(tmp_path: Path, text: str, message: str) -> None:
    """Empty files, non-mappings and unreadable YAML are one clear error each."""
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(path)


def test_alias_bomb_is_reported_briefly(tmp_path: Path) -> None:
    """A value built from nested aliases is named in a short message, not expanded."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")]
    path = write(tmp_path, "\n".join(lines) + "\nsite_name: *i\n")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    line = next(line for line in str(error.value).splitlines() if "'site_name'" in line)
    assert "must be a string" in line and len(line) < 300


def test_every_problem_at_once(tmp_path: Path) -> None:
    """All bad settings are reported together, in file order."""
    path = write(
        tmp_path,
        "site_name: Help\nextra_css: [1]\ntheme:\n  language: ../x\nfeedback:\n"
        "  form_url: 'javascript:alert(1)'\n",
    )
    with pytest.raises(ConfigError) as error:
        load_config(path)
    lines = str(error.value).splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{path.resolve()}:{n}" for n in (2, 4, 6)
    ]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "\tjavascript:alert(1)",
        "java\nscript:alert(1)",
        "javascript&#58;alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/form",
        "https:no-host",
        "mailto:",
        "forms/feedback",
    ],
)
def test_feedback_form_url_rejects_scripts(tmp_path: Path, url: str) -> None:
    """feedback.form_url must be an http(s) or mailto link, whatever its case or disguise."""
    path = write(tmp_path, f"site_name: Help\nfeedback:\n  form_url: {json.dumps(url)}\n")
    with pytest.raises(ConfigError, match=r":3: 'feedback.form_url' must "):
        load_config(path)


@pytest.mark.parametrize(
    "url",
    [
        "https://forms.example/feedback?title={title}&page={url}",
        "HTTP://forms.example/f",
        "mailto:help@tallyflow.example?subject={title}",
    ],
)
def test_feedback_form_url_accepts_links(tmp_path: Path, url: str) -> None:
    """http(s) and mailto form URLs (with placeholders) are accepted as written."""
    config = load_config(
        write(tmp_path, f"site_name: H\nfeedback:\n  form_url: {json.dumps(url)}\n")
    )
    assert config.feedback.form_url == url


def test_good_theme_values_are_accepted(tmp_path: Path) -> None:
    """Real Material languages, colours, features, installed extensions and a logo file pass."""
    (tmp_path / "content" / "assets").mkdir(parents=True)
    (tmp_path / "content" / "assets" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    config = load_config(
        write(
            tmp_path,
            "site_name: H\ntheme:\n  language: pt-BR\n  features: [navigation.tabs.sticky]\n"
            "  palette: {primary: deep orange, accent: blue grey}\n  logo: assets/logo.svg\n"
            "markdown_extensions: [pymdownx.emoji, {toc: {permalink: true}}, smarty]\n"
            "extra_css: [assets/site.css]\nreview:\n  default_every: 10 years\n",
        )
    )
    assert config.review.default_every.months == 120


@pytest.mark.parametrize(("command", "code"), [("check", 1), ("build", 1), ("stale", 2)])
@pytest.mark.parametrize(("text", "line", "message"), BAD_VALUES)
def test_commands_exit_1_on_bad_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, code: int, text: str,
    line: int, message: str,
) -> None:  # fmt: skip
    """check and build exit 1 (stale: 2, a usage error) with the located message, no traceback."""
    write(tmp_path, "site_name: Help\n" + text)
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [command], catch_exceptions=False)
    assert result.exit_code == code
    assert f"site_config.yml:{line}: " in result.output and message in result.output


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("review:\n  due_soon_days: " + "9" * 5000 + "\n", 3),
        ("home:\n  featured: [" + "9" * 5000 + "]\n", 3),
        ("owners:\n  a@b.c: {slack: -" + "9" * 4999 + "}\n", 3),
        ("redirects:\n  /a/: 0x" + "f" * 4998 + "\n", 3),
    ],
    ids=["review-number", "list-item", "nested-negative", "hex"],
)
def test_a_number_too_long_to_read_is_a_line_error(tmp_path: Path, text: str, line: int) -> None:
    """An integer of thousands of digits is site_config.yml:LINE, never Python's ValueError."""
    path = write(tmp_path, "site_name: x\n" + text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    expected = f"site_config.yml:{line}: invalid YAML: a number of 5,000 characters"
    assert expected in str(raised.value)
