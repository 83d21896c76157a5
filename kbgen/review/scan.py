"""Reading every article for the stale report: frontmatter only, on every core when it pays.

Large inputs are cut into chunks. This process and forked helpers take the next chunk
from a shared counter until none is left, so every core stays busy to the end; helpers
send each chunk's entries back as plain tuples, which this process unpacks between its
own chunks. Nothing but the results crosses a pipe: the helpers inherit the file list.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timezone
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kbgen.config import ReviewPolicy
from kbgen.content.articles import load_articles
from kbgen.content.folder_defaults import FolderDefaults
from kbgen.content.selection import Target
from kbgen.linear_data.link_data import LinkData
from kbgen.review.changes import Change
from kbgen.review.report import ReportEntry, entry_of
from kbgen.review.status import ReviewStatus, review_state

# Below this many files one process is faster than starting helpers.
PARALLEL_FROM = 3000
CHUNK_SIZE = 500
_STATUSES = {status.value: status for status in ReviewStatus}

Row = tuple[Any, ...]
"""A ReportEntry as plain values, one per field of ``_ROW_FIELDS`` (what helpers send)."""
_ROW_FIELDS = tuple(f.name for f in fields(ReportEntry) if f.name != "signals")
"""Every field a scan fills (readers' signals are added later, in the parent)."""
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ScanJob:
    """A slice of one target's files, and everything needed to judge them."""

    root: Path
    files: tuple[Path, ...]
    policy: ReviewPolicy
    as_of: date
    due_within_days: int
    links: LinkData | None = None
    defaults_root: Path | None = None
    """Where ``_defaults.yml`` are read from, when not ``root``: the content folder holding it."""


@dataclass(slots=True)
class ScanResult:
    """Every file's report entry, in no particular order, and warnings about folder defaults."""

    total: int
    progress: Progress | None = None
    entries: list[ReportEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, entries: list[ReportEntry], warnings: list[str]) -> None:
        """Take one chunk's results and report progress."""
        self.entries += entries
        self.warnings += [warning for warning in warnings if warning not in self.warnings]
        if self.progress:
            self.progress(len(self.entries), self.total)


def scan_targets(
    targets: Sequence[Target],
    policy: ReviewPolicy,
    as_of: date,
    due_within_days: int,
    progress: Progress | None = None,
    processes: int | None = None,
    parallel_from: int = PARALLEL_FROM,
    links: LinkData | None = None,
) -> ScanResult:
    """Judge every file of ``targets``; from ``parallel_from`` files, on ``processes`` cores.

    Invalid files become ``invalid`` entries: nothing in the content stops the scan.
    ``links`` (what the last Linear pull recorded) makes articles ``changed``.
    """
    jobs = list(make_jobs(targets, policy, as_of, due_within_days, links))
    result = ScanResult(sum(len(job.files) for job in jobs), progress)
    workers = min(processes or os.cpu_count() or 1, len(jobs))
    if result.total < parallel_from or workers < 2:
        for job in jobs:
            result.add(*judge(job))
    else:
        judge_in_parallel(jobs, workers, result)
    return result


def make_jobs(
    targets: Sequence[Target],
    policy: ReviewPolicy,
    as_of: date,
    due_within_days: int,
    links: LinkData | None = None,
) -> Iterator[ScanJob]:
    """Cut each target's files into CHUNK_SIZE slices."""
    for target in targets:
        files = target.files
        for start in range(0, len(files), CHUNK_SIZE):
            chunk = tuple(files[start : start + CHUNK_SIZE])
            yield ScanJob(
                target.root, chunk, policy, as_of, due_within_days, links, target.link_base
            )


def judge(job: ScanJob) -> tuple[list[ReportEntry], list[str]]:
    """Read one slice of files (frontmatter only) into entries, plus folder-default problems."""
    defaults = FolderDefaults(job.defaults_root or job.root)
    # Judged as `kbgen check` judges them: a review date after today (UTC) is a problem.
    today = datetime.now(timezone.utc).date()
    articles = load_articles(job.files, job.root, job.policy, today, defaults, check_body=False)
    window, links = job.due_within_days, job.links
    entries = [entry_of(review_state(item, job.as_of, window, links)) for item in articles]
    return entries, [str(problem) for problem in defaults.problems]


def judge_in_parallel(jobs: list[ScanJob], workers: int, result: ScanResult) -> None:
    """Share ``jobs`` between this process and ``workers - 1`` helpers."""
    # fork shares the jobs already in memory; the platform default (spawn) elsewhere.
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    counter = context.Value("q", 0)
    helpers = [Helper(context, jobs, counter) for _ in range(workers - 1)]
    try:
        while (index := claim(counter)) < len(jobs):
            result.add(*judge(jobs[index]))
            for helper in helpers:
                helper.relay(result, wait=False)
        for helper in helpers:
            helper.relay(result, wait=True)
    finally:
        for helper in helpers:
            helper.stop()


def claim(counter: Any) -> int:
    """Take the index of the next unjudged job from ``counter``, a shared ``Value``."""
    with counter.get_lock():
        index = counter.value
        counter.value = index + 1
    return int(index)


class Helper:
    """A forked process judging jobs it claims, and the pipe its results come back on.

    It sends ``("rows", rows, warnings)`` per job, then ``("done",)``, or
    ``("failed", reason)``.
    """

    def __init__(self, context: Any, jobs: list[ScanJob], counter: Any) -> None:
        self.connection, sender = context.Pipe(duplex=False)
        self.done = False
        arguments = (jobs, counter, sender)
        self.process = context.Process(target=serve_jobs, args=arguments, daemon=True)
        self.process.start()
        sender.close()

    def relay(self, result: ScanResult, wait: bool) -> None:
        """Take the results that have arrived (``wait``: all of them, until it is done)."""
        while not self.done and (wait or self.connection.poll()):
            try:
                message = self.connection.recv()
            except EOFError:
                raise RuntimeError("a stale-report helper process ended early") from None
            if message[0] == "rows":
                result.add([entry_from_row(row) for row in message[1]], message[2])
            elif message[0] == "done":
                self.done = True
            else:
                raise RuntimeError(f"a stale-report helper process failed: {message[1]}")

    def stop(self) -> None:
        """Close the pipe and reap the process (ending it first if it is not done)."""
        self.connection.close()
        if not self.done:
            self.process.terminate()
        self.process.join()


def serve_jobs(jobs: list[ScanJob], counter: Any, connection: Connection) -> None:
    """In a helper: judge claimed jobs until none is left, sending each one's rows.

    A thread does the sending, so a full pipe never stops the judging.
    """
    outbox: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
    sender = threading.Thread(target=send_all, args=(outbox, connection))
    sender.start()
    try:
        while (index := claim(counter)) < len(jobs):
            entries, warnings = judge(jobs[index])
            outbox.put(("rows", [entry_to_row(entry) for entry in entries], warnings))
        outbox.put(("done",))
    except BaseException as error:  # reported by the parent, which owns the terminal
        outbox.put(("failed", f"{type(error).__name__}: {error}"))
    finally:
        outbox.put(None)
        sender.join()
        connection.close()


def send_all(outbox: queue.SimpleQueue[tuple[Any, ...] | None], connection: Connection) -> None:
    """Send each message put in ``outbox`` until the ``None`` that ends them."""
    while (message := outbox.get()) is not None:
        connection.send(message)


def entry_to_row(entry: ReportEntry) -> Row:
    """A plain tuple: pickles several times faster than the slotted dataclass. Every field
    goes, by name, so a new report field needs no change here."""
    return tuple(_plain(getattr(entry, name)) for name in _ROW_FIELDS)


def entry_from_row(row: Row) -> ReportEntry:
    """Rebuild the entry a helper sent."""
    values = dict(zip(_ROW_FIELDS, row, strict=True))
    values["status"] = _STATUSES[values["status"]]
    values["changes"] = tuple(Change(*change) for change in values["changes"])
    return ReportEntry(**values)


def _plain(value: object) -> object:
    """A field's value as builtins: a status by its value, changes as tuples."""
    if isinstance(value, ReviewStatus):
        return value.value
    if isinstance(value, tuple) and value and isinstance(value[0], Change):
        return tuple((c.id, c.event, c.date, c.linked_as) for c in value)
    return value
