"""``kbgen mcp``: a read-only MCP server over stdio for a team's own assistants."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from kbgen.cli.logs import mkdocs_logging
from kbgen.cli.options import config_option
from kbgen.config import load_config
from kbgen.errors import KbgenError
from kbgen.linear.errors import KEY_VARIABLE
from kbgen.mkdocs.build import build_site

INSTALL_HINT = "kbgen mcp needs the MCP SDK: pip install 'kbgen[mcp]'"


class McpMissingError(KbgenError):
    """The optional MCP SDK is not installed."""


@click.command(
    "mcp",
    epilog="""\b
Examples:
  kbgen mcp                          # build into a temporary folder, then serve it
  kbgen mcp --site-dir site          # serve the site `kbgen build` already wrote
  kbgen mcp --config help/site_config.yml

\b
An MCP client starts it (stdin/stdout carry the protocol; messages go to stderr):
  {"mcpServers": {"help-centre": {"command": "kbgen",
     "args": ["mcp", "--config", "/path/to/site_config.yml"]}}}

\b
Tools (all read-only): search(query): the site search's own ranking;
article(path_or_url): an article's Markdown twin;
stale(owner?): the stale report's records, as `kbgen stale --format json`;
roadmap(item?): the public roadmap from the snapshot.
Without --site-dir the site is built first (offline: LINEAR_API_KEY is ignored,
the roadmap comes from the snapshot), so answers match the sources as they are.

\b
Exit codes: 0 the client closed the connection; 1 the site could not be built or
read, or the MCP SDK is missing (install it with pip install 'kbgen[mcp]').""",
)
@config_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Serve this built site instead of building one into a temporary folder.",
)
def command(config_file: Path, site_dir: Path | None) -> None:
    """Serve the help centre to AI assistants over stdio (Model Context Protocol)."""
    try:
        from kbgen.assistants.server import Project, serve_stdio
    except ImportError as error:
        if (error.name or "").partition(".")[0] in ("mcp", "mcp_types", "pydantic", "anyio"):
            raise McpMissingError(INSTALL_HINT) from None
        raise
    from kbgen.assistants.knowledge import load_published

    site = load_config(config_file)
    with built_site(config_file, site_dir) as folder:
        project = Project(site, load_published(folder, site.site_url))
        click.echo(
            f"kbgen mcp: serving {site.site_name} ({len(project.articles.records)} articles "
            f"from {folder}) over stdio",
            err=True,
        )
        serve_stdio(project)


@contextmanager
def built_site(config_file: Path, site_dir: Path | None) -> Iterator[Path]:
    """``site_dir`` as given, or a fresh offline build in a temporary folder removed after."""
    if site_dir is not None:
        yield site_dir
        return
    os.environ.pop(KEY_VARIABLE, None)  # read-only: never pull from Linear, never write data/
    with tempfile.TemporaryDirectory(prefix="kbgen-mcp-") as temporary:
        with mkdocs_logging(quiet=True):
            built = build_site(config_file, Path(temporary) / "site")
        yield built
