"""Hostile endpoints: trickling servers, redirect loops, bad URLs, endless pages, bad paths."""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from linear_emulator import TEST_KEY, Fault, LinearEmulator
from linear_emulator.items import WHEN
from linear_emulator.items import public_item as item
from linear_emulator.sites import write_site

from kbgen.cli import main
from kbgen.linear.client import MAX_PAGES, LinearClient
from kbgen.linear.errors import LinearResponseError, LinearUnavailableError
from kbgen.linear_data.snapshot import Snapshot, write_snapshot
from tests.conftest import article

PING = "query Ping { organization { name } }"
ISSUES = """query Page($first: Int!, $after: String) {
  issues(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { identifier } }
}"""
REQUEST_BUDGET = 5_000  # Linear's requests an hour for one API key


def _invoke(args: list[str], url: str) -> Result:
    env = {"LINEAR_API_KEY": TEST_KEY, "KBGEN_LINEAR_API_URL": url}
    return CliRunner().invoke(main, args, env=env)


def _site(root: Path, **linear: Any) -> Path:
    config = write_site(root, {"max_retries": 0, "timeout_seconds": 1, **linear})
    write_snapshot(root / "data" / "linear-snapshot.json", Snapshot(WHEN, (item("ENG-1"),)))
    return config


def _one_clean_line(result: Result, command: str = "linear") -> str:
    """The error: exit 1, no traceback; pull and check print exactly one line.

    A build may also print MkDocs' own progress and abort lines around kbgen's message.
    """
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    if command == "build":
        return result.stderr
    (line,) = result.stderr.strip().splitlines()
    return line


# -- a whole request is bounded in time --------------------------------------------------------


@pytest.mark.parametrize("phase", ["headers", "body"])
def test_a_trickling_server_is_cut_off_at_the_timeout(emulator: LinearEmulator, phase: str) -> None:
    """One byte every 0.3 s never trips a 1 s socket timeout; the wall-clock deadline does."""
    emulator.outage = Fault.trickle(0.3, phase=phase)
    started = time.monotonic()
    with (
        LinearClient(TEST_KEY, emulator.url, timeout=1, max_retries=1, backoff=0.01) as client,
        pytest.raises(LinearUnavailableError, match=r"no complete answer within 1 s"),
    ):
        client.execute(PING)
    # Two attempts of 1 s each; the trickled answer alone would take minutes.
    assert time.monotonic() - started < 10
    assert len(emulator.requests) == 2


def test_a_trickled_pull_exits_1_in_one_line(tmp_path: Path, emulator: LinearEmulator) -> None:
    """kbgen linear pull under timeout_seconds: 1 gives up with one line, snapshot unchanged."""
    config = _site(tmp_path)
    emulator.outage = Fault.trickle(0.3)
    line = _one_clean_line(_invoke(["linear", "pull", "--config", str(config)], emulator.url))
    assert "no complete answer within 1 s" in line and "snapshot unchanged" in line


def test_the_client_works_again_after_a_cut(emulator: LinearEmulator) -> None:
    """A cut connection is not reused: the next request is answered normally."""
    emulator.queue(Fault.trickle(0.3))
    with LinearClient(TEST_KEY, emulator.url, timeout=1, max_retries=1, backoff=0.01) as client:
        assert client.execute(PING)["organization"]["name"] == "Tallyflow"


# -- redirects, URLs, paths ----------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirects_are_not_followed(emulator: LinearEmulator, status: int) -> None:
    """A redirect (a loop here) is one clear error, after one request."""
    emulator.outage = Fault.redirect(status)
    with (
        LinearClient(TEST_KEY, emulator.url, max_retries=2) as client,
        pytest.raises(LinearResponseError, match=rf"HTTP {status} \(a redirect\)"),
    ):
        client.execute(PING)
    assert len(emulator.requests) == 1


@pytest.mark.parametrize("command", [["linear", "pull"], ["linear", "check"]])
def test_redirect_loop_is_one_line(
    tmp_path: Path, emulator: LinearEmulator, command: list[str]
) -> None:
    """pull and check: exit 1, one line about the redirect."""
    emulator.outage = Fault.redirect()
    line = _one_clean_line(_invoke([*command, "--config", str(_site(tmp_path))], emulator.url))
    assert "redirect" in line


def test_redirect_loop_in_build_falls_back(tmp_path: Path, emulator: LinearEmulator) -> None:
    """build: the snapshot is used with a warning; --strict fails on it."""
    config = str(_site(tmp_path))
    emulator.outage = Fault.redirect()
    assert _invoke(["build", "--config", config], emulator.url).exit_code == 0
    strict = _invoke(["build", "--strict", "--config", config], emulator.url)
    assert strict.exit_code == 1 and "redirect" in strict.output


BAD_URLS = [
    "http://127.0.0.1:99999/graphql",
    "http://127.0.0.1:port/graphql",
    "http://[::1/graphql",
    "http://127.0.0.1:8080/graph ql",
]


@pytest.mark.parametrize("command", [["linear", "pull"], ["linear", "check"], ["build"]])
@pytest.mark.parametrize("url", BAD_URLS)
def test_bad_api_url_is_one_line(tmp_path: Path, command: list[str], url: str) -> None:
    """A bad port or URL in KBGEN_LINEAR_API_URL: exit 1, one line naming the variable."""
    result = _invoke([*command, "--config", str(_site(tmp_path))], url)
    assert "KBGEN_LINEAR_API_URL" in _one_clean_line(result, command[0])


@pytest.mark.parametrize("command", [["linear", "pull"], ["build"]])
def test_snapshot_path_that_is_a_folder_is_one_line(
    tmp_path: Path, emulator: LinearEmulator, command: list[str]
) -> None:
    """linear.snapshot naming a folder: exit 1, one line, nothing requested from Linear."""
    config = write_site(tmp_path, {"max_retries": 0, "snapshot": "data"})
    (tmp_path / "data").mkdir()
    result = _invoke([*command, "--config", str(config)], emulator.url)
    assert "is a folder" in _one_clean_line(result, command[0]) and emulator.requests == []


def test_snapshot_folder_stops_the_pull_before_linked_items_are_fetched(
    tmp_path: Path, emulator: LinearEmulator
) -> None:
    """With articles linking Linear items, still nothing is requested before the refusal."""
    config = write_site(tmp_path, {"max_retries": 0, "snapshot": "data"})
    (tmp_path / "data").mkdir()
    linking = tmp_path / "content" / "help" / "a.md"
    linking.parent.mkdir(parents=True)
    linking.write_text(article("A", extra="linear: [ENG-1]"), encoding="utf-8")
    result = _invoke(["linear", "pull", "--config", str(config)], emulator.url)
    assert "is a folder" in _one_clean_line(result, "linear") and emulator.requests == []


def test_snapshot_folder_without_key_is_one_line(tmp_path: Path) -> None:
    """Building from a snapshot path that is a folder: one line, no traceback."""
    config = write_site(tmp_path, {"snapshot": "data"})
    (tmp_path / "data").mkdir()
    result = CliRunner().invoke(main, ["build", "--config", str(config)], env={})
    assert "is a folder" in _one_clean_line(result, "build")


# -- pagination is capped ------------------------------------------------------------------


def _endless(counter: Iterator[int]) -> Fault:
    def more(answer: dict[str, Any]) -> dict[str, Any]:
        page = {"hasNextPage": True, "endCursor": f"cursor-{next(counter)}"}
        return {"data": {"issues": {"pageInfo": page, "nodes": []}}}

    return Fault.mutate(more)


def test_endless_pagination_stops_at_the_page_cap(emulator: LinearEmulator) -> None:
    """A server that always has another page gets MAX_PAGES requests, then one clear error."""
    emulator.outage = _endless(count())
    with (
        LinearClient(TEST_KEY, emulator.url, max_retries=0) as client,
        pytest.raises(LinearResponseError, match=rf"stopped after {MAX_PAGES} pages"),
    ):
        for _ in client.paginate(ISSUES, {}, "issues", 1):
            pass
    assert len(emulator.requests) == MAX_PAGES
    assert MAX_PAGES * 10 <= REQUEST_BUDGET  # a pull uses at most a tenth of the hour's budget


def test_the_page_cap_counts_every_connection_of_a_pull(emulator: LinearEmulator) -> None:
    """Pages read for issues count against the same cap as those read for projects."""
    with LinearClient(TEST_KEY, emulator.url, max_retries=0, max_pages=3) as client:
        pages = client.paginate(ISSUES, {}, "issues", 1)
        assert len([next(pages), next(pages)]) == 2
        more = client.paginate(ISSUES, {}, "issues", 1)
        next(more)
        with pytest.raises(LinearResponseError, match="stopped after 3 pages"):
            next(more)
