"""The one place a kbgen error becomes a one-line message and an exit code."""

from __future__ import annotations

import importlib
from typing import Any

import click

from kbgen.display_text import display_lines
from kbgen.errors import ConfigNotFoundError, KbgenError


class CommandFailed(click.ClickException):
    """A KbgenError shown as one ``Error: message`` line; exit 1."""

    exit_code = 1


class CalledInTheWrongPlace(CommandFailed):
    """No site_config.yml where the command looked: a usage problem; exit 2."""

    exit_code = 2


def one_line(error: KbgenError) -> CommandFailed:
    """The click exception for a kbgen error, chosen by the error's kind; its text (which
    may name files or quote values from outside) without control characters."""
    if isinstance(error, ConfigNotFoundError):
        return CalledInTheWrongPlace(display_lines(str(error)))
    return CommandFailed(display_lines(str(error)))


class KbgenGroup(click.Group):
    """The ``kbgen`` group: subcommands imported on first use, errors turned into one line.

    Each subcommand lives in its own module (``name -> "kbgen.cli.module"``), imported only
    when that command runs or help lists it, so ``kbgen stale`` never pays for mkdocs.
    Subcommands (and nested groups such as ``kbgen linear``) raise KbgenError subclasses and
    never translate them themselves: a missing site_config.yml exits 2 from every command,
    any other kbgen error exits 1, and no traceback is ever shown.
    """

    def __init__(self, *args: Any, lazy_commands: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            module = importlib.import_module(self.lazy_commands[cmd_name])
            self.add_command(module.command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KbgenError as error:
            raise one_line(error) from None
        except OSError as error:  # a file the command could not read or write: one line
            raise CommandFailed(display_lines(os_error_line(error))) from None


def os_error_line(error: OSError) -> str:
    """``path: reason`` for a file error no command translated itself."""
    reason = error.strerror or str(error)
    return f"{error.filename}: {reason}" if error.filename else reason
