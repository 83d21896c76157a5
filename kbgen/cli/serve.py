"""``kbgen serve``: live preview that rebuilds on every content or config change."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.cli.logs import mkdocs_logging
from kbgen.cli.options import config_option
from kbgen.mkdocs.build import serve_site


@click.command(
    "serve",
    epilog="""\b
Examples:
  kbgen serve                         # http://127.0.0.1:8000/
  kbgen serve --dev-addr 0.0.0.0:8080 --open

\b
Exit codes: 0 stopped with Ctrl+C; 1 the site could not be built.""",
)
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@config_option
def command(dev_addr: str | None, open_browser: bool, config_file: Path) -> None:
    """Preview the site locally, reloading pages when articles or site_config.yml change."""
    with mkdocs_logging():
        serve_site(config_file, dev_addr, open_browser)
