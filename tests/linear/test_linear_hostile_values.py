"""tests/hostile/linear_values/: hostile committed files and Linear answers are one line each
(path:line or the JSON path / the item id), a fallback where promised, never a traceback."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from linear_emulator import TEST_KEY, TODAY, Fault, LinearEmulator, generate_workspace
from linear_emulator.sites import write_site

from kbgen.cli import main
from kbgen.config.linear import LinearSettings
from kbgen.errors import KbgenError
from kbgen.linear.client import LinearClient
from kbgen.linear.pull import fetch_public_items
from kbgen.linear_data.history import HistoryError, load_history_file
from kbgen.linear_data.link_data import LinkDataError, load_link_data
from kbgen.linear_data.snapshot import SnapshotError, load_snapshot

CORPUS = Path(__file__).parents[1] / "hostile" / "linear_values"
ARTICLE = "---\ntitle: Export\nowner: ana\nlast_reviewed: 2026-11-01\nlinear: [ENG-1]\n---\nHi.\n"
LOCATED = {  # file -> the line or JSON path its one-line error must name
    "snapshot/merge-conflict.json": ":3: not valid JSON",
    "snapshot/truncated.json": ":14: not valid JSON",
    "snapshot/empty-file.json": ":1: not valid JSON",
    "snapshot/not-utf8.json": ":8: not UTF-8",
    "snapshot/number-5000-digits.json": ":16: a number of 5,001 characters",
    "snapshot/float-overflow.json": ":16: the number 1e999 is out of range",
    "snapshot/nan.json": ":16: not valid JSON: NaN",
    "snapshot/created-year-0001-plus-offset.json": "$.items[0] (ENG-1).created_at",
    "snapshot/updated-year-9999-minus-offset.json": "$.items[0] (ENG-1).updated_at",
    "snapshot/generated-year-0001-plus-offset.json": "$.generated_at",
    "snapshot/shipped-year-zero.json": "$.items[0] (ENG-1).shipped_at",
    "snapshot/shipped-five-digit-year.json": "$.items[0] (ENG-1).shipped_at",
    "snapshot/date-of-a-thousand-digits.json": "$.items[0] (ENG-1).created_at",
    "snapshot/date-is-a-number.json": "$.items[0] (ENG-1).created_at",
    "snapshot/lone-surrogate.json": "$.items[0].title: a string holds a lone surrogate",
    "snapshot/nesting-under-the-recursion-limit.json": "$.items[0].labels[0]",
    "snapshot/deep-nesting.json": "nested too deeply",
    "snapshot/title-is-an-object.json": "$.items[0] (ENG-1).title",
    "snapshot/labels-is-text.json": "$.items[0] (ENG-1).labels",
    "snapshot/item-is-a-list.json": "$.items[0]: not an object",
    "snapshot/id-is-a-number.json": "$.items[0]: bad id",
    "snapshot/items-is-an-object.json": "lacks 'generated_at' or 'items'",
    "snapshot/duplicate-ids.json": "ENG-1 appears twice",
    "links/merge-conflict.json": ":1: not valid JSON",
    "links/number-5000-digits.json": ":7: a number of 5,001 characters",
    "links/completed-year-0001-plus-offset.json": "$.items[0] (ENG-1).completed_at",
    "links/changed-year-9999-minus-offset.json": "$.items[0] (ENG-1).state_changed_at",
    "links/generated-not-a-date.json": "$.generated_at",
    "links/deep-nesting.json": "nested too deeply",
    "links/item-is-text.json": "$.items[0]: not an object",
    "links/id-of-ten-thousand-characters.json": "$.items[0]: bad id",
    "history/merge-conflict.json": ":3: not valid JSON",
    "history/pull-count-5000-digits.json": ":19: a number of 5,001 characters",
    "history/at-year-0001-plus-offset.json": "$.moves[0] (ENG-1).at",
    "history/at-year-9999-minus-offset.json": "$.moves[0] (ENG-1).at",
    "history/pull-at-year-0001-plus-offset.json": "$.pulls[0].at",
    "history/pull-count-negative.json": "$.pulls[0].items",
    "history/deep-nesting.json": "nested too deeply",
    "history/moves-is-text.json": "'moves' and 'pulls' must be lists",
}
LOADERS: dict[str, tuple[Callable[[Path], Any], type[KbgenError]]] = {
    "snapshot": (load_snapshot, SnapshotError),
    "links": (load_link_data, LinkDataError),
    "history": (load_history_file, HistoryError),
}
TARGETS = {
    "snapshot": "data/linear-snapshot.json",
    "links": "data/linear-links.json",
    "history": "data/roadmap-history.json",
}


def test_the_corpus_is_complete() -> None:
    """Every file of the corpus has its expected message here, and every message a file."""
    files = {str(path.relative_to(CORPUS)) for path in CORPUS.glob("*/*.json")}
    assert files == set(LOCATED) | {"snapshot/bom.json"}


@pytest.mark.parametrize("name", sorted(LOCATED))
def test_each_hostile_file_is_one_located_line(name: str) -> None:
    """The loader raises its own error: one line, the path, then the line or JSON path."""
    load, error = LOADERS[name.split("/")[0]]
    path = CORPUS / name
    with pytest.raises(error) as raised:
        load(path)
    message = str(raised.value)
    assert "\n" not in message and message.startswith(str(path))
    assert LOCATED[name] in message


def test_a_byte_order_mark_is_read() -> None:
    """A UTF-8 BOM (an editor's) is not a corruption."""
    assert len(load_snapshot(CORPUS / "snapshot" / "bom.json").items) == 2


def test_a_megabyte_title_in_the_history_is_refused(tmp_path: Path) -> None:
    """Strings are bounded: an over-long text is named by its JSON path."""
    path = tmp_path / "history.json"
    move = {"at": "2026-11-01T10:00:00Z", "event": "added", "id": "ENG-1", "kind": "issue"}
    move |= {"title": "x" * 1_100_000, "status": "planned"}
    path.write_text(json.dumps({"format": "kbgen-roadmap-history/1", "moves": [move]}))
    with pytest.raises(HistoryError, match=r"\$\.moves\[0\]\.title: a string of 1,100,000"):
        load_history_file(path)


def site(root: Path, kind: str, name: str) -> Path:
    """A site with one linking article, a good snapshot, and ``name`` in place of ``kind``."""
    config = write_site(root, {})
    (root / "content" / "billing").mkdir()
    (root / "content" / "billing" / "export.md").write_text(ARTICLE)
    (root / "data").mkdir()
    shutil.copy(CORPUS / "snapshot" / "bom.json", root / TARGETS["snapshot"])
    shutil.copy(CORPUS / name, root / TARGETS[kind])
    return config


def cli(args: list[str]) -> Result:
    return CliRunner().invoke(main, args, env={"LINEAR_API_KEY": ""})


@pytest.mark.parametrize(
    "name",
    [
        "snapshot/merge-conflict.json",
        "snapshot/created-year-0001-plus-offset.json",
        "snapshot/number-5000-digits.json",
        "snapshot/deep-nesting.json",
    ],
)
def test_build_refuses_a_hostile_snapshot(tmp_path: Path, name: str) -> None:
    """build: exit 1, one Error line naming the file and the place; no site written."""
    config = site(tmp_path, "snapshot", name)
    result = cli(["build", "--config", str(config)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = [text for text in result.stderr.splitlines() if text.startswith("Error:")]
    assert "linear-snapshot.json" in line and LOCATED[name] in line
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "name", ["links/completed-year-0001-plus-offset.json", "history/at-year-0001-plus-offset.json"]
)
def test_build_warns_on_hostile_link_data_or_history(tmp_path: Path, name: str) -> None:
    """build: a warning naming the file (so --strict fails), the site still built."""
    config = site(tmp_path, name.split("/")[0], name)
    result = cli(["build", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert LOCATED[name] in result.stderr and (tmp_path / "site" / "index.html").exists()
    assert cli(["build", "--strict", "--config", str(config)]).exit_code == 1


@pytest.mark.parametrize(
    "name", ["links/completed-year-0001-plus-offset.json", "links/number-5000-digits.json"]
)
def test_stale_warns_on_hostile_link_data(tmp_path: Path, name: str) -> None:
    """stale: one warning naming the file; the report is still made."""
    config = site(tmp_path, "links", name)
    result = cli(["stale", "--config", str(config)])
    assert "Traceback" not in result.output and result.exit_code == 0, result.output
    assert LOCATED[name] in result.stderr and "1 article" in result.stdout


BAD_LINEAR_DATES = [
    ("createdAt", "0001-01-01T00:00:00+01:00"),
    ("updatedAt", "9999-12-31T23:30:00-01:00"),
    ("completedAt", "0001-01-01T00:59:59+01:00"),
    ("archivedAt", "+10000-01-01T00:00:00Z"),
    ("createdAt", "2026-11-25T03:00:00." + "0" * 1000 + "Z"),
    ("updatedAt", "not a date"),
    ("targetDate", "0000-01-01"),
]


def set_on(kind: str, identifier: str, field: str, value: str) -> Fault:
    """Every answer with ``field`` of the node ``identifier`` replaced by ``value``."""

    def transform(answer: dict[str, Any]) -> dict[str, Any]:
        for node in ((answer.get("data") or {}).get(kind) or {}).get("nodes") or []:
            if identifier in (node.get("identifier"), node.get("slugId")):
                node[field] = value
        return answer

    return Fault.mutate(transform)


def public_id(emulator: LinearEmulator, field: str) -> tuple[str, str]:
    """A published item carrying ``field``: (connection, identifier)."""
    if field == "targetDate":
        project = next(p for p in emulator.workspace.projects if p.expect)
        return "projects", project.slug_id
    issue = next(i for i in emulator.workspace.issues if i.expect == "shipped")
    return "issues", issue.identifier


@pytest.mark.parametrize(("field", "value"), BAD_LINEAR_DATES)
def test_a_bad_linear_date_drops_that_item_with_a_warning(
    emulator: LinearEmulator, field: str, value: str
) -> None:
    """The item is left out and named in a warning; every other item is pulled."""
    kind, identifier = public_id(emulator, field)
    emulator.outage = set_on(kind, identifier, field, value)
    with LinearClient(TEST_KEY, emulator.url, timeout=5, max_retries=0) as client:
        result = fetch_public_items(client, LinearSettings(page_size=50), TODAY)
    expected = emulator.workspace.expected()
    assert {item.id for item in result.items} == set(expected) - {identifier}
    (warning,) = [w for w in result.warnings if identifier in w]
    assert field in warning and "left out" in warning and "\n" not in warning


def test_pull_and_build_survive_a_year_one_timestamp(
    tmp_path: Path, emulator: LinearEmulator
) -> None:
    """The reported crash: 0001-01-01T00:00:00+01:00 as createdAt; pull and build both work,
    naming the item, and the snapshot holds every other item."""
    kind, identifier = public_id(emulator, "createdAt")
    emulator.outage = set_on(kind, identifier, "createdAt", "0001-01-01T00:00:00+01:00")
    config = write_site(tmp_path, {"max_retries": 0, "timeout_seconds": 5, "page_size": 50})
    env = {"LINEAR_API_KEY": TEST_KEY, "KBGEN_LINEAR_API_URL": emulator.url}
    pulled = CliRunner().invoke(main, ["linear", "pull", "--config", str(config)], env=env)
    assert pulled.exit_code == 0 and "Traceback" not in pulled.output
    assert f"{identifier} createdAt" in pulled.stderr
    items = json.loads((tmp_path / "data" / "linear-snapshot.json").read_text())["items"]
    assert identifier not in {entry["id"] for entry in items} and items
    built = CliRunner().invoke(main, ["build", "--config", str(config)], env=env)
    assert built.exit_code == 0 and f"{identifier} createdAt" in built.stderr


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("extension", "message"),
    [(10**4000, "a number of 4,001 characters"), (nested(40), "nested too deeply")],
)
def test_an_out_of_bounds_answer_is_one_line(
    tmp_path: Path, emulator: LinearEmulator, extension: Any, message: str
) -> None:
    """A 4,001-digit number or deep nesting in Linear's answer: pull fails in one line."""

    def hostile(answer: dict[str, Any]) -> Any:
        return {"data": answer.get("data"), "extensions": {"cost": extension}}

    emulator.outage = Fault.mutate(hostile)
    config = write_site(tmp_path, {"max_retries": 0, "timeout_seconds": 5})
    env = {"LINEAR_API_KEY": TEST_KEY, "KBGEN_LINEAR_API_URL": emulator.url}
    result = CliRunner().invoke(main, ["linear", "pull", "--config", str(config)], env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    assert "out of bounds" in line and message in line


def test_an_unlabelled_item_with_a_bad_date_is_not_named(emulator: LinearEmulator) -> None:
    """Items without the public label are never named, bad date or not (filters ignored)."""
    emulator.ignore_filters = True
    private = next(i for i in emulator.workspace.issues if not i.expect and not i.labels)
    emulator.outage = set_on("issues", private.identifier, "createdAt", "0001-01-01T00:00:00+01:00")
    with LinearClient(TEST_KEY, emulator.url, timeout=5, max_retries=0) as client:
        result = fetch_public_items(client, LinearSettings(page_size=50), TODAY)
    assert {item.id: item.status for item in result.items} == emulator.workspace.expected()
    assert not any(private.identifier in warning for warning in result.warnings)


def test_stale_says_a_corrupt_snapshot_is_corrupt(tmp_path: Path) -> None:
    """stale: a conflict line in the snapshot is a warning with path:line, not "no promises"."""
    config = site(tmp_path, "snapshot", "snapshot/merge-conflict.json")
    result = cli(["stale", "--config", str(config)])
    assert result.exit_code == 0 and "Traceback" not in result.output
    (line,) = [text for text in result.stderr.splitlines() if "linear-snapshot.json" in text]
    assert ":3: not valid JSON" in line and "broken promises not listed" in line


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("snapshot/merge-conflict.json", 3),
        ("snapshot/created-year-0001-plus-offset.json", None),
        ("links/number-5000-digits.json", 7),
        ("history/at-year-0001-plus-offset.json", None),
    ],
)
def test_check_reports_what_build_refuses_or_warns_about(
    tmp_path: Path, name: str, line: int | None
) -> None:
    """check: the bad data file is a problem at path:line (or with its JSON path), exit 1."""
    kind = name.split("/")[0]
    config = site(tmp_path, kind, name)
    result = cli(["check", "--config", str(config)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    where = TARGETS[kind] + (f":{line}:" if line else ":")
    (problem,) = [text for text in result.stdout.splitlines() if TARGETS[kind] in text]
    assert f"/{where}" in problem and LOCATED[name].lstrip(":0123456789 ") in problem


def test_check_accepts_good_and_missing_data_files(tmp_path: Path) -> None:
    """A good snapshot, no link data and no history yet: nothing to report."""
    config = site(tmp_path, "snapshot", "snapshot/bom.json")
    result = cli(["check", "--config", str(config)])
    assert result.exit_code == 0, result.output


ANSWER_FIELDS = [
    "identifier", "title", "description", "createdAt", "updatedAt", "completedAt",
    "archivedAt", "trashed", "state", "team", "labels", "needs",
]  # fmt: skip
answer_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-14:00", "Public"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(ANSWER_FIELDS), answer_values), min_size=1, max_size=4))
def test_any_value_in_linear_answers_is_an_item_a_warning_or_one_error(
    changes: list[tuple[str, Any]],
) -> None:
    """Property: any JSON value in any field of a public issue, through HTTP: the pull gives
    items and warnings or raises kbgen's own error, never anything else."""

    def transform(answer: dict[str, Any]) -> dict[str, Any]:
        for node in ((answer.get("data") or {}).get("issues") or {}).get("nodes") or []:
            for field, value in changes:
                node[field] = value
            break
        return answer

    workspace = generate_workspace(public_issues=6, public_projects=1, noise_issues=0)
    with LinearEmulator(workspace, TEST_KEY) as emulator:
        emulator.outage = Fault.mutate(transform)
        with LinearClient(TEST_KEY, emulator.url, timeout=5, max_retries=0) as client:
            try:
                result = fetch_public_items(client, LinearSettings(page_size=50), TODAY)
            except KbgenError as error:
                assert "\n" not in str(error)
                return
    assert all(item.created_at.year >= 1 and "\n" not in item.title for item in result.items)
