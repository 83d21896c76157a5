"""The ``kbgen`` command group: each subcommand lives in its own module and only wires."""

from __future__ import annotations

import click

from kbgen import __version__
from kbgen.cli.group import KbgenGroup

EPILOG = """\b
Exit codes: 0 success; 1 a check, build or gate failed; 2 usage error.
Run `kbgen COMMAND --help` for examples."""


COMMANDS = {
    name: f"kbgen.cli.{name}"
    for name in (
        "init",
        "build",
        "check",
        "insights",
        "linear",
        "mcp",
        "move",
        "new",
        "review",
        "serve",
        "stale",
    )
}


@click.group(
    cls=KbgenGroup,
    lazy_commands=COMMANDS,
    epilog=EPILOG,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="kbgen")
def main() -> None:
    """Build a support site from Markdown articles and a Linear roadmap, and keep it fresh."""
