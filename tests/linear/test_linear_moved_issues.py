"""An issue that moved team since an article named it (ENG-123, now WEB-45) still resolves.

A pull asks Linear's ``issue(id:)`` for each issue identifier no batch found (the emulator, like
Linear, answers for a previous identifier too); the link data records the issue under its
identifier now with ``previous_ids``; ``kbgen stale``, broken promises, cross-links and recent
updates all follow the move.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st
from linear_emulator import TEST_KEY, LinearEmulator, generate_workspace
from linear_emulator.links import SHIPPED_ON, add_issue, move_issue

from kbgen.cli import main
from kbgen.config.linear import LinearSettings
from kbgen.content.articles import Article
from kbgen.linear.client import LinearClient
from kbgen.linear.links import MOVED_LOOKUPS, fetch_link_data
from kbgen.linear_data.link_data import (
    LinkedItem,
    current_ids,
    load_link_data,
    make_link_data,
    write_link_data,
)
from kbgen.pages.articles_json import published_changes
from kbgen.review.changes import Change, changes_since_review
from tests.conftest import article

AS_OF = "2026-11-25"
MOMENT = datetime(2026, 11, 25, 3, tzinfo=timezone.utc)


@dataclass
class MovedSite:
    """A pulled site whose articles name a moved issue by its old identifier."""

    root: Path
    config: Path
    old: str  # the identifier the articles name
    new: str  # the one the issue holds now
    emulator: LinearEmulator

    def run(self, *args: str) -> Result:
        env = {"LINEAR_API_KEY": TEST_KEY, "KBGEN_LINEAR_API_URL": self.emulator.url}
        return CliRunner().invoke(main, [*args, "--config", str(self.config)], env=env)


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MovedSite]:
    workspace = generate_workspace()
    issue = add_issue(
        workspace, "ENG", "Export moved", "completed", SHIPPED_ON["public_shipped"], True
    )
    old = issue.identifier
    move_issue(workspace, old, "WEB")
    root = tmp_path_factory.mktemp("moved")
    config = root / "site_config.yml"
    data = {"site_name": "Moved", "linear": {"max_retries": 0, "timeout_seconds": 20}}
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    pages = {
        "billing/old-name.md": ("Old name", [old], "Bulk export is coming soon.\n"),
        "billing/unknown.md": ("Unknown", ["ENG-9999"], "How to do it.\n"),
    }
    for name, (title, links, body) in pages.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            article(title, last_reviewed="2026-11-02", extra=f"linear: {links}", body=body),
            encoding="utf-8",
        )
    with LinearEmulator(workspace, TEST_KEY) as emulator:
        site = MovedSite(root, config, old, issue.identifier, emulator)
        result = site.run("linear", "pull")
        assert result.exit_code == 0, result.output
        yield site


def stale(site: MovedSite, *args: str) -> dict[str, dict[str, object]]:
    result = site.run("stale", "--as-of", AS_OF, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {entry["path"]: entry for entry in json.loads(result.stdout)["articles"]}


def test_the_emulator_serves_previous_identifiers(moved: MovedSite) -> None:
    """The moved issue answers to its new identifier and lists the old one, as Linear does."""
    issue = moved.emulator.workspace.find_issue(moved.old)
    assert issue is not None
    assert (issue.identifier, issue.previous_identifiers) == (moved.new, [moved.old])


def test_link_data_records_the_issue_under_its_new_identifier(moved: MovedSite) -> None:
    """The file keys the item by its identifier now, with the old one in previous_ids."""
    document = json.loads((moved.root / "data" / "linear-links.json").read_text("utf-8"))
    items = {item["id"]: item for item in document["items"]}
    assert moved.old not in items
    assert items[moved.new]["previous_ids"] == [moved.old]
    assert document["missing"] == ["ENG-9999"]


def test_each_unfound_issue_is_asked_once_by_id(moved: MovedSite) -> None:
    """One ``issue(id:)`` lookup per issue identifier no batch found: the old one and the
    unknown one; the new identifier was found by its batch."""
    asked = [
        request.variables["id"]
        for request in moved.emulator.requests
        if request.operation == "KbgenMovedIssue"
    ]
    assert sorted(asked) == sorted([moved.old, "ENG-9999"])


def test_stale_report_shows_the_new_identifier(moved: MovedSite) -> None:
    """`changed` through the old identifier; the change names the issue as it is now."""
    entries = stale(moved)
    entry = entries["billing/old-name.md"]
    assert entry["status"] == "changed"
    assert entry["changes"] == [
        {"id": moved.new, "event": "shipped", "date": "2026-11-20", "linked_as": moved.old}
    ]


def test_naming_both_identifiers_is_one_change() -> None:
    """An article naming the old and the new identifier lists the shipped issue once."""
    links = make_link_data(MOMENT, [item("WEB-4", "ENG-1")])
    named = Article(
        Path("a.md"), "a.md", "A", None, date(2026, 11, 2), None, None, linear=("ENG-1", "WEB-4")
    )
    assert changes_since_review(named, links) == (
        Change("WEB-4", "shipped", MOMENT.date(), "ENG-1"),
    )


def test_an_issue_found_by_its_new_identifier_needs_no_lookup(moved: MovedSite) -> None:
    """Asked for both identifiers, the batch finds the issue by its new one and its
    previousIdentifiers answer for the old one: no ``issue(id:)`` request."""
    before = len(moved.emulator.requests)
    with LinearClient(TEST_KEY, moved.emulator.url, max_retries=0) as client:
        links = fetch_link_data(client, LinearSettings(), [moved.old, moved.new], MOMENT)
    operations = [r.operation for r in moved.emulator.requests[before:]]
    assert "KbgenMovedIssue" not in operations
    assert links.current_id(moved.old) == moved.new
    assert links.missing == ()


def test_text_report_reads_new_then_old(moved: MovedSite) -> None:
    """The table says `WEB-n (linked as ENG-m) shipped ...`."""
    result = moved.run("stale", "--as-of", AS_OF, "--status", "changed")
    assert result.exit_code == 0, result.output
    assert f"{moved.new} (linked as {moved.old}) shipped 2026-11-20" in result.stdout


def test_broken_promise_names_the_new_identifier(moved: MovedSite) -> None:
    """'coming soon' beside a moved shipped issue is a broken promise about WEB-n."""
    result = moved.run("linear", "check")
    assert result.exit_code == 0, result.output
    assert f"says 'coming soon' but {moved.new} shipped 2026-11-20" in result.stdout


def item(identifier: str, *previous: str) -> LinkedItem:
    return LinkedItem(identifier, True, "completed", MOMENT, MOMENT, tuple(previous))


@pytest.mark.parametrize(
    ("items", "asked", "expected"),
    [
        ([item("WEB-4", "ENG-1")], "ENG-1", "WEB-4"),
        ([item("WEB-4", "ENG-1", "MOB-2")], "MOB-2", "WEB-4"),
        ([item("WEB-4", "ENG-1"), item("ENG-1")], "ENG-1", "ENG-1"),  # a current id wins
        ([item("WEB-4", "ENG-1")], "ENG-2", "ENG-2"),
    ],
)
def test_current_id_follows_moves(items: list[LinkedItem], asked: str, expected: str) -> None:
    """An old identifier leads to the issue's new one; an identifier held now is itself."""
    links = make_link_data(MOMENT, items, [asked])
    assert links.current_id(asked) == expected
    assert (asked in links.missing) == (links.get(asked) is None)


identifiers = st.from_regex(r"[A-Z]{2,4}-[1-9][0-9]{0,3}", fullmatch=True)


@given(st.dictionaries(identifiers, st.lists(identifiers, max_size=3), max_size=6))
def test_every_previous_identifier_resolves_after_a_round_trip(
    tmp_path_factory: pytest.TempPathFactory, moves: dict[str, list[str]]
) -> None:
    """For any items and previous identifiers: written and read back, each previous identifier
    that is no item's own finds the item that held it, and each current one finds itself."""
    items = [item(identifier, *previous) for identifier, previous in moves.items()]
    path = tmp_path_factory.mktemp("links") / "links.json"
    write_link_data(path, make_link_data(MOMENT, items))
    links = load_link_data(path)
    assert links is not None
    for identifier, previous in moves.items():
        assert links.current_id(identifier) == identifier
        for old in previous:
            found = links.get(old)
            assert found is not None
            assert old in moves or old in found.previous_ids
    assert current_ids([*moves, *moves], links) == tuple(moves)


def test_lookups_are_bounded(moved: MovedSite) -> None:
    """Past MOVED_LOOKUPS unfound identifiers, no more ``issue(id:)`` requests: the rest stay
    missing and a problem says so (typos cost a request each, so they are bounded)."""
    unknown = [f"ZZZ-{n}" for n in range(1, MOVED_LOOKUPS + 6)]
    before = len(moved.emulator.requests)
    with LinearClient(TEST_KEY, moved.emulator.url, max_retries=0) as client:
        links = fetch_link_data(client, LinearSettings(), [moved.old, *unknown], MOMENT)
    asked = [r for r in moved.emulator.requests[before:] if r.operation == "KbgenMovedIssue"]
    assert len(asked) == MOVED_LOOKUPS
    assert links.get(moved.old) is not None
    assert set(links.missing) == set(unknown)
    assert any("at most" in problem for problem in links.problems)


@pytest.mark.parametrize("public", [True, False])
def test_articles_json_names_a_moved_issue_only_when_public(public: bool) -> None:
    """api/articles.json: a public moved issue shows its new and old identifier; a non-public
    one neither (its event and date only), as on the page."""
    change = Change("WEB-4", "shipped", MOMENT.date(), "ENG-1")
    shown = published_changes([change], {"WEB-4"} if public else set())
    named = {"id": "WEB-4", "linked_as": "ENG-1"} if public else {"id": None}
    assert shown == [{**named, "event": "shipped", "date": "2026-11-25"}]
