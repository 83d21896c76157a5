"""site_config.yml is read once per command: the typed SiteConfig travels, nothing re-reads it."""

from __future__ import annotations

import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.linear_data.link_data import LinkedItem, make_link_data, write_link_data
from tests.conftest import article

_WATCHED: dict[str, int] = {}


def _count_opens(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and args and str(args[0]) in _WATCHED:
        _WATCHED[str(args[0])] += 1


sys.addaudithook(_count_opens)  # audit hooks cannot be removed: this one only counts


@pytest.fixture
def count_reads():
    """Count every ``open`` of the given file while the test runs."""

    def watch(path: Path) -> dict[str, int]:
        _WATCHED[str(path.resolve())] = 0
        return _WATCHED

    yield watch
    _WATCHED.clear()


def test_one_build_reads_site_config_once(make_site, count_reads, tmp_path: Path) -> None:
    """``kbgen build`` opens site_config.yml exactly once, roadmap section included."""
    snapshot = Path(__file__).parents[2] / "data" / "linear-snapshot.json"
    config = make_site(
        {"help/a.md": article("A"), "help/b.md": article("B")},
        config="site_name: Help\nlinear:\n  snapshot: data/linear-snapshot.json\n",
    )
    (config.parent / "data").mkdir(exist_ok=True)
    shutil.copyfile(snapshot, config.parent / "data" / "linear-snapshot.json")
    reads = count_reads(config)
    result = CliRunner().invoke(
        main, ["build", "--config", str(config), "--site-dir", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "roadmap" / "index.html").is_file()
    assert reads[str(config.resolve())] == 1


@pytest.mark.parametrize("command", [["check"], ["stale"]])
def test_reporting_commands_read_site_config_once(
    make_site, count_reads, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """``check`` and ``stale`` open site_config.yml once too."""
    config = make_site({"help/a.md": article("A")})
    monkeypatch.chdir(config.parent)
    reads = count_reads(config)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    assert reads[str(config.resolve())] == 1


def test_stale_reads_the_link_data_once(make_site, count_reads, monkeypatch) -> None:
    """``kbgen stale`` reads the last pull's link data once, for the statuses and the promises."""
    config = make_site(
        {"help/a.md": article("A", extra="linear: [ENG-1]", body="Coming soon.\n")},
        config="site_name: Help\nlinear:\n  snapshot: data/linear-snapshot.json\n",
    )
    links = config.parent / "data" / "linear-links.json"
    shipped = datetime(2026, 11, 20, tzinfo=timezone.utc)
    item = LinkedItem("ENG-1", True, "completed", shipped, shipped)
    write_link_data(links, make_link_data(shipped, [item]))
    monkeypatch.chdir(config.parent)
    reads = count_reads(links)
    result = CliRunner().invoke(main, ["stale", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "content/help/a.md:10: says 'Coming soon' but ENG-1 shipped 2026-11-20" in result.output
    assert reads[str(links.resolve())] == 1
