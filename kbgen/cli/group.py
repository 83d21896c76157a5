"""The one place a kbgen error becomes a one-line message and an exit code."""

from __future__ import annotations

from typing import Any

import click

from kbgen.errors import ConfigNotFoundError, KbgenError


class CommandFailed(click.ClickException):
    """A KbgenError shown as one ``Error: message`` line; exit 1."""

    exit_code = 1


class CalledInTheWrongPlace(CommandFailed):
    """No site_config.yml where the command looked: a usage problem; exit 2."""

    exit_code = 2


def one_line(error: KbgenError) -> CommandFailed:
    """The click exception for a kbgen error, chosen by the error's kind."""
    if isinstance(error, ConfigNotFoundError):
        return CalledInTheWrongPlace(str(error))
    return CommandFailed(str(error))


class KbgenGroup(click.Group):
    """A click group that turns any KbgenError raised by a subcommand into one line.

    Subcommands (and nested groups such as ``kbgen linear``) raise KbgenError subclasses and
    never translate them themselves: a missing site_config.yml exits 2 from every command,
    any other kbgen error exits 1, and no traceback is ever shown.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KbgenError as error:
            raise one_line(error) from None
