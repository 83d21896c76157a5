"""site_config.yml -> SiteConfig: the one file users maintain, validated key by key, read once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kbgen.config.checks import check_keys
from kbgen.config.linear import LinearSettings, parse_linear_settings
from kbgen.config.review import ReviewPolicy, parse_review
from kbgen.errors import ConfigError, ConfigNotFoundError

DEFAULT_CONFIG_FILE = "site_config.yml"

_SITE_KEYS: dict[str, type | tuple[type, ...]] = {
    "site_name": str,
    "site_url": str,
    "site_description": str,
    "site_author": str,
    "copyright": str,
    "repo_url": str,
    "repo_name": str,
    "edit_uri": str,
    "docs_dir": str,
    "theme": dict,
    "extra_css": list,
    "extra_javascript": list,
    "markdown_extensions": list,
    "feedback": dict,
    "analytics": dict,
    "review": dict,
    "linear": dict,
}
_THEME_KEYS: dict[str, type | tuple[type, ...]] = {
    "palette": dict,
    "logo": str,
    "favicon": str,
    "language": str,
    "features": list,
}
_PALETTE_KEYS = {"primary": str, "accent": str}
_FEEDBACK_KEYS = {"form_url": str}
_ANALYTICS_KEYS = {"provider": str, "property": str}
_ANALYTICS_PROVIDERS = ("google", "plausible", "custom")
PASSTHROUGH_KEYS = ("site_url", "site_description", "site_author", "copyright", "repo_url",
                    "repo_name", "edit_uri")  # fmt: skip
DEFAULT_PALETTE = {"primary": "indigo", "accent": "indigo"}


@dataclass(frozen=True, slots=True)
class ThemeSettings:
    """The ``theme:`` section: Material colours and the few extras kbgen passes on."""

    primary: str = DEFAULT_PALETTE["primary"]
    accent: str = DEFAULT_PALETTE["accent"]
    language: str = "en"
    logo: str | None = None
    favicon: str | None = None
    features: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FeedbackSettings:
    """The ``feedback:`` section: where "No" on *Was this page helpful?* links."""

    form_url: str | None = None


@dataclass(frozen=True, slots=True)
class AnalyticsSettings:
    """The ``analytics:`` section: a provider the site owner chose, or none."""

    provider: str | None = None
    property: str | None = None


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Validated site settings, one typed section per part of site_config.yml."""

    path: Path
    site_name: str
    docs_dir: Path
    review: ReviewPolicy = field(default_factory=ReviewPolicy)
    theme: ThemeSettings = field(default_factory=ThemeSettings)
    feedback: FeedbackSettings = field(default_factory=FeedbackSettings)
    analytics: AnalyticsSettings = field(default_factory=AnalyticsSettings)
    linear: LinearSettings | None = None
    mkdocs: dict[str, str] = field(default_factory=dict)
    """The MkDocs settings passed through as written (site_url, repo_url, ...)."""
    extra_css: tuple[str, ...] = ()
    extra_javascript: tuple[str, ...] = ()
    markdown_extensions: tuple[Any, ...] = ()

    @property
    def root(self) -> Path:
        """The folder holding site_config.yml: relative paths resolve against it."""
        return self.path.parent

    @property
    def site_url(self) -> str | None:
        """The public URL, when the site owner set one."""
        return self.mkdocs.get("site_url")

    @property
    def site_description(self) -> str | None:
        """The one-line description shown on the home page."""
        return self.mkdocs.get("site_description")

    @property
    def repo_url(self) -> str | None:
        """The source repository, for "edit this page" links."""
        return self.mkdocs.get("repo_url")


def load_config(path: str | Path = DEFAULT_CONFIG_FILE) -> SiteConfig:
    """Read and validate site_config.yml; raise ConfigError naming the file and key."""
    config_path = Path(path).resolve()
    try:
        text = config_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigNotFoundError(f"{path}: config file not found (pass --config FILE)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read config file: {error}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: invalid YAML: {error}") from None
    except ValueError as error:
        raise ConfigError(f"{path}: invalid value: {error}") from None
    return parse_config(data, config_path)


def parse_config(data: object, path: Path) -> SiteConfig:
    """Validate an already-parsed mapping as a site configuration."""
    where = str(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a mapping of settings, starting with site_name")
    check_keys(data, _SITE_KEYS, where, prefix="")
    if "site_name" not in data:
        raise ConfigError(f"{where}: 'site_name' is required")
    return SiteConfig(
        path=path,
        site_name=data["site_name"],
        docs_dir=(path.parent / data.get("docs_dir", "content")).resolve(),
        review=parse_review(data.get("review") or {}, where),
        theme=parse_theme(data.get("theme") or {}, where),
        feedback=FeedbackSettings(**parse_section(data, "feedback", _FEEDBACK_KEYS, where)),
        analytics=parse_analytics(data.get("analytics") or {}, where),
        linear=parse_linear_settings(data["linear"], where) if "linear" in data else None,
        mkdocs={key: data[key] for key in PASSTHROUGH_KEYS if key in data},
        extra_css=tuple(data.get("extra_css", ())),
        extra_javascript=tuple(data.get("extra_javascript", ())),
        markdown_extensions=tuple(data.get("markdown_extensions", ())),
    )


def parse_section(
    data: dict[str, Any], key: str, allowed: Mapping[str, type | tuple[type, ...]], where: str
) -> dict[str, Any]:
    """A simple section's mapping, each key checked; empty when the section is absent."""
    section = data.get(key) or {}
    check_keys(section, allowed, where, prefix=f"{key}.")
    return dict(section)


def parse_theme(data: dict[str, Any], where: str) -> ThemeSettings:
    """Validate the ``theme:`` section."""
    check_keys(data, _THEME_KEYS, where, prefix="theme.")
    palette = data.get("palette") or {}
    check_keys(palette, _PALETTE_KEYS, where, "theme.palette.")
    defaults = ThemeSettings()
    return ThemeSettings(
        primary=palette.get("primary", defaults.primary),
        accent=palette.get("accent", defaults.accent),
        language=data.get("language", defaults.language),
        logo=data.get("logo"),
        favicon=data.get("favicon"),
        features=tuple(data.get("features", ())),
    )


def parse_analytics(data: dict[str, Any], where: str) -> AnalyticsSettings:
    """Validate the optional analytics provider that also receives feedback answers."""
    check_keys(data, _ANALYTICS_KEYS, where, prefix="analytics.")
    provider = data.get("provider")
    if provider is not None and provider not in _ANALYTICS_PROVIDERS:
        choices = ", ".join(_ANALYTICS_PROVIDERS)
        raise ConfigError(f"{where}: 'analytics.provider' must be one of {choices}")
    return AnalyticsSettings(provider=provider, property=data.get("property"))
