"""site_config.yml -> SiteConfig: the one file users maintain, validated key by key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kbgen.errors import ConfigError
from kbgen.intervals import Interval, IntervalError, parse_interval

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
_REVIEW_KEYS: dict[str, type | tuple[type, ...]] = {
    "default_every": (str, int),
    "due_soon_days": int,
    "show_stale_notice": bool,
    "fields": dict,
    "date_formats": list,
}
_FIELD_KEYS = ("owner", "last_reviewed", "review_every")
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "owner": ("owner", "owner_slack", "ms.author", "author"),
    "last_reviewed": ("last_reviewed", "last_reviewed_on", "ms.date"),
    "review_every": ("review_every", "review_in"),
}
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")


@dataclass(frozen=True, slots=True)
class FieldNames:
    """Which frontmatter keys hold each review field; the first key present wins."""

    owner: tuple[str, ...] = DEFAULT_FIELDS["owner"]
    last_reviewed: tuple[str, ...] = DEFAULT_FIELDS["last_reviewed"]
    review_every: tuple[str, ...] = DEFAULT_FIELDS["review_every"]


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    """How articles are judged for freshness."""

    default_every: Interval = field(default_factory=lambda: parse_interval("3 months"))
    due_soon_days: int = 14
    show_stale_notice: bool = True
    fields: FieldNames = field(default_factory=FieldNames)
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Validated site settings; ``raw`` keeps the user's mapping for adapters."""

    path: Path
    site_name: str
    docs_dir: Path
    review: ReviewPolicy
    raw: Mapping[str, Any]

    @property
    def root(self) -> Path:
        """The folder holding site_config.yml: relative paths resolve against it."""
        return self.path.parent

    def get(self, key: str, default: Any = None) -> Any:
        """Return a top-level setting as the user wrote it."""
        return self.raw.get(key, default)


def load_config(path: str | Path = DEFAULT_CONFIG_FILE) -> SiteConfig:
    """Read and validate site_config.yml; raise ConfigError naming the file and key."""
    config_path = Path(path).resolve()
    try:
        text = config_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found (pass --config FILE)") from None
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
    check_keys(data.get("theme") or {}, _THEME_KEYS, where, prefix="theme.")
    check_keys(data.get("theme", {}).get("palette") or {}, _PALETTE_KEYS, where, "theme.palette.")
    check_keys(data.get("feedback") or {}, _FEEDBACK_KEYS, where, prefix="feedback.")
    check_analytics(data.get("analytics") or {}, where)
    if "linear" in data:
        from kbgen.linear.settings import parse_linear_settings

        parse_linear_settings(data["linear"], where)
    return SiteConfig(
        path=path,
        site_name=data["site_name"],
        docs_dir=(path.parent / data.get("docs_dir", "content")).resolve(),
        review=parse_review(data.get("review") or {}, where),
        raw=data,
    )


def check_keys(
    data: Mapping[str, Any],
    allowed: Mapping[str, type | tuple[type, ...]],
    where: str,
    prefix: str,
) -> None:
    """Raise ConfigError for the first unknown key or wrongly typed value."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: '{prefix.rstrip('.')}' must be a mapping")
    for key, value in data.items():
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise ConfigError(f"{where}: unknown key '{prefix}{key}' (known keys: {known})")
        expected = allowed[key]
        if isinstance(value, bool) and expected is not bool:
            expected_ok = False
        else:
            expected_ok = isinstance(value, expected)
        if not expected_ok:
            raise ConfigError(
                f"{where}: '{prefix}{key}' must be {type_name(expected)}, "
                f"got {type(value).__name__} {value!r}"
            )


def type_name(expected: type | tuple[type, ...]) -> str:
    """Name a type (or types) the way a config author would: 'a string', 'a mapping'."""
    names = {str: "a string", int: "a whole number", bool: "true or false",
             dict: "a mapping", list: "a list"}  # fmt: skip
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(names.get(kind, kind.__name__) for kind in types)


def check_analytics(data: Mapping[str, Any], where: str) -> None:
    """Validate the optional analytics provider that also receives feedback answers."""
    check_keys(data, _ANALYTICS_KEYS, where, prefix="analytics.")
    provider = data.get("provider")
    if provider is not None and provider not in _ANALYTICS_PROVIDERS:
        choices = ", ".join(_ANALYTICS_PROVIDERS)
        raise ConfigError(f"{where}: 'analytics.provider' must be one of {choices}")


def parse_review(data: Mapping[str, Any], where: str) -> ReviewPolicy:
    """Validate the ``review:`` section into a ReviewPolicy."""
    check_keys(data, _REVIEW_KEYS, where, prefix="review.")
    defaults = ReviewPolicy()
    try:
        every = parse_interval(data["default_every"]) if "default_every" in data else None
    except IntervalError as error:
        raise ConfigError(f"{where}: 'review.default_every': {error}") from None
    due_soon = data.get("due_soon_days", defaults.due_soon_days)
    if due_soon < 0:
        raise ConfigError(f"{where}: 'review.due_soon_days' must be zero or more")
    return ReviewPolicy(
        default_every=every or defaults.default_every,
        due_soon_days=due_soon,
        show_stale_notice=data.get("show_stale_notice", defaults.show_stale_notice),
        fields=parse_fields(data.get("fields") or {}, where),
        date_formats=parse_string_list(data, "date_formats", where) or defaults.date_formats,
    )


def parse_fields(data: Mapping[str, Any], where: str) -> FieldNames:
    """Validate ``review.fields``: each a key name or a list of key names."""
    check_keys(data, dict.fromkeys(_FIELD_KEYS, (str, list)), where, prefix="review.fields.")
    names = {key: parse_string_list(data, key, where, "review.fields.") for key in data}
    return FieldNames(**{key: value for key, value in names.items() if value})


def parse_string_list(
    data: Mapping[str, Any], key: str, where: str, prefix: str = "review."
) -> tuple[str, ...]:
    """Return ``data[key]`` as a tuple of strings (a lone string counts as one)."""
    value = data.get(key)
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not items or not all(isinstance(item, str) and item for item in items):
        raise ConfigError(f"{where}: '{prefix}{key}' must be a non-empty list of strings")
    return tuple(items)
