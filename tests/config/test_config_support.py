"""site_config.yml sections of issue 12: support, owners, feedback reasons, analytics endpoint."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kbgen.config import load_config
from kbgen.config.feedback import DEFAULT_REASONS
from kbgen.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    """Write a site_config.yml and return its path."""
    path = tmp_path / "site_config.yml"
    path.write_text("site_name: Help\n" + text, encoding="utf-8")
    return path


def test_support_defaults_to_no_channel(tmp_path: Path) -> None:
    """Without support:, there is no support URL and the label is "Contact support"."""
    config = load_config(write(tmp_path, ""))
    assert config.support.url is None
    assert config.support.label == "Contact support"


@pytest.mark.parametrize(
    "url",
    [
        "https://tallyflow.example/support?topic={title}&q={query}",
        "http://intranet.example/help",
        "mailto:help@tallyflow.example?subject={title}&body={url}%20{path}",
    ],
)
def test_support_url_accepts_http_and_mailto(tmp_path: Path, url: str) -> None:
    """http(s) and mailto: templates with the four placeholders are accepted as written."""
    config = load_config(write(tmp_path, f'support:\n  url: "{url}"\n  label: Ask us\n'))
    assert config.support.url == url
    assert config.support.label == "Ask us"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'support:\n  url: "javascript:alert(1)"\n',
            "'support.url' must be an absolute http: or https: or mailto: URL",
        ),
        (
            'support:\n  url: "ftp://x.example/"\n',
            "'support.url' must be an absolute http: or https: or mailto: URL",
        ),
        (
            'support:\n  url: "/support"\n',
            "'support.url' must be an absolute http: or https: or mailto: URL",
        ),
        ('support:\n  url: "https://x.example/?u={user}"\n', "unknown placeholder {user}"),
        ("support:\n  mail: x\n", "unknown key 'support.mail'"),
        ("owners:\n  billing-team: {contact: x}\n", "'owners.billing-team.name' is required"),
        ("owners:\n  billing-team: [a]\n", "'owners.billing-team' must be a public name"),
        (
            "owners:\n  billing-team: {name: B, slack: x}\n",
            "unknown key 'owners.billing-team.slack'",
        ),
        ("feedback:\n  reasons: []\n", "'feedback.reasons' must list at least one reason"),
        ("feedback:\n  reasons: [Old, old]\n", "'feedback.reasons' has the same id twice"),
        ("feedback:\n  reasons: [{id: x}]\n", "'feedback.reasons[0].label' must be"),
        ("analytics:\n  provider: custom\n", "'analytics.endpoint' is required"),
        (
            "analytics:\n  provider: custom\n  endpoint: ftp://x\n",
            "'analytics.endpoint' must be an absolute http: or https: URL",
        ),
        ("review:\n  show_owner: no-thanks\n", "'review.show_owner' must be true or false"),
    ],
)
def test_bad_issue12_settings_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    """Each bad value is a ConfigError naming the file, the line and the key."""
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert message in str(caught.value)
    assert re.match(rf"{re.escape(str(path))}:\d+: ", str(caught.value))


def test_every_bad_setting_is_reported_at_once(tmp_path: Path) -> None:
    """Problems in support, owners and feedback come together, one line each, in file order."""
    path = write(
        tmp_path,
        'support:\n  url: "ftp://x.example/"\nowners:\n  team: {contact: x}\n'
        "feedback:\n  reasons: [7]\n",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    lines = str(caught.value).splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [f"{path}:3", f"{path}:5", f"{path}:7"]


def test_owners_map_names_and_contacts(tmp_path: Path) -> None:
    """owners: takes a public name, or a mapping with name and an optional contact."""
    config = load_config(
        write(
            tmp_path,
            'owners:\n  "@maria-chen": {name: Billing team, contact: "#billing"}\n'
            "  identity-team: Accounts team\n",
        )
    )
    assert config.owners["@maria-chen"].name == "Billing team"
    assert config.owners["@maria-chen"].contact == "#billing"
    assert config.owners["identity-team"].name == "Accounts team"
    assert config.owners["identity-team"].contact is None


def test_feedback_reasons_default_and_custom(tmp_path: Path) -> None:
    """The four default reasons; a custom list of labels gets ids derived from the labels."""
    assert [r.id for r in load_config(write(tmp_path, "")).feedback.reasons] == [
        "outdated",
        "unclear",
        "not-solved",
        "other",
    ]
    assert load_config(write(tmp_path, "")).feedback.reasons == DEFAULT_REASONS
    config = load_config(
        write(
            tmp_path, 'feedback:\n  reasons: ["Didn\'t solve my problem", {id: old, label: Old}]\n'
        )
    )
    assert [(r.id, r.label) for r in config.feedback.reasons] == [
        ("didnt-solve-my-problem", "Didn't solve my problem"),
        ("old", "Old"),
    ]


def test_custom_analytics_endpoint_and_show_owner(tmp_path: Path) -> None:
    """provider custom keeps its endpoint; review.show_owner false is kept."""
    config = load_config(
        write(
            tmp_path,
            "analytics:\n  provider: custom\n  endpoint: https://collect.example/kb\n"
            "review:\n  show_owner: false\n",
        )
    )
    assert config.analytics.endpoint == "https://collect.example/kb"
    assert config.review.show_owner is False
