"""Options shared by several commands, declared once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from kbgen.atomic import write_atomic
from kbgen.config import DEFAULT_CONFIG_FILE, SiteConfig, load_config
from kbgen.errors import ConfigError, ConfigNotFoundError, KbgenError
from kbgen.paths import Sources

config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CONFIG_FILE,
    show_default=True,
    help="The site configuration file.",
)


def load_optional_config(path: Path, explicit: bool, have_paths: bool) -> SiteConfig | None:
    """The site config; None when it is absent and the command was given PATHS to read."""
    if not explicit and have_paths and not path.exists():
        return None
    return load_config(path)


def config_was_given(ctx: click.Context) -> bool:
    """True when the user passed --config rather than relying on the default."""
    source = ctx.get_parameter_source("config_file")
    return source is not None and source.name == "COMMANDLINE"


@contextmanager
def bad_config_is_usage_error(ctx: click.Context) -> Iterator[None]:
    """For report commands: an invalid site_config.yml is a usage error (exit 2); a missing
    one exits 2 as from every command."""
    try:
        yield
    except ConfigNotFoundError:
        raise
    except ConfigError as error:
        raise click.UsageError(str(error), ctx) from None


def write_report(text: str, output: Path | None, sources: Sources | None = None) -> None:
    """Print the report, or write it atomically to ``output`` under kbgen's path policy:
    never through a link, never over ``sources``; a failed write is one line."""
    if output is None:
        click.echo(text, nl=False)
        return
    if not output.parent.is_dir():
        raise click.UsageError(f"--output: folder {output.parent} does not exist")
    try:
        write_atomic(output, text.encode("utf-8", "surrogateescape"), sources)
    except OSError as error:
        raise KbgenError(f"--output {output}: cannot write: {error.strerror or error}") from None
