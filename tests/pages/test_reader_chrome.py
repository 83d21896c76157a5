"""What readers see around an article: the trust line, notices and (no) developer chrome.

Real builds of small sites; each variant of the settings is its own build.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kbgen.cli import main
from kbgen.config import parse_config
from kbgen.config.review import STALE_NOTICES
from kbgen.errors import ConfigError
from kbgen.mkdocs.build import build_site
from kbgen.pages.feedback import WIDGET_HIDDEN_NOTE
from tests.conftest import article

OLD = "2020-01-15"
FILES = {
    "billing/_defaults.yml": "title: Billing\nowner: billing-team\n",
    "billing/old-prices.md": article("Old prices", last_reviewed=OLD, extra="tags: [money]"),
    "billing/refunds.md": article("Refunds", extra="tags: [money]"),
}
REPO = "repo_url: https://github.com/acme/help\n"


def build(root: Path, config: str, files: dict[str, str] = FILES) -> Path:
    """Write a site under ``root`` and build it strictly; the built folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site_config.yml").write_text(textwrap.dedent(config), encoding="utf-8")
    for name, text in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return build_site(root / "site_config.yml", root / "site", strict=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Builds a site per config text, once per module."""
    sites: dict[str, Path] = {}

    def site_for(config: str) -> Path:
        if config not in sites:
            sites[config] = build(tmp_path_factory.mktemp("chrome"), config)
        return sites[config]

    return site_for


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_trust_line_shows_last_review_never_next(built: Callable[[str], Path]) -> None:
    """The trust line says "Last reviewed <date>" and never "Next review"."""
    html = page(built("site_name: T\n"), "billing/old-prices")
    trust = html.split('class="kbgen-trust"', 1)[1].split("</p>", 1)[0]
    assert "Last reviewed" in trust and f'datetime="{OLD}"' in trust
    assert "Next review" not in html and "kbgen-trust__due" not in html


@pytest.mark.parametrize(
    ("setting", "owner_shown"), [("", True), ("review:\n  show_owner: false\n", False)]
)
def test_trust_line_owner_follows_show_owner(
    built: Callable[[str], Path], setting: str, owner_shown: bool
) -> None:
    """The owner's public name is on the trust line only with review.show_owner."""
    html = page(built("site_name: T\n" + setting), "billing/refunds")
    assert ("kbgen-trust__owner" in html) is owner_shown


@pytest.mark.parametrize(
    ("value", "calendar_notice"),
    [(None, False), ("changed", False), ("all", True), ("none", False), ("true", True),
     ("false", False)],
)  # fmt: skip
def test_calendar_notice_only_with_all(
    built: Callable[[str], Path], value: str | None, calendar_notice: bool
) -> None:
    """The "due for a review" notice shows only with show_stale_notice all (or true)."""
    setting = "" if value is None else f"review:\n  show_stale_notice: {value}\n"
    html = page(built("site_name: T\n" + setting), "billing/old-prices")
    assert ("kbgen-stale-notice" in html) is calendar_notice


@given(st.sampled_from([*STALE_NOTICES, True, False]))
def test_stale_notice_values_read(value: str | bool) -> None:
    """Each of changed/all/none is kept; true reads as all, false as none."""
    site = parse_config({"site_name": "T", "review": {"show_stale_notice": value}}, Path("c.yml"))
    expected = {True: "all", False: "none"}.get(value, value) if isinstance(value, bool) else value
    assert site.review.show_stale_notice == expected


@given(st.text(max_size=20).filter(lambda text: text not in STALE_NOTICES))
def test_other_stale_notice_values_refused(value: str) -> None:
    """Any other text is refused naming the key and the choices."""
    with pytest.raises(ConfigError, match=r"'review\.show_stale_notice' must be one of changed"):
        parse_config({"site_name": "T", "review": {"show_stale_notice": value}}, Path("c.yml"))


def test_no_developer_chrome_by_default(built: Callable[[str], Path]) -> None:
    """With repo_url set but nothing turned on: no repository badge, no pencil, no chips."""
    site = built("site_name: T\n" + REPO)
    for path in ("", "billing/", "billing/refunds"):
        html = page(site, path)
        assert "md-source" not in html and "github.com/acme" not in html
        assert "md-content__button" not in html
        assert 'class="md-tags"' not in html.split("<h1", 1)[0]


@pytest.mark.parametrize(
    ("setting", "repository", "edit"),
    [("show_repository: true", True, False), ("show_edit_link: true", False, True),
     ("show_repository: true\n  show_edit_link: true", True, True)],
)  # fmt: skip
def test_chrome_turned_on(
    built: Callable[[str], Path], setting: str, repository: bool, edit: bool
) -> None:
    """theme.show_repository brings the header link back, theme.show_edit_link the pencil."""
    html = page(built(f"site_name: T\n{REPO}theme:\n  {setting}\n"), "billing/refunds")
    assert ('class="md-source"' in html) is repository
    edit_url = "https://github.com/acme/help/edit/main/content/billing/refunds.md"
    assert (edit_url in html) is edit


def test_home_has_no_pager(built: Callable[[str], Path]) -> None:
    """The home page shows no "Next: ..." pager."""
    html = page(built("site_name: T\n"), "")
    footer_nav = html.split('class="md-footer__inner', 1)
    assert len(footer_nav) == 1 or footer_nav[1].split(">", 1)[0].rstrip().endswith("hidden")


FORM = "https://help.acme.example/feedback?t={title}&u={url}&p={path}"


@pytest.mark.parametrize(
    ("setting", "widget"),
    [("", False), (REPO, False), (f'feedback:\n  form_url: "{FORM}"\n', True),
     ("analytics:\n  provider: plausible\n  property: help.acme.example\n", True)],
)  # fmt: skip
def test_feedback_widget_only_where_it_lands(
    built: Callable[[str], Path], setting: str, widget: bool
) -> None:
    """The helpful widget is on articles only with a form or an analytics provider."""
    html = page(built("site_name: T\n" + setting), "billing/refunds")
    assert ("data-kb-feedback" in html) is widget
    assert "issues/new" not in html


def test_feedback_form_is_prefilled(built: Callable[[str], Path]) -> None:
    """The "No" link is feedback.form_url with the page's title and address filled in."""
    html = page(built(f'site_name: T\nfeedback:\n  form_url: "{FORM}"\n'), "billing/refunds")
    assert "https://help.acme.example/feedback?t=Refunds&amp;u=billing%2Frefunds%2F" in html


@pytest.mark.parametrize(
    ("config", "noted"),
    [("site_name: T\n", True), (f"site_name: T\n{REPO}", True),
     (f'site_name: T\nfeedback:\n  form_url: "{FORM}"\n', False),
     ("site_name: T\nanalytics:\n  provider: plausible\n  property: x.example\n", False)],
)  # fmt: skip
def test_check_notes_a_hidden_widget_once(tmp_path: Path, config: str, noted: bool) -> None:
    """kbgen check says once that the widget is hidden when neither destination is set."""
    (tmp_path / "site_config.yml").write_text(config, encoding="utf-8")
    (tmp_path / "content" / "help").mkdir(parents=True)
    (tmp_path / "content" / "help" / "a.md").write_text(article("A"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--config", str(tmp_path / "site_config.yml")])
    assert result.exit_code == 0, result.output
    assert result.stderr.count(WIDGET_HIDDEN_NOTE) == (1 if noted else 0)


@pytest.mark.parametrize("key", ["logo", "favicon"])
@pytest.mark.parametrize("value", ["missing.png", "assets/none.svg", "billing"])
def test_missing_logo_or_favicon_is_refused(tmp_path: Path, key: str, value: str) -> None:
    """A logo or favicon naming no file is one config:line error naming the key, in check
    and build alike (a folder is no file either)."""
    config = f"site_name: T\ntheme:\n  {key}: {value}\n"
    expected = rf"site_config\.yml:3: 'theme\.{key}' names no file in the content folder"
    (tmp_path / "site_config.yml").write_text(config, encoding="utf-8")
    (tmp_path / "content" / "billing").mkdir(parents=True)
    (tmp_path / "content" / "billing" / "a.md").write_text(article("A"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--config", str(tmp_path / "site_config.yml")])
    assert result.exit_code == 1
    assert len(re.findall(expected, result.output)) == 1, result.output
    with pytest.raises(ConfigError, match=expected):
        build_site(tmp_path / "site_config.yml", tmp_path / "site", strict=True)
    assert not (tmp_path / "site").exists()


def test_present_logo_is_used(tmp_path: Path) -> None:
    """A logo file that exists is accepted and shown in the header."""
    site = build(
        tmp_path,
        "site_name: T\ntheme:\n  logo: assets/logo.svg\n",
        {**FILES, "assets/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'},
    )
    assert 'src="../../assets/logo.svg"' in page(site, "billing/refunds")


def test_hex_palette_styles_every_page(built: Callable[[str], Path]) -> None:
    """A hex primary reaches the pages as Material's variables, on articles and the 404 page."""
    site = built('site_name: T\ntheme:\n  palette:\n    primary: "#ff5a1f"\n')
    for html in (page(site, "billing/refunds"), (site / "404.html").read_text("utf-8")):
        assert 'data-md-color-primary="custom"' in html
        assert "--md-primary-fg-color: #ff5a1f" in html
