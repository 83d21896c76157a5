"""``kbgen build``: build the site into a temporary folder and swap it in on success."""

from __future__ import annotations

from pathlib import Path

import click

from kbgen.cli.logs import mkdocs_logging
from kbgen.cli.options import config_option
from kbgen.mkdocs.build import build_site
from kbgen.mkdocs.url_record import save_published_urls


@click.command(
    "build",
    epilog="""\b
Examples:
  kbgen build                       # builds ./site from site_config.yml
  kbgen build --strict              # fail on any warning (CI)
  kbgen build --site-dir public --config site_config.yml
  LINEAR_API_KEY=lin_api_... kbgen build   # pull the roadmap from Linear first

\b
The site folder must be new, empty or built by kbgen (it holds a .kbgen-site marker), and
outside the content folder; the project, its config folder, home and / are refused.

\b
Exit codes: 0 built; 1 build failed or site folder refused (the previous site is left
untouched).""",
)
@click.option("--strict", is_flag=True, help="Treat every warning as an error.")
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: site/ beside the config).",
)
@click.option("-q", "--quiet", is_flag=True, help="Only print warnings and errors.")
@config_option
def command(strict: bool, site_dir: Path | None, quiet: bool, config_file: Path) -> None:
    """Build the knowledge base, roadmap and changelog into a static site."""
    with mkdocs_logging(quiet):
        target = build_site(config_file, site_dir, strict)
        save_published_urls(config_file)  # only now: the new site is in place
    if not quiet:
        click.echo(f"Site built in {target}", err=True)
