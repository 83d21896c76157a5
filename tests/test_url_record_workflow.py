"""The nightly workflows remember the URLs they publish: the build hands
``data/published-urls.json`` to the ``record-urls`` job, which merges it into the branch's
record and pushes one commit. Its script runs here for real, against a local git remote,
and its merge is held to kbgen's own record (``kbgen.content.published_urls``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.content.published_urls import (
    PublishedUrl,
    read_record,
    record_document,
    updated_record,
)

ROOT = Path(__file__).resolve().parents[1]
NIGHTLY = [
    ROOT / ".github/workflows/nightly.yml",
    ROOT / "kbgen/content/starter/workflows/nightly.yml",
]
IDS = ["repository", "kbgen-init"]
RECORD = "data/published-urls.json"
ARTIFACT = "published-urls"
SCRIPT_STEP = "Commit and push the record"
GIT_IDENTITY = ["-c", "user.name=T", "-c", "user.email=t@example.com"]
MERGE = re.compile(r"<<'PY'\n(?P<code>.*?)\nPY\n", re.DOTALL)


def load(path: Path) -> dict[str, Any]:
    """A workflow as a mapping."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def record_script(path: Path) -> str:
    """The shell script of the record job's commit step."""
    job = load(path)["jobs"]["record-urls"]
    (step,) = [s for s in job["steps"] if s.get("name") == SCRIPT_STEP]
    return str(step["run"])


def merge_code(path: Path) -> str:
    """The Python merge the commit step runs (its heredoc)."""
    found = MERGE.search(record_script(path))
    assert found, "the record step holds no Python merge"
    return found["code"]


def record_bytes(record: tuple[PublishedUrl, ...]) -> bytes:
    """The record file exactly as ``kbgen build`` writes it."""
    return (json.dumps(record_document(record), indent=2, ensure_ascii=False) + "\n").encode()


def git(cwd: Path, *arguments: str) -> str:
    """Run git; its standard output."""
    done = subprocess.run(["git", *GIT_IDENTITY, *arguments], cwd=cwd, check=True,
                          capture_output=True, text=True)  # fmt: skip
    return done.stdout


def day(number: int) -> date:
    """A build date: day ``number`` of 2026."""
    return date.fromordinal(date(2026, 1, 1).toordinal() + number)


@pytest.mark.parametrize("path", NIGHTLY, ids=IDS)
def test_the_build_hands_its_record_to_the_record_job(path: Path) -> None:
    """The build uploads data/published-urls.json; record-urls downloads that artifact."""
    jobs = load(path)["jobs"]
    (upload,) = [s for s in jobs["build"]["steps"] if "upload-artifact@" in s.get("uses", "")
                 and s["with"]["name"] == ARTIFACT]  # fmt: skip
    assert upload["with"]["path"] == RECORD
    assert upload["with"]["if-no-files-found"] == "error"
    record_steps = jobs["record-urls"]["steps"]
    (download,) = [s for s in record_steps if "download-artifact@" in s.get("uses", "")]
    assert download["with"]["name"] == ARTIFACT


@pytest.mark.parametrize("path", NIGHTLY, ids=IDS)
def test_the_record_job_commits_only_after_a_deployment_and_holds_no_secret(path: Path) -> None:
    """record-urls runs after build and deploy, may only write contents, and has no secret
    or environment (the Linear key stays with the build step)."""
    job = load(path)["jobs"]["record-urls"]
    assert set(job["needs"]) == {"build", "deploy"} and "if" not in job
    assert job["permissions"] == {"contents": "write"}
    assert "environment" not in job
    assert "secrets." not in yaml.safe_dump(job)


def remote_with_record(tmp_path: Path, record: tuple[PublishedUrl, ...]) -> tuple[Path, Path]:
    """A bare origin whose main holds ``record``, and a shallow checkout of it (as
    actions/checkout makes)."""
    seed, origin, workspace = tmp_path / "seed", tmp_path / "origin.git", tmp_path / "workspace"
    (seed / "data").mkdir(parents=True)
    (seed / RECORD).write_bytes(record_bytes(record))
    (seed / "README.md").write_text("help\n", encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main", str(seed))
    git(seed, "add", ".")
    git(seed, "commit", "-q", "-m", "seed")
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(origin))
    git(tmp_path, "clone", "-q", "--depth=1", f"file://{origin}", str(workspace))
    return origin, workspace


def run_record_job(workflow: Path, workspace: Path, built: bytes, runner_temp: Path) -> str:
    """Run the commit step's script as the runner would: the artifact in RUNNER_TEMP."""
    artifact = runner_temp / ARTIFACT / "published-urls.json"
    artifact.parent.mkdir(parents=True, exist_ok=True)
    artifact.write_bytes(built)
    env = {**os.environ, "RUNNER_TEMP": str(runner_temp), "GITHUB_REF": "refs/heads/main",
           "GH_TOKEN": "not-a-token", "GIT_CONFIG_GLOBAL": os.devnull}  # fmt: skip
    done = subprocess.run(["bash", "-c", record_script(workflow)], cwd=workspace, env=env,
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def committed_record(origin: Path) -> bytes:
    """The record on origin's main."""
    return subprocess.run(["git", "show", f"main:{RECORD}"], cwd=origin, check=True,
                          capture_output=True).stdout  # fmt: skip


OLD = updated_record((), {"/": "index.md", "/billing/refunds/": "billing/refunds.md"}, day(1))
BUILT = updated_record(OLD, {"/": "index.md", "/payments/refunds/": "payments/refunds.md"}, day(9))


@pytest.mark.parametrize("workflow", NIGHTLY, ids=IDS)
def test_the_record_job_pushes_the_builds_record(tmp_path: Path, workflow: Path) -> None:
    """After a build, origin's main holds exactly the record kbgen wrote, in one bot commit;
    a second run finds nothing to commit."""
    origin, workspace = remote_with_record(tmp_path, OLD)
    run_record_job(workflow, workspace, record_bytes(BUILT), tmp_path / "runner")
    assert committed_record(origin) == record_bytes(BUILT)
    log = git(origin, "log", "--format=%an|%s", "main").splitlines()
    assert log[0] == "github-actions[bot]|Record the URLs the nightly build published"
    again = run_record_job(workflow, workspace, record_bytes(BUILT), tmp_path / "runner")
    assert "up to date" in again
    assert len(git(origin, "log", "--format=%H", "main").splitlines()) == len(log)


@pytest.mark.parametrize("workflow", NIGHTLY, ids=IDS)
def test_a_record_committed_meanwhile_is_merged_not_lost(tmp_path: Path, workflow: Path) -> None:
    """Someone committed a record (a local build) after the nightly checked out: the pushed
    record holds both builds' URLs, each with its earliest first and latest last date."""
    origin, workspace = remote_with_record(tmp_path, OLD)
    elsewhere = tmp_path / "elsewhere"
    git(tmp_path, "clone", "-q", f"file://{origin}", str(elsewhere))
    local = updated_record(OLD, {"/faq/new/": "faq/new.md", "/": "home.md"}, day(12))
    (elsewhere / RECORD).write_bytes(record_bytes(local))
    git(elsewhere, "commit", "-q", "-am", "a local build")
    git(elsewhere, "push", "-q", "origin", "main")
    run_record_job(workflow, workspace, record_bytes(BUILT), tmp_path / "runner")
    merged_path = tmp_path / "merged.json"
    merged_path.write_bytes(committed_record(origin))
    merged = {entry.url: entry for entry in read_record(merged_path)}
    assert set(merged) == {"/", "/billing/refunds/", "/payments/refunds/", "/faq/new/"}
    assert merged["/"] == PublishedUrl("/", "home.md", day(1), day(12))
    moved = PublishedUrl("/payments/refunds/", "payments/refunds.md", day(9), day(9))
    assert merged["/payments/refunds/"] == moved
    assert git(origin, "log", "-1", "--format=%s", "main").strip().startswith("Record the URLs")


def run_merge(code: str, folder: Path, built: bytes, committed: bytes | None) -> bytes:
    """Run the workflow's merge on two record files; the committed file afterwards."""
    built_path, committed_path = folder / "built.json", folder / "data" / "committed.json"
    built_path.write_bytes(built)
    if committed is None:
        committed_path.unlink(missing_ok=True)
    else:
        committed_path.parent.mkdir(exist_ok=True)
        committed_path.write_bytes(committed)
    argv = sys.argv
    sys.argv = ["-", str(built_path), str(committed_path)]
    try:
        exec(compile(code, "record-urls merge", "exec"), {"__name__": "__main__"})
    finally:
        sys.argv = argv
    return committed_path.read_bytes()


SEGMENT = st.text(alphabet="abcxyzé-_0", min_size=1, max_size=6)
URLS = st.lists(SEGMENT, max_size=2).map(lambda parts: "/" + "".join(f"{p}/" for p in parts))
PUBLISHED = st.dictionaries(URLS, SEGMENT.map(lambda name: f"{name}.md"), max_size=6)
BUILDS = st.lists(st.tuples(PUBLISHED, st.integers(0, 300)), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(builds=BUILDS, published=PUBLISHED, later=st.integers(0, 30))
def test_merging_into_the_record_the_build_read_gives_the_builds_bytes(
    tmp_path_factory: pytest.TempPathFactory,
    builds: list[tuple[dict[str, str], int]],
    published: dict[str, str],
    later: int,
) -> None:
    """Property: for any history of builds, merging a new build's record into the record it
    started from yields byte for byte the file kbgen wrote (the common nightly case)."""
    record: tuple[PublishedUrl, ...] = ()
    for urls, number in sorted(builds, key=lambda build: build[1]):
        record = updated_record(record, urls, day(number))
    built = updated_record(record, published, day(301 + later))
    folder = tmp_path_factory.mktemp("merge")
    committed = record_bytes(record) if record else None
    assert run_merge(merge_code(NIGHTLY[1]), folder, record_bytes(built), committed) == (
        record_bytes(built)
    )


@settings(max_examples=60, deadline=None)
@given(first=BUILDS, second=BUILDS)
def test_merging_two_records_keeps_every_url_and_its_dates(
    tmp_path_factory: pytest.TempPathFactory,
    first: list[tuple[dict[str, str], int]],
    second: list[tuple[dict[str, str], int]],
) -> None:
    """Property: merging any two records gives a record kbgen reads, holding every URL of
    both with the earliest first and the latest last build date, sorted by URL."""
    records = []
    for builds in (first, second):
        record: tuple[PublishedUrl, ...] = ()
        for urls, number in sorted(builds, key=lambda build: build[1]):
            record = updated_record(record, urls, day(number))
        records.append(record)
    folder = tmp_path_factory.mktemp("merge")
    merged_bytes = run_merge(merge_code(NIGHTLY[0]), folder, record_bytes(records[1]),
                             record_bytes(records[0]))  # fmt: skip
    (folder / "merged.json").write_bytes(merged_bytes)
    merged = read_record(folder / "merged.json")
    assert [entry.url for entry in merged] == sorted({e.url for r in records for e in r})
    for entry in merged:
        both = [e for r in records for e in r if e.url == entry.url]
        assert entry.first_built == min(e.first_built for e in both)
        assert entry.last_built == max(e.last_built for e in both)
        assert entry.source in {e.source for e in both if e.last_built == entry.last_built}


def test_both_nightly_workflows_run_the_same_record_script() -> None:
    """The repository's nightly and the one kbgen init writes commit the record alike."""
    assert record_script(NIGHTLY[0]) == record_script(NIGHTLY[1])
