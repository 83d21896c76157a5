"""site_config.yml validation: defaults, unknown keys and wrong types named precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    assert config.review.show_stale_notice is True


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
            "'review.show_stale_notice' must be true or false",
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
