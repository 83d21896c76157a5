"""``kbgen insights``: what readers could not find, and which articles left them stuck."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click

from kbgen.cli.options import bad_config_is_usage_error, config_option, write_report
from kbgen.config import load_config
from kbgen.display_text import display_text
from kbgen.insights.load import insights_for_site
from kbgen.insights.render import FORMATS, render


@click.command(
    "insights",
    epilog="""\b
Examples:
  kbgen insights events.jsonl                 # table: gaps, articles, summary
  kbgen insights events.jsonl --since 2026-11-01 --format markdown > insights.md
  kbgen insights export.csv --format json --output insights.json

\b
EVENTS are JSON Lines (one object per line, as the site sends them) or CSV
(.csv, a header with the columns event,ts,page,query,results,helpful,reason):
  {"event": "kb_search", "query": "refund vat", "results": 0, "ts": "2026-11-20T10:00:00Z"}
  {"event": "kb_feedback", "page": "/billing/refunds/", "helpful": false, "reason": "outdated"}
  {"event": "kb_contact", "page": "/billing/refunds/", "query": "refund vat"}

\b
Malformed lines are reported as file:line: message and skipped. Events for
pages the site no longer has are counted under "unknown pages".

\b
Exit codes: 0 report written (even with skipped lines); 2 usage error
(bad option, missing file, invalid site_config.yml).""",
)
@click.argument(
    "events", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@config_option
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="DATE",
    help="Only events from this day on (YYYY-MM-DD; events without ts are left out).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here, not stdout."
)
@click.pass_context
def command(
    ctx: click.Context,
    events: tuple[Path, ...],
    config_file: Path,
    since: datetime | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Report content gaps and per-article resolution from exported reader events."""
    with bad_config_is_usage_error(ctx):
        site = load_config(config_file)
    today = datetime.now(timezone.utc).date()
    report, problems = insights_for_site(events, site, today, since.date() if since else None)
    for problem in problems:
        click.echo(display_text(f"warning: {problem}"), err=True)
    write_report(render(report, fmt), output, site.sources)
