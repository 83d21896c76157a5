"""The ``linear:`` section of site_config.yml: defaults, validation, environment overrides."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from linear_emulator.sites import parse_linear, write_site

from kbgen.config import load_config
from kbgen.config.linear import (
    DEFAULT_API_URL,
    LinearSettings,
    with_environment,
)
from kbgen.errors import ConfigError

WHERE = "site_config.yml"
KNOWN = {f.name for f in dataclasses.fields(LinearSettings)}


def test_defaults_match_the_documentation() -> None:
    """An empty section gives the documented defaults."""
    settings = parse_linear({})
    assert settings == LinearSettings()
    assert settings.api_url == DEFAULT_API_URL
    assert (settings.public_label, settings.public_section) == ("Public", "Public")
    assert (settings.changelog_days, settings.shipped_days, settings.page_size) == (365, 30, 100)
    assert settings.snapshot == Path("data/linear-snapshot.json")


def test_every_key_is_read() -> None:
    """Each documented key lands in LinearSettings."""
    settings = parse_linear(
        {
            "api_url": "https://linear.example/graphql",
            "public_label": "Roadmap",
            "teams": ["ENG", "WEB"],
            "public_section": "Customer summary",
            "changelog_days": 180,
            "shipped_days": 14,
            "snapshot": "roadmap/snap.json",
            "page_size": 250,
            "labels": ["Invoicing"],
            "show_request_counts": True,
            "timeout_seconds": 5,
            "max_retries": 2,
        },
        WHERE,
    )
    assert settings.teams == ("ENG", "WEB") and settings.labels == ("Invoicing",)
    assert settings.page_size == 250 and settings.timeout_seconds == 5.0
    assert settings.snapshot_path(Path("/site")) == Path("/site/roadmap/snap.json")


def test_unknown_key_is_named() -> None:
    """A typo names the key with its section."""
    with pytest.raises(ConfigError, match=r"site_config.yml: unknown key 'linear.foo'"):
        parse_linear({"foo": 1})


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("page_size", 251, "between 1 and 250"),
        ("page_size", 0, "between 1 and 250"),
        ("changelog_days", "365", "whole number"),
        ("shipped_days", True, "whole number"),
        ("teams", [1], "list of names"),
        ("public_label", " Public", "surrounding spaces"),
        ("show_request_counts", "yes", "true or false"),
        ("timeout_seconds", 0, "more than 0"),
        ("timeout_seconds", float("inf"), "at most 600"),
        ("timeout_seconds", float("nan"), "at most 600"),
        ("changelog_days", 10_000_000_000, "between 1 and 36,500"),
        ("changelog_days", 10**40, "more than 30 digits"),
        ("shipped_days", 36_501, "between 0 and 36,500"),
        ("max_retries", 10**40, "between 0 and 10"),
        ("api_url", "http://api.linear.app/graphql", "https"),
        ("api_url", "ftp://x", "https"),
    ],
)
def test_bad_values_name_the_key(key: str, value: object, message: str) -> None:
    """Wrong types and ranges are errors naming 'linear.<key>'."""
    with pytest.raises(ConfigError, match=rf"'linear\.{key}'.*{message}"):
        parse_linear({key: value})


def test_a_lone_name_counts_as_a_list() -> None:
    """teams: ENG means the one team ENG."""
    assert parse_linear({"teams": "ENG"}).teams == ("ENG",)


def test_plain_http_is_allowed_only_to_this_machine() -> None:
    """http:// reaches only loopback, so a key is never sent in clear over a network."""
    settings = parse_linear({"api_url": "http://127.0.0.1:9/graphql"})
    assert settings.api_url == "http://127.0.0.1:9/graphql"


def test_environment_overrides_the_api_url() -> None:
    """KBGEN_LINEAR_API_URL wins over linear.api_url; empty means unset."""
    settings = LinearSettings()
    changed = with_environment(settings, {"KBGEN_LINEAR_API_URL": "http://localhost:8080/graphql"})
    assert changed.api_url == "http://localhost:8080/graphql"
    assert with_environment(settings, {"KBGEN_LINEAR_API_URL": ""}) == settings


def test_bad_environment_url_names_the_variable() -> None:
    """A bad override names the environment variable, not the config key."""
    with pytest.raises(ConfigError, match="KBGEN_LINEAR_API_URL must be an https"):
        with_environment(LinearSettings(), {"KBGEN_LINEAR_API_URL": "http://evil.example/"})


def test_load_config_validates_the_section(tmp_path: Path) -> None:
    """site_config.yml loading rejects a bad linear section with the file and key."""
    config = write_site(tmp_path, {"page_size": 1000})
    with pytest.raises(ConfigError, match=r"site_config.yml:3: 'linear.page_size' must be between"):
        load_config(config)


def test_every_bad_key_is_reported_at_its_own_line(tmp_path: Path) -> None:
    """Three mistakes in the section: three lines, each at its key, in file order."""
    config = write_site(tmp_path, {"page_size": 0, "labels": "Billing", "tiemout": 5, "teams": [1]})
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    assert str(raised.value).splitlines() == [
        f"{config}:3: 'linear.page_size' must be between 1 and 250, got 0",
        f"{config}:5: unknown key 'linear.tiemout' (known keys: {', '.join(sorted(KNOWN))})",
        f"{config}:6: 'linear.teams' must be a list of names, got [1]",
    ]
