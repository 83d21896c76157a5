"""The ``linear:`` section of site_config.yml, validated key by key."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from kbgen.config.source import ConfigSource
from kbgen.errors import ConfigError
from kbgen.paths import DEFAULT_SITE_DIR, Sources, is_within, path_text_problem, write_problem

DEFAULT_API_URL = "https://api.linear.app/graphql"
API_URL_VARIABLE = "KBGEN_LINEAR_API_URL"
MAX_PAGE_SIZE = 250
MAX_DAYS = 36_500
"""A window longer than a century is a typo (and past about 2.7 million days, an overflow)."""
MAX_TIMEOUT_SECONDS = 600.0
MAX_PULL_DEADLINE_SECONDS = 3600.0
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
DEFAULT_PROMISE_PHRASES = ("coming soon", "beta", "not yet available")


@dataclass(frozen=True, slots=True)
class LinearSettings:
    """What to pull from Linear and how; defaults match the README."""

    api_url: str = DEFAULT_API_URL
    public_label: str = "Public"
    teams: tuple[str, ...] = ()
    public_section: str = "Public"
    changelog_days: int = 365
    shipped_days: int = 30
    snapshot: Path = Path("data/linear-snapshot.json")
    links: Path = Path("data/linear-links.json")
    history: Path = Path("data/roadmap-history.json")
    promise_phrases: tuple[str, ...] = DEFAULT_PROMISE_PHRASES
    page_size: int = 100
    labels: tuple[str, ...] = ()
    show_request_counts: bool = False
    timeout_seconds: float = 30.0
    max_retries: int = 5
    pull_deadline_seconds: float = 300.0

    def snapshot_path(self, root: Path) -> Path:
        """The snapshot file against the folder holding site_config.yml (its folder resolved,
        never the file itself: a link there is refused, not followed)."""
        return data_path(root, self.snapshot)

    def links_path(self, root: Path) -> Path:
        """The linked-items file (freshness facts only), placed like the snapshot."""
        return data_path(root, self.links)

    def history_path(self, root: Path) -> Path:
        """The roadmap history file (public moves), placed like the snapshot."""
        return data_path(root, self.history)


DATA_KEYS = ("snapshot", "links", "history")


def data_path(root: Path, relative: Path) -> Path:
    """``root / relative`` with its folder's real path and the file's own name."""
    joined = root / relative
    return joined.parent.resolve() / joined.name


def check_data_paths(source: ConfigSource, settings: LinearSettings, sources: Sources) -> None:
    """Note each data file kbgen may not read or write (at its key's line): outside the
    project, a symlink, a folder, a source (content, overrides, this config) or the same
    file as another key."""
    seen: dict[Path, str] = {}
    site_folder = sources.root / DEFAULT_SITE_DIR
    for key in DATA_KEYS:
        relative = getattr(settings, key)
        path = data_path(sources.root, relative)
        problem = write_problem(path, sources, within=sources.project)
        if problem is None and is_within(str(path), os.path.realpath(site_folder)):
            problem = f"is inside the site folder {DEFAULT_SITE_DIR}/ (every build replaces it)"
        if problem is None and path in seen:
            problem = f"is the same file as 'linear.{seen[path]}'"
        seen.setdefault(path, key)
        if problem is not None:
            source.fail(("linear", key), f"'linear.{key}' {relative}: {problem}")


def parse_linear_settings(source: ConfigSource, data: object) -> LinearSettings:
    """Validate the ``linear:`` mapping, noting each bad key on ``source`` at its own line."""
    if data is None:
        return LinearSettings()
    if not isinstance(data, dict):
        source.fail(("linear",), "'linear' must be a mapping")
        return LinearSettings()
    values: dict[str, object] = {}
    for key, value in data.items():
        parser = _PARSERS.get(key)
        if parser is None:
            known = ", ".join(sorted(_PARSERS))
            source.fail(("linear", key), f"unknown key 'linear.{key}' (known keys: {known})")
            continue
        try:
            values[key] = parser(value)
        except ValueError as error:
            source.fail(("linear", key), f"'linear.{key}' {error}")
    return LinearSettings(**values)  # type: ignore[arg-type]


def with_environment(settings: LinearSettings, environ: Mapping[str, str]) -> LinearSettings:
    """Apply ``KBGEN_LINEAR_API_URL`` from the environment over ``linear.api_url``."""
    url = environ.get(API_URL_VARIABLE, "").strip()
    if not url:
        return settings
    try:
        return replace(settings, api_url=_api_url(url))
    except ValueError as error:
        raise ConfigError(f"{API_URL_VARIABLE} {error}") from None


def _api_url(value: object) -> str:
    """An https URL (plain http only to this machine, so the key never crosses a network)."""
    text = _text(value)
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not 0-65535
    except ValueError as error:
        raise ValueError(f"is not a valid URL ({error}), got {text!r}") from None
    if any(char.isspace() or ord(char) < 32 for char in text):
        raise ValueError(f"must not contain spaces or control characters, got {text!r}")
    if parts.scheme == "https" and parts.hostname:
        return text
    if parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS:
        return text
    raise ValueError(f"must be an https:// URL (http:// only for localhost), got {text!r}")


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a non-empty string, got {value!r}")
    return value.strip()


def _names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ValueError(f"must be a list of names, got {value!r}")
    return tuple(value)


def _whole(low: int, high: int) -> Callable[[object], int]:
    def parse(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be a whole number, got {_shown(value)}")
        if value < low or value > high:
            raise ValueError(f"must be between {low} and {high:,}, got {_shown(value)}")
        return value

    return parse


def _seconds(high: float, low: float = 0.0) -> Callable[[object], float]:
    """Seconds more than 0 (at least ``low`` when given) and at most ``high``."""
    bounds = f"at least {low:g}" if low else "more than 0"

    def parse(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"must be a number of seconds, got {_shown(value)}")
        if not (0 < value <= high and value >= low):  # also false for NaN
            raise ValueError(f"must be {bounds} and at most {high:g} seconds, got {_shown(value)}")
        return float(value)

    return parse


def _shown(value: object) -> str:
    """A value for an error message, never a traceback (a 5,000-digit number is cut short)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        return "a number of more than 30 digits"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {value!r}")
    return value


def _label(value: object) -> str:
    # The label is matched exactly, so surrounding spaces would be a silent mismatch.
    if not isinstance(value, str) or not value or value != value.strip():
        raise ValueError(f"must be a label name without surrounding spaces, got {value!r}")
    return value


def _data_file(value: object) -> Path:
    text = _text(value)
    if (problem := path_text_problem(text)) is not None:
        raise ValueError(f"{problem}, got {text[:80]!r}")
    return Path(text)


_PARSERS: dict[str, Callable[[object], object]] = {
    "api_url": _api_url,
    "public_label": _label,
    "teams": _names,
    "public_section": _text,
    "changelog_days": _whole(1, MAX_DAYS),
    "shipped_days": _whole(0, MAX_DAYS),
    "snapshot": _data_file,
    "links": _data_file,
    "history": _data_file,
    "promise_phrases": lambda value: tuple(name.strip() for name in _names(value)),
    "page_size": _whole(1, MAX_PAGE_SIZE),
    "labels": _names,
    "show_request_counts": _flag,
    "timeout_seconds": _seconds(MAX_TIMEOUT_SECONDS),
    "max_retries": _whole(0, 10),
    "pull_deadline_seconds": _seconds(MAX_PULL_DEADLINE_SECONDS, low=1.0),
}
