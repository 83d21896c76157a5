"""Options shared by several commands, declared once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kbgen.config import DEFAULT_CONFIG_FILE, SiteConfig, load_config
from kbgen.errors import KbgenError

F = TypeVar("F", bound=Callable[..., Any])

config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CONFIG_FILE,
    show_default=True,
    help="The site configuration file.",
)


def load_config_or_exit(path: Path) -> SiteConfig:
    """Load site_config.yml, turning a config error into a one-line click error."""
    try:
        return load_config(path)
    except KbgenError as error:
        raise click.ClickException(str(error)) from None


def load_optional_config(path: Path, explicit: bool, have_paths: bool) -> SiteConfig | None:
    """The site config; None when it is absent and the command was given PATHS to read."""
    if not explicit and have_paths and not path.exists():
        return None
    return load_config_or_exit(path)


def config_was_given(ctx: click.Context) -> bool:
    """True when the user passed --config rather than relying on the default."""
    source = ctx.get_parameter_source("config_file")
    return source is not None and source.name == "COMMANDLINE"
