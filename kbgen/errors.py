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
    """Base class: a user-facing error with a one-line message and an exit code."""

    exit_code = 1


class ConfigError(KbgenError):
    """site_config.yml is missing, unreadable or invalid."""


class ContentError(KbgenError):
    """One or more articles are invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class BuildError(KbgenError):
    """The site could not be built; the previous site was left in place."""
