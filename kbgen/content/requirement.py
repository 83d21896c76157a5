"""The ``requirements.txt`` line ``kbgen init`` writes: kbgen as it was installed here.

A site's workflows install kbgen from that line on another machine, so it must name something
that machine can fetch: a release on the package index, or the repository and commit pip
recorded in ``direct_url.json`` (PEP 610). A local folder or file cannot be fetched elsewhere:
the line still names it, and a warning says so.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from kbgen import __version__

DIST_NAME = "kbgen"
FETCHABLE_SCHEMES = ("https", "http", "ssh", "git")
SCHEME = re.compile(r"^([A-Za-z][\w+.-]*):")
AUTHORITY = re.compile(r"^(?P<scheme>[A-Za-z][\w+.-]*)://(?P<netloc>[^/?#]*)(?P<rest>.*)$", re.S)
SCP_LIKE = re.compile(r"^(?P<user>[\w.-]+@)?(?P<host>[\w.-]+\.[\w.-]+):(?!//)(?P<path>[^\s]+)$")


@dataclass(frozen=True, slots=True)
class Requirement:
    """One requirement line and, when other machines cannot install it, why."""

    line: str
    warning: str | None = None


def installed_requirement() -> Requirement:
    """The requirement for the kbgen running now (a release when pip recorded no origin)."""
    try:
        recorded = metadata.distribution(DIST_NAME).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        recorded = None
    return requirement_from(recorded, __version__)


def requirement_from(direct_url_text: str | None, version: str) -> Requirement:
    """Turn pip's ``direct_url.json`` text (None: installed from an index) into a line."""
    if direct_url_text is None:
        return Requirement(f"{DIST_NAME}=={version}")
    try:
        direct_url = json.loads(direct_url_text)
    except (ValueError, RecursionError):
        direct_url = None
    if not isinstance(direct_url, dict) or not isinstance(direct_url.get("url"), str):
        return Requirement(
            f"{DIST_NAME}=={version}",
            f"pip's record of where kbgen came from is unreadable; requirements.txt names "
            f"kbgen=={version}, which must be released on the package index",
        )
    return _from_record(direct_url, version)


def _from_record(record: dict[str, Any], version: str) -> Requirement:
    """A VCS URL and commit, a downloadable archive, or a local path (with a warning)."""
    url = without_credentials(as_url(record["url"]))
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict) and isinstance(vcs.get("commit_id"), str):
        return Requirement(f"{DIST_NAME} @ {vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}")
    scheme = scheme_of(url)
    if scheme in FETCHABLE_SCHEMES:
        return Requirement(f"{DIST_NAME} @ {url}")
    location = AUTHORITY.match(url)
    if scheme == "file" and location and isinstance(record.get("dir_info"), dict):
        return _from_checkout(Path(unquote(location["rest"])), url, version)
    return _local(url)


def _from_checkout(folder: Path, url: str, version: str) -> Requirement:
    """A git checkout with a remote: its remote and commit; any other folder: the path."""
    origin = _git(folder, "remote", "get-url", "origin")
    origin = as_url(origin) if origin else None
    commit = _git(folder, "rev-parse", "HEAD")
    if origin and commit and scheme_of(origin) in FETCHABLE_SCHEMES:
        return Requirement(
            f"{DIST_NAME} @ git+{without_credentials(origin)}@{commit}",
            f"kbgen was installed from the checkout {folder}: requirements.txt names its "
            f"commit {commit[:12]} on {without_credentials(origin)}; push that commit before "
            f"the workflows run",
        )
    return _local(url)


def _local(url: str) -> Requirement:
    """A path only this machine has: written as it is, with a warning."""
    return Requirement(
        f"{DIST_NAME} @ {url}",
        f"kbgen was installed from {url}, which other machines cannot install: edit "
        f"requirements.txt to name a release (kbgen==X.Y.Z) or a git URL and commit before "
        f"the workflows run",
    )


def scheme_of(url: str) -> str:
    """The URL's scheme in lower case ("" when it has none)."""
    match = SCHEME.match(url)
    return match[1].lower() if match else ""


def as_url(location: str) -> str:
    """git's scp-like ``user@host:path`` as an ``ssh://`` URL; anything else unchanged."""
    match = SCP_LIKE.match(location)
    if match is None:
        return location
    return f"ssh://{match['user'] or ''}{match['host']}/{match['path']}"


def without_credentials(url: str) -> str:
    """The URL without a password, or any user name over HTTP (tokens live there)."""
    match = AUTHORITY.match(url)
    if match is None or "@" not in match["netloc"]:
        return url
    userinfo, host = match["netloc"].rsplit("@", 1)
    user = userinfo.split(":", 1)[0]
    if match["scheme"].lower() in ("ssh", "git") and user:
        host = f"{user}@{host}"
    return f"{match['scheme']}://{host}{match['rest']}"


def _git(folder: Path, *args: str) -> str | None:
    """One line of git's output in ``folder``, or None when git or the answer is missing."""
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    answer = result.stdout.strip()
    return answer if result.returncode == 0 and answer and "\n" not in answer else None
