"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.config import DEFAULT_CONFIG_FILE, SiteConfig, load_config

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
