"""``data/published-urls.json``: every URL a build has ever published, kept in the repository.

One entry per URL: the source path it was built from, and the first and last build dates.
A URL stays in the record after its page goes: that is how a later build knows it needs a
redirect, and how ``kbgen check`` knows it would now 404. Read within bounds, never through
a link; each URL and source path is checked (site-relative, no ``..``) before it is used.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from kbgen.atomic import read_json, write_atomic
from kbgen.config.redirects import site_path_problem, url_path
from kbgen.dates import DateError, read_day
from kbgen.errors import KbgenError
from kbgen.paths import Sources, UnsafePathError, check_write, path_text_problem, write_problem

RECORD_PATH = Path("data/published-urls.json")
RECORD_VERSION = 1


class PublishedUrlsError(KbgenError):
    """The record of published URLs cannot be read or written: ``path: reason``."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PublishedUrl:
    """One URL a build published: from which source, first and last built when."""

    url: str
    source: str
    first_built: date
    last_built: date


def record_path(root: Path) -> Path:
    """Where a project keeps the record: ``data/published-urls.json`` beside site_config.yml."""
    return root / RECORD_PATH


def read_record(path: Path) -> tuple[PublishedUrl, ...]:
    """The recorded URLs (none when the file does not exist yet); PublishedUrlsError naming
    the file and the entry when it is unreadable or holds a bad URL, path or date."""
    try:
        document = read_json(path)
    except FileNotFoundError:
        return ()
    except (OSError, ValueError, UnsafePathError) as error:
        raise PublishedUrlsError(path, f"cannot read the published URLs: {error}") from None
    entries = document.get("urls") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise PublishedUrlsError(path, "must be an object with a 'urls' list")
    return tuple(entry_of(path, index, item) for index, item in enumerate(entries))


def entry_of(path: Path, index: int, item: object) -> PublishedUrl:
    """One entry, validated; PublishedUrlsError naming ``urls[index]``."""
    where = f"urls[{index}]"
    if not isinstance(item, dict):
        raise PublishedUrlsError(path, f"{where}: must be an object")
    url, source = item.get("url"), item.get("source")
    judged = (("url", url, url_problem, "a site-relative path"),
              ("source", source, source_problem, "a path in the content folder"))  # fmt: skip
    for key, value, problem_of, kind in judged:
        if not isinstance(value, str) or (problem := problem_of(value)):
            shown = repr(value)[:80]
            raise PublishedUrlsError(
                path, f"{where}.{key}: {shown} {problem or 'must be text'} ({kind})"
            )
    assert isinstance(url, str) and isinstance(source, str)
    if url_path(url) != url or "#" in url + source:
        raise PublishedUrlsError(path, f"{where}.url: {url!r} is not written as {url_path(url)!r}")
    try:
        first = read_day(item.get("first_built"), f"{where}.first_built")
        last = read_day(item.get("last_built"), f"{where}.last_built")
    except DateError as error:
        raise PublishedUrlsError(path, str(error)) from None
    if first is None or last is None:
        raise PublishedUrlsError(path, f"{where}: needs first_built and last_built dates")
    return PublishedUrl(url, source, first, last)


def url_problem(url: str) -> str | None:
    """Why a recorded URL is not one a build records (percent-encoded where it must be)."""
    return site_path_problem(url, target=True)


def source_problem(source: str) -> str | None:
    """Why a recorded source is not a file name in the content folder. Any name a page file
    may have is fine (quotes, spaces, '?': its URL is encoded, not its name)."""
    if (problem := path_text_problem(source)) is not None:
        return problem
    if source.startswith("/") or any(part in ("", ".", "..") for part in source.split("/")):
        return "must be relative to the content folder, without '.' or '..' steps"
    return None


def updated_record(
    record: tuple[PublishedUrl, ...], published: Mapping[str, str], today: date
) -> tuple[PublishedUrl, ...]:
    """The record after a build on ``today`` that published ``published`` (URL -> source),
    sorted by URL: new URLs added, published ones' source and last date brought up to date."""
    entries = {entry.url: entry for entry in record}
    for url, source in published.items():
        old = entries.get(url)
        entries[url] = (
            replace(old, source=source, last_built=today)
            if old is not None
            else PublishedUrl(url, source, today, today)
        )
    return tuple(entries[url] for url in sorted(entries))


def record_document(record: tuple[PublishedUrl, ...]) -> dict[str, object]:
    """The record as the JSON document written to the repository."""
    return {
        "version": RECORD_VERSION,
        "urls": [
            {
                "url": entry.url,
                "source": entry.source,
                "first_built": entry.first_built.isoformat(),
                "last_built": entry.last_built.isoformat(),
            }
            for entry in record
        ],
    }


def check_record_path(path: Path, sources: Sources) -> None:
    """PublishedUrlsError when the record could not be written at ``path`` under the path
    policy (a ``data`` folder linked into the content folder, a link, outside the project):
    asked by ``check`` and by a build before its site replaces the old one."""
    if (problem := write_problem(path, sources, within=sources.project)) is not None:
        raise PublishedUrlsError(path, f"cannot record the published URLs: {problem}")


def write_record(path: Path, record: tuple[PublishedUrl, ...], sources: Sources) -> None:
    """Write the record atomically under kbgen's path policy: never through a link, never
    over a source, never outside the project."""
    data = (json.dumps(record_document(record), indent=2, ensure_ascii=False) + "\n").encode()
    try:
        check_write(path, sources, within=sources.project)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, sources, within=sources.project)
    except (OSError, UnsafePathError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise PublishedUrlsError(path, f"cannot record the published URLs: {reason}") from None


def entry_line(path: Path, url: str) -> int | None:
    """The line of ``url``'s entry in the record file, for ``path:line`` problems."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    needle = f'"url": {json.dumps(url, ensure_ascii=False)}'
    return next((number for number, line in enumerate(lines, 1) if needle in line), None)
