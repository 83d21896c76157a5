"""Malformed Linear answers: one clear line from pull and check, a snapshot fallback in build."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from linear_emulator import TEST_KEY, TODAY, Fault, LinearEmulator
from linear_emulator.items import WHEN
from linear_emulator.items import public_item as item
from linear_emulator.sites import write_site

from kbgen.cli import main
from kbgen.config import load_config
from kbgen.linear import LOGGER_NAME
from kbgen.linear.build_data import linear_data_for_build
from kbgen.linear.errors import LinearResponseError
from kbgen.linear.shapes import ISSUE, check_shape
from kbgen.linear_data.snapshot import Snapshot, write_snapshot

FAST = {"max_retries": 0, "timeout_seconds": 2, "page_size": 50}
Answer = dict[str, Any]


def _issues(answer: Answer) -> Answer:
    return answer["data"]["issues"]


def _set(path: Callable[[Answer], Answer], key: str, value: Any) -> Callable[[Answer], Any]:
    def change(answer: Answer) -> Any:
        path(answer)[key] = value
        return answer

    return change


def _first_node(answer: Answer) -> Answer:
    return _issues(answer)["nodes"][0]


def _page_info(answer: Answer) -> Answer:
    return _issues(answer)["pageInfo"]


# name -> (how the issues page is broken, words the one-line error must hold)
BROKEN_PAGES: dict[str, tuple[Callable[[Answer], Any], str]] = {
    "endCursor-a-dict": (_set(_page_info, "endCursor", {"x": 1}), "issues.pageInfo.endCursor"),
    "hasNextPage-text": (_set(_page_info, "hasNextPage", "yes"), "issues.pageInfo.hasNextPage"),
    "nodes-null-item": (_set(_issues, "nodes", [None]), "issues.nodes[0]"),
    "nodes-an-object": (_set(_issues, "nodes", {"a": 1}), "lacks the 'issues' connection"),
    "title-a-number": (_set(_first_node, "title", 42), "issues.nodes[0].title"),
    "team-a-string": (_set(_first_node, "team", "ENG"), "issues.nodes[0].team"),
    "state-a-list": (_set(_first_node, "state", ["started"]), "issues.nodes[0].state"),
    "labels-null-item": (
        _set(_first_node, "labels", {"nodes": [None]}),
        "issues.nodes[0].labels.nodes[0]",
    ),
    "description-an-object": (
        _set(_first_node, "description", {"md": "x"}),
        "issues.nodes[0].description",
    ),
    "createdAt-a-number": (_set(_first_node, "createdAt", 1), "issues.nodes[0].createdAt"),
    "data-a-list": (lambda answer: {"data": []}, "without data"),
    "answer-a-list": (lambda answer: [answer], "without data"),
    "answer-a-string": (lambda answer: "hello", "without data"),
    "answer-NaN": (lambda answer: {"data": {"issues": float("nan")}}, "without data"),
    "errors-not-a-list": (lambda answer: {"errors": "boom", "data": None}, "without data"),
    "error-code-an-object": (
        lambda answer: {"errors": [{"message": {"m": 1}, "extensions": {"code": {"c": 1}}}]},
        "Linear API error: unknown error",
    ),
}


def _site(root: Path) -> Path:
    config = write_site(root, FAST)
    write_snapshot(root / "data" / "linear-snapshot.json", Snapshot(WHEN, (item("ENG-1"),)))
    return config


def _invoke(args: list[str], emulator: LinearEmulator) -> Result:
    env = {"LINEAR_API_KEY": TEST_KEY, "KBGEN_LINEAR_API_URL": emulator.url}
    return CliRunner().invoke(main, args, env=env)


def _one_clean_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    return line


@pytest.mark.parametrize("name", BROKEN_PAGES)
def test_pull_reports_a_broken_answer_in_one_line(
    tmp_path: Path, emulator: LinearEmulator, name: str
) -> None:
    """pull: exit 1, one line naming what is wrong, the snapshot byte-for-byte unchanged."""
    config = _site(tmp_path)
    before = (tmp_path / "data" / "linear-snapshot.json").read_bytes()
    change, words = BROKEN_PAGES[name]
    emulator.queue(Fault.mutate(change))
    line = _one_clean_line(_invoke(["linear", "pull", "--config", str(config)], emulator))
    assert words in line and line.endswith("(snapshot unchanged)")
    assert (tmp_path / "data" / "linear-snapshot.json").read_bytes() == before


@pytest.mark.parametrize("name", BROKEN_PAGES)
def test_build_falls_back_to_the_snapshot_on_a_broken_answer(
    tmp_path: Path, emulator: LinearEmulator, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    """build: a warning (so --strict fails) and the previous snapshot's roadmap."""
    config = load_config(_site(tmp_path))
    emulator.queue(Fault.mutate(BROKEN_PAGES[name][0]))
    env = {"LINEAR_API_KEY": TEST_KEY, "KBGEN_LINEAR_API_URL": emulator.url}
    logging.getLogger(LOGGER_NAME).addHandler(caplog.handler)
    try:
        data = linear_data_for_build(config, env, today=TODAY)
    finally:
        logging.getLogger(LOGGER_NAME).removeHandler(caplog.handler)
    assert data is not None and data.source == "snapshot"
    assert [i.id for i in data.snapshot.items] == ["ENG-1"]
    assert any(
        r.levelno == logging.WARNING and "Linear pull failed" in r.getMessage()
        for r in caplog.records
    )


BROKEN_CHECKS: dict[str, Callable[[Answer], Any]] = {
    "organization-a-string": lambda a: {"data": {**a["data"], "organization": "Tallyflow"}},
    "label-name-a-number": lambda a: {
        "data": {**a["data"], "issueLabels": {"nodes": [{"name": 7}]}}
    },
    "limits-null-item": lambda a: {"data": {**a["data"], "rateLimitStatus": {"limits": [None]}}},
    "allowedAmount-text": lambda a: {
        "data": {**a["data"], "rateLimitStatus": {"limits": [{"allowedAmount": "many"}]}}
    },
}


@pytest.mark.parametrize("name", BROKEN_CHECKS)
def test_check_reports_a_broken_answer_in_one_line(
    tmp_path: Path, emulator: LinearEmulator, name: str
) -> None:
    """check: exit 1 and one line saying the answer has an unexpected shape."""
    emulator.queue(Fault.mutate(BROKEN_CHECKS[name]))
    result = _invoke(["linear", "check", "--config", str(_site(tmp_path))], emulator)
    assert "unexpected shape" in _one_clean_line(result)


def test_valid_nodes_pass_the_shape_check() -> None:
    """A well-formed node (and null optional fields) is accepted."""
    node = {
        "identifier": "ENG-1",
        "title": "t",
        "description": None,
        "team": {"key": "ENG", "visibility": "public"},
        "labels": {"pageInfo": {"hasNextPage": False}, "nodes": [{"name": "Public"}]},
    }
    check_shape(node, ISSUE, "issues.nodes[0]")


def test_shape_errors_name_the_path_and_the_kinds() -> None:
    """The message says where, what was found and what was expected."""
    with pytest.raises(LinearResponseError, match=r"issues\.nodes\[0\]\.trashed is text, expected"):
        check_shape({"trashed": "no"}, ISSUE, "issues.nodes[0]")
