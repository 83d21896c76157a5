"""Pulling from the emulator: exactly the public items, one request per page, atomic snapshot."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from linear_emulator import NOW, PRIVATE, TEST_KEY, TODAY, Fault, LinearEmulator

from kbgen.config.linear import LinearSettings
from kbgen.linear.client import LinearClient
from kbgen.linear.errors import LinearUnavailableError
from kbgen.linear.pull import fetch_public_items, pull_snapshot

SETTINGS = LinearSettings(page_size=10, labels=("Invoicing", "Payments", "Bug"))


@pytest.fixture
def client(emulator: LinearEmulator) -> Iterator[LinearClient]:
    with LinearClient(TEST_KEY, emulator.url, timeout=2, max_retries=0) as running:
        yield running


def test_exactly_the_public_items_with_their_statuses(
    client: LinearClient, emulator: LinearEmulator
) -> None:
    """The published set and statuses equal the workspace oracle, nothing more or less."""
    result = fetch_public_items(client, SETTINGS, TODAY)
    assert {item.id: item.status for item in result.items} == emulator.workspace.expected()


def test_one_request_per_page_and_none_per_item(
    client: LinearClient, emulator: LinearEmulator
) -> None:
    """Requests equal the pages read (reported through the progress callback)."""
    pages: dict[str, int] = {}
    fetch_public_items(client, SETTINGS, TODAY, lambda what, n, _: pages.__setitem__(what, n))
    requests = emulator.requests
    assert len(requests) == pages["issues"] + pages["projects"]
    assert all(r.operation in ("KbgenPublicIssues", "KbgenPublicProjects") for r in requests)
    issues = sum(1 for r in requests if r.operation == "KbgenPublicIssues")
    assert issues > 3  # several pages really were needed
    assert all(r.variables["first"] == 10 for r in requests)


def test_private_teams_are_warned_about_not_published(client: LinearClient) -> None:
    """Labelled items of private or restricted teams produce warnings naming only ids."""
    result = fetch_public_items(client, SETTINGS, TODAY)
    assert any("FIN-1" in w and "not public" in w for w in result.warnings)
    assert any("SEC-1" in w for w in result.warnings)
    assert any(w.startswith("project ") for w in result.warnings)
    assert not any(PRIVATE in w for w in result.warnings)


def test_nothing_private_reaches_the_snapshot(client: LinearClient, tmp_path: Path) -> None:
    """No private marker, Linear URL, customer or key in the snapshot (titles stay raw text)."""
    path = tmp_path / "snapshot.json"
    pull_snapshot(client, SETTINGS, path, now=NOW)
    text = path.read_text(encoding="utf-8")
    for token in (PRIVATE, "linear.app", "Customer", "Person", TEST_KEY):
        assert token not in text


def test_server_side_filters_are_not_trusted(
    client: LinearClient, emulator: LinearEmulator
) -> None:
    """Even if Linear ignored every filter (and includeArchived), only public items pass."""
    emulator.ignore_filters = True
    result = fetch_public_items(client, SETTINGS, TODAY)
    assert {item.id: item.status for item in result.items} == emulator.workspace.expected()


def test_labels_shown_come_from_the_allowlist(client: LinearClient) -> None:
    """Only allow-listed label names are kept; the public label itself is implied."""
    items = fetch_public_items(client, SETTINGS, TODAY).items
    shown = {label for item in items for label in item.labels}
    assert shown <= {"Invoicing", "Payments", "Bug"} and shown
    assert not any(PRIVATE in label for item in items for label in item.labels)


def test_team_restriction(client: LinearClient) -> None:
    """linear.teams limits issues to those teams and projects to ones touching them."""
    items = fetch_public_items(client, replace(SETTINGS, teams=("MOB",)), TODAY).items
    assert items and all(i.id.startswith("MOB-") for i in items if i.kind == "issue")


def test_request_counts_are_only_counts(client: LinearClient) -> None:
    """With show_request_counts, items carry a number and no customer name anywhere."""
    items = fetch_public_items(client, replace(SETTINGS, show_request_counts=True), TODAY).items
    assert all(isinstance(i.customer_requests, int) for i in items)
    assert any(i.customer_requests for i in items)


def test_changelog_window_limits_shipped_items(client: LinearClient) -> None:
    """Items shipped before changelog_days are not pulled."""
    items = fetch_public_items(client, replace(SETTINGS, changelog_days=30), TODAY).items
    shipped = [i for i in items if i.status == "shipped"]
    assert shipped and all((TODAY - i.shipped_at).days <= 30 for i in shipped)


def test_pull_writes_snapshot_and_reports_added(client: LinearClient, tmp_path: Path) -> None:
    """A first pull writes the snapshot and lists everything as added."""
    path = tmp_path / "data" / "snapshot.json"
    result = pull_snapshot(client, SETTINGS, path, now=NOW)
    assert path.exists() and len(result.diff.added) == len(result.snapshot.items)


def test_failure_mid_pagination_leaves_old_snapshot_untouched(
    client: LinearClient, emulator: LinearEmulator, tmp_path: Path
) -> None:
    """Pages 1-2 succeed, page 3 fails: the previous snapshot file is byte-for-byte intact."""
    path = tmp_path / "snapshot.json"
    pull_snapshot(client, SETTINGS, path, now=NOW)
    before = path.read_bytes()
    emulator.workspace.issues[0].title = "Changed title that must not be written"
    emulator.faults = {len(emulator.requests) + 3: Fault.http(503)}
    with pytest.raises(LinearUnavailableError):
        pull_snapshot(client, SETTINGS, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["snapshot.json"]  # no temporary left over


def test_pull_survives_faults_with_retries(emulator: LinearEmulator, tmp_path: Path) -> None:
    """Rate limits, 5xx, a timeout and a dropped connection mid-pull are all survived."""
    emulator.faults = {
        2: Fault.ratelimited(0.02),
        3: Fault.http(502),
        5: Fault.slow(1.0),
        7: Fault.drop(),
    }
    with LinearClient(TEST_KEY, emulator.url, timeout=0.3, backoff=0.01) as client:
        result = pull_snapshot(client, SETTINGS, tmp_path / "s.json", now=NOW)
    assert {i.id: i.status for i in result.snapshot.items} == emulator.workspace.expected()


def test_page_size_is_configurable_up_to_250(
    emulator: LinearEmulator, client: LinearClient
) -> None:
    """A 250-item page is accepted by the emulator's complexity check."""
    fetch_public_items(client, replace(SETTINGS, page_size=250), TODAY)
    issue_pages = [r for r in emulator.requests if r.operation == "KbgenPublicIssues"]
    assert len(issue_pages) == 1 and issue_pages[0].complexity < 10_000
    assert math.isclose(issue_pages[0].variables["first"], 250)
