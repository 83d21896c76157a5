"""A whole pull has a deadline (linear.pull_deadline_seconds): pull fails, build falls back."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from linear_emulator import TEST_KEY, Fault, LinearEmulator
from linear_emulator.sites import parse_linear, write_site

from kbgen.cli import main
from kbgen.errors import ConfigError
from kbgen.linear.client import LinearClient
from kbgen.linear.errors import LinearDeadlineError

SNAPSHOT = Path("data") / "linear-snapshot.json"
LINEAR = {"max_retries": 0, "timeout_seconds": 1, "page_size": 50, "pull_deadline_seconds": 2}
JUST_UNDER_TIMEOUT = 0.8


@pytest.fixture
def pulled(tmp_path: Path, emulator: LinearEmulator) -> Path:
    """A site with a good snapshot from an ordinary pull."""
    config = write_site(tmp_path, LINEAR)
    assert run(["linear", "pull", "--config", str(config)], emulator).exit_code == 0
    return config


def run(args: list[str], emulator: LinearEmulator) -> Result:
    env = {"LINEAR_API_KEY": TEST_KEY, "KBGEN_LINEAR_API_URL": emulator.url}
    return CliRunner().invoke(main, args, env=env)


def timed(args: list[str], emulator: LinearEmulator) -> tuple[Result, float]:
    start = time.monotonic()
    result = run(args, emulator)
    return result, time.monotonic() - start


def test_endless_slow_pagination_ends_at_the_deadline(
    tmp_path: Path, pulled: Path, emulator: LinearEmulator
) -> None:
    """Pages just under the timeout, never a last one: `linear pull` fails at the deadline."""
    before = (tmp_path / SNAPSHOT).read_bytes()
    emulator.outage = Fault.endless(JUST_UNDER_TIMEOUT)
    result, seconds = timed(["linear", "pull", "--config", str(pulled)], emulator)
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    assert "linear.pull_deadline_seconds (2 s" in line and "snapshot unchanged" in line
    assert seconds < 60  # without the deadline: 200 pages at 0.8 s, 160 s
    assert (tmp_path / SNAPSHOT).read_bytes() == before


def test_build_falls_back_to_the_snapshot_at_the_deadline(
    tmp_path: Path, pulled: Path, emulator: LinearEmulator
) -> None:
    """build: a warning naming the deadline, the previous roadmap; --strict fails on it."""
    before = json.loads((tmp_path / SNAPSHOT).read_text())["items"]
    emulator.outage = Fault.endless(JUST_UNDER_TIMEOUT)
    result = run(["build", "--config", str(pulled)], emulator)
    assert result.exit_code == 0, result.output
    assert "pull_deadline_seconds" in result.stderr and "from the snapshot" in result.stderr
    roadmap = json.loads((tmp_path / "site" / "api" / "roadmap.json").read_text())
    assert {i["id"] for i in roadmap["items"]} <= {i["id"] for i in before}
    assert roadmap["items"]
    strict = run(["build", "--strict", "--config", str(pulled)], emulator)
    assert strict.exit_code == 1 and "Traceback" not in strict.output


def test_a_request_in_flight_is_cut_at_the_deadline(emulator: LinearEmulator) -> None:
    """One slow answer longer than the deadline: the request ends when the pull must."""
    emulator.queue(Fault.slow(5))
    with LinearClient(TEST_KEY, emulator.url, timeout=10, max_retries=0, pull_deadline=1) as client:
        start = time.monotonic()
        with pytest.raises(LinearDeadlineError, match="pull_deadline_seconds"):
            client.execute("query { viewer { id } }")
    assert time.monotonic() - start < 4


def test_no_retry_wait_outlives_the_deadline(emulator: LinearEmulator) -> None:
    """A rate limit resetting after the deadline ends the pull at once instead of sleeping."""
    slept: list[float] = []
    emulator.queue(Fault.ratelimited(reset_in=30))
    with (
        LinearClient(
            TEST_KEY, emulator.url, timeout=5, max_retries=3, pull_deadline=5, sleep=slept.append
        ) as client,
        pytest.raises(LinearDeadlineError),
    ):
        client.execute("query { viewer { id } }")
    assert slept == []


@pytest.mark.parametrize(
    "value", [0, 0.5, 1e-300, -1, 3601, 1e308, float("nan"), float("inf"), "300", True, None]
)
def test_pull_deadline_is_validated(value: object) -> None:
    """linear.pull_deadline_seconds: a number of seconds, at least 1 and at most an hour."""
    with pytest.raises(ConfigError, match=r"'linear\.pull_deadline_seconds'"):
        parse_linear({"pull_deadline_seconds": value})


def test_pull_deadline_defaults_to_five_minutes() -> None:
    """The documented default is 300 seconds."""
    assert parse_linear({}).pull_deadline_seconds == 300.0


def test_the_readme_documents_the_deadline() -> None:
    """The config example and the Promises name the key and its default."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "pull_deadline_seconds: 300" in readme
    assert "**Linear: a deadline on the whole pull.** `linear.pull_deadline_seconds`" in readme
