"""Errors kbgen raises at its boundaries, and the content problems it reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input file, located as precisely as known."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class KbgenError(Exception):
    """Base class: a user-facing error with a one-line message (the CLI adds the exit code)."""


class ConfigError(KbgenError):
    """site_config.yml is unreadable or invalid."""


class ConfigNotFoundError(ConfigError):
    """site_config.yml does not exist: the command was run in the wrong place (exit 2)."""


class BuildError(KbgenError):
    """The site could not be built; the previous site was left in place."""
