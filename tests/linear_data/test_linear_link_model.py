"""The pieces behind `changed`: the `linear:` field, link data, changes, history, the gate."""

from __future__ import annotations

import importlib
import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from linear_emulator.items import public_item

from kbgen.cli import main
from kbgen.config import ReviewPolicy
from kbgen.content.articles import load_articles
from kbgen.content.linear_links import parse_linear_links
from kbgen.content.selection import Target
from kbgen.linear_data.history import HistoryError, append_history, load_history, moves_of
from kbgen.linear_data.link_data import (
    LinkDataError,
    LinkedItem,
    load_link_data,
    make_link_data,
    write_link_data,
)
from kbgen.linear_data.snapshot import Snapshot, describe_diff, diff_snapshots
from kbgen.review.promises import missed_targets, phrase_lines, phrase_pattern
from kbgen.review.report import build_report, fails
from kbgen.review.scan import scan_targets
from kbgen.review.status import ReviewStatus, review_state
from tests.conftest import article

WHEN = datetime(2026, 11, 25, 3, 0, tzinfo=timezone.utc)
SHIPPED = datetime(2026, 11, 20, 14, 0, tzinfo=timezone.utc)


def links(*items: LinkedItem) -> object:
    return make_link_data(WHEN, items)


def shipped(identifier: str, public: bool = True, when: datetime = SHIPPED) -> LinkedItem:
    return LinkedItem(identifier, public, "completed", when, when)


def one_article(tmp_path: Path, reviewed: str, extra: str) -> object:
    path = tmp_path / "a.md"
    path.write_text(article("A", last_reviewed=reviewed, extra=extra), encoding="utf-8")
    (item,) = load_articles([path], tmp_path, ReviewPolicy())
    return item


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["TAL-123", "8f2c9a1b3d4e", "TAL-123"], ("TAL-123", "8f2c9a1b3d4e")),
        ("TAL-1", ("TAL-1",)),
        (None, ()),
    ],
)
def test_linear_field_accepts_identifiers_and_slugs(value: object, expected: tuple) -> None:
    """Issue identifiers and project slug ids, once each; one string is a list of one."""
    assert parse_linear_links(value) == (expected, None)


@pytest.mark.parametrize("value", [["tal-123"], ["TAL 123"], [42], {"a": 1}, ["TAL-1", ""]])
def test_linear_field_rejects_other_forms(value: object) -> None:
    """Lowercase ids, spaces, numbers, mappings and empty strings are problems."""
    links_found, problem = parse_linear_links(value)
    assert links_found == () and problem and "linear" in problem


def test_check_reports_a_bad_linear_field_with_path_and_line(make_site, tmp_path: Path) -> None:
    """`kbgen check` prints path:line for the `linear:` key and exits 1."""
    extra = "tags: [x]\nlinear: [TAL-1, 'not a valid id!']"
    config = make_site({"billing/a.md": article("A", extra=extra)})
    result = CliRunner().invoke(main, ["check", "--config", str(config)])
    assert result.exit_code == 1
    assert "billing/a.md:6: linear: not a Linear issue identifier or project id" in result.stdout


def test_changed_only_when_shipped_strictly_after_review(tmp_path: Path) -> None:
    """Shipped after the review: changed; on or before the review day: ok."""
    after = one_article(tmp_path, "2026-11-02", "linear: [TAL-1]")
    state = review_state(after, date(2026, 11, 25), 14, links(shipped("TAL-1")))
    assert state.status is ReviewStatus.CHANGED
    assert [c.describe(after.last_reviewed) for c in state.changes] == [
        "TAL-1 shipped 2026-11-20, after the last review (2026-11-02)"
    ]
    same_day = one_article(tmp_path, "2026-11-20", "linear: [TAL-1]")
    assert review_state(same_day, date(2026, 11, 25), 14, links(shipped("TAL-1"))).changes == ()


def test_open_and_unknown_items_change_nothing(tmp_path: Path) -> None:
    """A started item, an item missing from the link data, or no link data: not changed."""
    item = one_article(tmp_path, "2026-11-02", "linear: [TAL-1, TAL-2]")
    started = LinkedItem("TAL-1", True, "started", SHIPPED, None)
    assert review_state(item, date(2026, 11, 25), 14, links(started)).status is ReviewStatus.OK
    assert review_state(item, date(2026, 11, 25), 14, None).status is ReviewStatus.OK


def test_changed_beats_due_soon_but_not_overdue(tmp_path: Path) -> None:
    """Due soon and changed: changed. Overdue and changed: overdue, with the change."""
    item = one_article(tmp_path, "2026-09-01", "linear: [TAL-1]")
    data = links(shipped("TAL-1"))
    assert review_state(item, date(2026, 11, 25), 14, data).status is ReviewStatus.CHANGED
    late = review_state(item, date(2026, 12, 5), 14, data)
    assert late.status is ReviewStatus.OVERDUE and len(late.changes) == 1


def test_fail_on_changed_counts_overdue_articles_with_changes(tmp_path: Path) -> None:
    """--fail-on changed trips on any article with changes, overdue ones included."""
    item = one_article(tmp_path, "2026-05-01", "linear: [TAL-1]")
    from kbgen.review.report import entry_of

    entry = entry_of(review_state(item, date(2026, 11, 25), 14, links(shipped("TAL-1"))))
    assert entry.status is ReviewStatus.OVERDUE
    assert fails(build_report([entry], date(2026, 11, 25), 14), "changed")
    assert not fails(build_report([], date(2026, 11, 25), 14), "changed")


def test_parallel_scan_carries_changes(tmp_path: Path) -> None:
    """Helpers send each entry's changes back intact."""
    files = []
    for n in range(6):
        path = tmp_path / f"a{n}.md"
        path.write_text(article(f"A{n}", last_reviewed="2026-11-02", extra="linear: [TAL-1]"))
        files.append(path)
    target = Target(tmp_path, tuple(files))
    result = scan_targets(
        [target], ReviewPolicy(), date(2026, 11, 25), 14, processes=2, parallel_from=1,
        links=links(shipped("TAL-1")),
    )  # fmt: skip
    assert len(result.entries) == 6
    assert all(e.changes and e.changes[0].date == date(2026, 11, 20) for e in result.entries)


def test_link_data_round_trips_and_rejects_foreign_files(tmp_path: Path) -> None:
    """Written atomically as stable JSON, read back equal; another file is a one-line error."""
    path = tmp_path / "data" / "linear-links.json"
    data = make_link_data(WHEN, [shipped("TAL-1", public=False)], ["TAL-9"])
    write_link_data(path, data)
    assert load_link_data(path) == data
    assert set(json.loads(path.read_text())["items"][0]) == {
        "id", "public", "state", "state_changed_at", "completed_at"
    }  # fmt: skip
    assert load_link_data(tmp_path / "absent.json") is None
    path.write_text('{"format": "other"}')
    with pytest.raises(LinkDataError, match="not kbgen Linear link data"):
        load_link_data(path)


def test_history_appends_moves_and_stays_bounded(tmp_path: Path) -> None:
    """Each pull's moves are appended (target changes too); only the newest are kept."""
    before = Snapshot(WHEN, (public_item("ENG-1"), public_item("ENG-2", target="2027-Q1")))
    after = Snapshot(
        WHEN,
        (public_item("ENG-1", "in_progress"), public_item("ENG-2", target="2027-Q2"),
         public_item("ENG-3")),
    )  # fmt: skip
    diff = diff_snapshots(before, after)
    assert "Target changed (1):" in describe_diff(diff)
    path = tmp_path / "history.json"
    moves = moves_of(diff, WHEN)
    assert [m.event for m in moves] == ["added", "moved", "target_changed"]
    assert append_history(path, moves) == 3
    assert append_history(path, moves, limit=4) == 3
    kept = load_history(path)
    assert len(kept) == 4 and kept[-1].event == "target_changed" and kept[-1].previous == "2027-Q1"
    assert append_history(path, []) == 0 and len(load_history(path)) == 4
    path.write_text("[]")
    with pytest.raises(HistoryError):
        load_history(path)


@pytest.mark.parametrize("kind", ["epic", "Issue", None, ""])
def test_a_move_of_an_unknown_kind_is_refused(tmp_path: Path, kind: object) -> None:
    """Only issues and projects are roadmap items: another kind is a bad file, not a project."""
    path = tmp_path / "history.json"
    added = diff_snapshots(Snapshot(WHEN, ()), Snapshot(WHEN, (public_item("abc123"),)))
    append_history(path, moves_of(added, WHEN))
    assert [move.kind for move in load_history(path)] == ["project"]
    document = json.loads(path.read_text())
    document["moves"][0]["kind"] = kind
    path.write_text(json.dumps(document))
    with pytest.raises(HistoryError, match="invalid roadmap move"):
        load_history(path)


def test_missed_targets_and_promise_phrases(tmp_path: Path) -> None:
    """Past targets of unshipped items are listed; phrases match whole words, any case."""
    items = [
        public_item("ENG-1", target="2026-Q3"),
        public_item("ENG-2", target="2027-Q1"),
        public_item("ENG-3", "shipped", target="2026-Q3"),
    ]
    assert [p.id for p in missed_targets(items, date(2026, 11, 25))] == ["ENG-1"]
    page = tmp_path / "p.md"
    page.write_text("---\ntitle: beta\n---\n\nComing Soon!\nAlphabetas are fine.\nIn BETA.\n")
    pattern = phrase_pattern(["coming soon", "beta"])
    assert pattern is not None
    assert phrase_lines(page, pattern) == [(5, "Coming Soon"), (7, "BETA")]


def test_linear_settings_name_the_link_files_and_phrases(tmp_path: Path) -> None:
    """`linear.links`, `linear.history` and `linear.promise_phrases` are typed and checked."""
    from linear_emulator.sites import parse_linear

    from kbgen.errors import ConfigError

    settings = parse_linear(
        {"links": "x/links.json", "history": "x/h.json", "promise_phrases": ["preview"]}, "cfg"
    )
    assert settings.links_path(tmp_path) == (tmp_path / "x" / "links.json").resolve()
    assert settings.history_path(tmp_path) == (tmp_path / "x" / "h.json").resolve()
    assert settings.promise_phrases == ("preview",)
    assert parse_linear({}, "cfg").promise_phrases == (
        "coming soon", "beta", "not yet available"
    )  # fmt: skip
    with pytest.raises(ConfigError, match=r"linear\.promise_phrases"):
        parse_linear({"promise_phrases": [1]}, "cfg")


def test_link_data_age_is_told_in_days() -> None:
    """How old the recorded data is, as `kbgen stale` says it."""
    from datetime import timedelta

    from kbgen.linear_data.link_data import describe_age

    data = make_link_data(WHEN, [])
    assert describe_age(data, WHEN + timedelta(hours=5)) == "2026-11-25 03:00 UTC, today"
    assert describe_age(data, WHEN + timedelta(days=1, hours=1)).endswith(", 1 day ago")
    assert describe_age(data, WHEN + timedelta(days=40)).endswith(", 40 days ago")


def test_a_bad_history_file_stops_the_pull_before_anything_is_written(tmp_path: Path) -> None:
    """Nothing is fetched or written when the history file is not kbgen's."""
    from kbgen.config.linear import LinearSettings
    from kbgen.linear.client import LinearClient
    from kbgen.linear.refresh import refresh_linear_data
    from kbgen.paths import Sources

    sources = Sources(tmp_path / "site_config.yml", tmp_path / "content", tmp_path / "overrides")
    history = tmp_path / "data" / "roadmap-history.json"
    history.parent.mkdir()
    history.write_text('{"format": "something else"}')
    client = LinearClient("lin_api_unused", "http://127.0.0.1:9/graphql", max_retries=0)
    with pytest.raises(HistoryError):
        refresh_linear_data(client, LinearSettings(), sources, ["TAL-1"], now=WHEN)
    assert client.requests_made == 0
    assert sorted(path.name for path in history.parent.iterdir()) == ["roadmap-history.json"]


@pytest.mark.parametrize(
    ("load", "error"),
    [
        ("kbgen.linear_data.link_data:load_link_data", "LinkDataError"),
        ("kbgen.linear_data.history:load_history", "HistoryError"),
        ("kbgen.linear_data.snapshot:load_snapshot", "SnapshotError"),
    ],
)
def test_a_file_nested_too_deeply_is_an_error_not_a_crash(
    tmp_path: Path, load: str, error: str
) -> None:
    """Every data file kbgen reads turns a JSON bomb into its own one-line error."""
    module_name, function = load.split(":")
    module = importlib.import_module(module_name)
    path = tmp_path / "data" / "file.json"
    path.parent.mkdir()
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(getattr(module, error), match="nested too deeply"):
        getattr(module, function)(path)
