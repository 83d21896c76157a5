"""The one place a kbgen error becomes a one-line message and an exit code."""

from __future__ import annotations

from typing import Any

import click

from kbgen.errors import ConfigNotFoundError, KbgenError

USAGE_EXIT = 2
FAILURE_EXIT = 1


class KbgenError1Line(click.ClickException):
    """A KbgenError shown as ``Error: message`` with the exit code its kind calls for."""

    def __init__(self, error: KbgenError) -> None:
        super().__init__(str(error))
        self.exit_code = USAGE_EXIT if isinstance(error, ConfigNotFoundError) else FAILURE_EXIT


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
            raise KbgenError1Line(error) from None
