"""What git knows about the content folder: renamed files and each file's last commit date.

Only asked when the folder is inside a git work tree; without git (or outside a repository)
every answer is empty, silently. Paths are relative to the folder asked about.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

GIT_TIMEOUT_SECONDS = 60


def run_git(folder: Path, *arguments: str) -> str | None:
    """git's standard output run in ``folder``; None without git, a repository or success."""
    git = shutil.which("git")
    if git is None or not folder.is_dir():
        return None
    try:
        done = subprocess.run(
            [git, "-c", "core.quotepath=off", *arguments],
            cwd=folder,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "surrogateescape")


def in_git(folder: Path) -> bool:
    """True when ``folder`` lies inside a git work tree."""
    return (run_git(folder, "rev-parse", "--is-inside-work-tree") or "").strip() == "true"


def renamed_files(folder: Path) -> dict[str, str]:
    """Each path that git saw renamed below ``folder`` -> the path it has now (chains followed).

    Committed renames (``git log --diff-filter=R``), oldest first, then staged ones (a
    ``git mv`` not yet committed). A rename back to an earlier name ends the chain there.
    """
    committed = run_git(
        folder, "log", "--reverse", "-M", "--diff-filter=R", "--name-status",
        "--format=", "-z", "--relative", "--", ".",
    )  # fmt: skip
    if committed is None:
        return {}
    staged = run_git(folder, "diff", "--cached", "-M", "--name-status", "-z", "--relative")
    moves: dict[str, str] = {}
    for old, new in [*rename_pairs(committed), *rename_pairs(staged or "")]:
        moves.pop(new, None)
        moves[old] = new
    return {old: final_name(old, moves) for old in moves}


def rename_pairs(output: str) -> list[tuple[str, str]]:
    """The (old, new) pairs of ``--name-status -z`` output (``R100 NUL old NUL new NUL``)."""
    fields = [field.strip("\n") for field in output.split("\0")]
    pairs, index = [], 0
    while index < len(fields):
        status = fields[index]
        if status.startswith(("R", "C")) and index + 2 < len(fields):
            if status.startswith("R"):
                pairs.append((fields[index + 1], fields[index + 2]))
            index += 3
        else:
            index += 2 if status else 1
    return pairs


def final_name(old: str, moves: dict[str, str]) -> str:
    """Follow ``old`` through ``moves`` to its newest name (stopping on a loop)."""
    seen = {old}
    name = moves[old]
    while name in moves and moves[name] not in seen:
        seen.add(name)
        name = moves[name]
    return name


def last_commit_dates(folder: Path) -> dict[str, date]:
    """The date of the last commit touching each file below ``folder`` (author date, in UTC)."""
    output = run_git(
        folder, "log", "--format=%x00%aI", "--name-only", "-z", "--relative", "--", "."
    )
    if output is None:
        return {}
    dates: dict[str, date] = {}
    when: date | None = None
    for field in output.split("\0"):
        name = field.strip("\n")
        if not name:
            continue
        parsed = commit_date(name)
        if parsed is not None:
            when = parsed
        elif when is not None:
            dates.setdefault(name, when)
    return dates


def commit_date(text: str) -> date | None:
    """The date of an ISO 8601 commit timestamp (``2026-11-02T10:00:00+01:00``), else None."""
    if len(text) < 20 or text[4] != "-" or "T" not in text:
        return None
    try:
        return datetime.fromisoformat(text).astimezone(timezone.utc).date()
    except ValueError:
        return None


def commit_dates_after_renames(folder: Path) -> dict[str, date]:
    """``last_commit_dates``, where a file renamed but not committed since (a staged
    ``git mv``, as ``kbgen move`` makes) keeps the date of its old name."""
    dates = last_commit_dates(folder)
    if not dates:
        return dates
    for old, new in renamed_files(folder).items():
        if new not in dates and old in dates:
            dates[new] = dates[old]
    return dates
