"""A site whose articles link public and private Linear items, pulled and built once per module.

The workspace is the seeded emulator workspace plus the linked items of
``linear_emulator.links``; between the first pull and the build, one public issue moves
column and one public project gets a new target, so the roadmap history has moves.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml
from click.testing import CliRunner, Result
from linear_emulator import TEST_KEY, LinearEmulator, generate_workspace
from linear_emulator.links import LinkedIds, add_linked_items

from kbgen.cli import main
from kbgen.mkdocs.build import build_site
from tests.conftest import article

SITE_NAME = "Tallyflow Help Centre"
HOSTILE_ARTICLE = "Export <b>bold</b> & {{ 7*7 }} guide"
# Windows reaching back to September 2026 whatever today is: the linked items (shipped in
# November 2026) stay in the changelog, the workspace's too-old item (2025) never enters it.
WINDOW = (date.today() - date(2026, 9, 1)).days
LINEAR = {
    "max_retries": 0,
    "timeout_seconds": 20,
    "changelog_days": WINDOW,
    "shipped_days": WINDOW,
    "labels": ["Invoicing", "Payments"],
}


@dataclass
class LinkedSite:
    """Paths and identifiers of the pulled and built site, and everything it logged."""

    root: Path
    config: Path
    site: Path
    ids: LinkedIds
    emulator: LinearEmulator
    logs: list[str] = field(default_factory=list)

    def stale(self, *args: str) -> Result:
        """``kbgen stale`` on the site (offline: no key, no URL)."""
        runner = CliRunner()
        return runner.invoke(main, ["stale", "--config", str(self.config), *args])

    def linear(self, *args: str) -> Result:
        """``kbgen linear ...`` against the emulator."""
        env = {"LINEAR_API_KEY": TEST_KEY, "KBGEN_LINEAR_API_URL": self.emulator.url}
        return CliRunner().invoke(main, ["linear", *args, "--config", str(self.config)], env=env)


def articles(ids: LinkedIds) -> dict[str, str]:
    """Articles linking the items in every way that matters."""
    body = "How to do it.\n"

    def linked(title: str, reviewed: str, links: list[str], text: str = body) -> str:
        return article(title, last_reviewed=reviewed, extra=f"linear: {links}", body=text)

    return {
        "billing/export.md": linked("Export invoices", "2026-11-02", [ids.public_shipped]),
        "billing/hostile.md": linked(f"'{HOSTILE_ARTICLE}'", "2026-11-02", [ids.public_shipped]),
        "billing/private.md": linked("Finance close", "2026-11-01", [ids.private_shipped]),
        "billing/after.md": linked("Reviewed after", "2026-11-21", [ids.public_shipped]),
        "billing/open.md": linked("Open work", "2026-11-01", [ids.public_open]),
        "billing/old.md": linked("Old article", "2026-05-01", [ids.public_shipped]),
        "billing/projects.md": linked(
            "Payment links",
            "2026-11-01",
            [ids.private_project_shipped, ids.public_project_shipped],
        ),
        "billing/promise.md": linked(
            "Bulk export",
            "2026-11-21",
            [ids.public_shipped],
            "Bulk export is coming soon.\n\nIt is in Beta for now.\n",
        ),
        "billing/missing.md": linked("Missing link", "2026-11-21", ["ENG-9999"]),
        "billing/plain.md": article("Plain", last_reviewed="2026-11-21"),
    }


def write_linked_site(root: Path, ids: LinkedIds) -> Path:
    """site_config.yml and the articles."""
    config = root / "site_config.yml"
    data = {"site_name": SITE_NAME, "site_url": "https://help.tallyflow.example/", "linear": LINEAR}
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    for name, text in articles(ids).items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return config


class _Collect(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())


def make_linked_site(root: Path) -> Iterator[LinkedSite]:
    """Pull, move some roadmap items, build with a pull; yield the result (emulator running)."""
    workspace = generate_workspace()
    ids = add_linked_items(workspace)
    config = write_linked_site(root, ids)
    with LinearEmulator(workspace, TEST_KEY) as emulator:
        linked = LinkedSite(root, config, root / "site", ids, emulator)
        first = linked.linear("pull")
        assert first.exit_code == 0, first.output
        linked.logs += [first.stdout, first.stderr]
        _move_items(linked)
        handler = _Collect(linked.logs)
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        saved = {key: os.environ.get(key) for key in ("LINEAR_API_KEY", "KBGEN_LINEAR_API_URL")}
        os.environ.update({"LINEAR_API_KEY": TEST_KEY, "KBGEN_LINEAR_API_URL": emulator.url})
        try:
            build_site(config, linked.site)
        finally:
            logger.removeHandler(handler)
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        yield linked


def _move_items(site: LinkedSite) -> None:
    """One public planned issue starts; the late project's target moves."""
    workspace = site.emulator.workspace
    planned = next(issue for issue in workspace.issues if issue.expect == "planned")
    planned.state_type = "started"
    planned.expect = "in_progress"
    late = next(p for p in workspace.projects if p.slug_id == site.ids.public_project_late)
    late.target_date = date(2026, 10, 15) + timedelta(days=1)
