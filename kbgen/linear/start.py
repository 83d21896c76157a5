"""How every pull starts: the settings with their environment overrides, the key, the client."""

from __future__ import annotations

from collections.abc import Mapping

from kbgen.config import SiteConfig
from kbgen.config.linear import LinearSettings, with_environment
from kbgen.linear.client import LinearClient
from kbgen.linear.errors import KEY_VARIABLE


def linear_settings(config: SiteConfig, environ: Mapping[str, str]) -> LinearSettings | None:
    """The validated ``linear:`` settings with environment overrides; None without the section."""
    if config.linear is None:
        return None
    return with_environment(config.linear, environ)


def api_key_of(environ: Mapping[str, str]) -> str:
    """The key in LINEAR_API_KEY, blanks stripped ('' when unset: forks' pull requests)."""
    return environ.get(KEY_VARIABLE, "").strip()


def make_client(settings: LinearSettings, api_key: str) -> LinearClient:
    """A client configured from the settings (timeouts, retries and the pull's deadline)."""
    return LinearClient(
        api_key,
        settings.api_url,
        timeout=settings.timeout_seconds,
        max_retries=settings.max_retries,
        pull_deadline=settings.pull_deadline_seconds,
    )
