"""``kbgen init``: the files of a new knowledge base, written without overwriting anything.

The templates are package data in ``kbgen/content/starter/``; the workflows and Dependabot
file are copied byte for byte (they are linted as they ship), the rest gets a few values.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from kbgen.config import FieldNames
from kbgen.config.content import DEFAULT_PATTERNS
from kbgen.content.docs_scan import KBGEN_FAMILY, DocsScan
from kbgen.content.requirement import installed_requirement
from kbgen.content.review_edit import yaml_scalar
from kbgen.content.scaffold import article_text
from kbgen.errors import KbgenError
from kbgen.paths import contained_problem, create_new

STARTER = resources.files("kbgen.content") / "starter"
STARTER_ARTICLE = "content/getting-started/welcome.md"
STARTER_TITLE = "Welcome to your help centre"
STARTER_DESCRIPTION = "How articles are written, checked and kept up to date here."
VERBATIM = {
    ".github/workflows/ci.yml": "workflows/ci.yml",
    ".github/workflows/nightly.yml": "workflows/nightly.yml",
    ".github/workflows/stale-report.yml": "workflows/stale-report.yml",
    ".github/dependabot.yml": "dependabot.yml",
    ".gitignore": "gitignore.txt",
    "content/getting-started/_defaults.yml": "content/getting-started/_defaults.yml",
}
ERB_PATTERNS = json.dumps(list(DEFAULT_PATTERNS))


@dataclass(frozen=True, slots=True)
class StarterFile:
    """One file ``kbgen init`` writes: its path below the site folder and its text."""

    path: str
    text: str


@dataclass(slots=True)
class InitResult:
    """Which files were created and which already existed (and were left alone)."""

    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def template(name: str) -> str:
    """A starter template's text."""
    return (STARTER / name).read_text(encoding="utf-8")


def starter_files(
    site_name: str,
    today: date,
    docs_dir: str = "content",
    scan: DocsScan | None = None,
    requirement: str | None = None,
) -> list[StarterFile]:
    """Every file of a new site; with an existing docs folder (``scan``), no starter content.

    ``requirement`` is the requirements.txt line (default: kbgen as installed here).
    """
    line = requirement if requirement is not None else installed_requirement().line
    files = [StarterFile("site_config.yml", site_config_text(site_name, docs_dir, scan))]
    files.append(
        StarterFile(
            "requirements.txt", template("requirements.txt").replace("@KBGEN_REQUIREMENT@", line)
        )
    )
    for target, source in VERBATIM.items():
        if scan is None or not target.startswith("content/"):
            files.append(StarterFile(target, template(source)))
    if scan is None:
        body = template(STARTER_ARTICLE).replace("@TITLE@", STARTER_TITLE)
        files.append(
            StarterFile(
                STARTER_ARTICLE, article_text(STARTER_TITLE, None, today, body, STARTER_DESCRIPTION)
            )
        )
    return files


def site_config_text(site_name: str, docs_dir: str, scan: DocsScan | None) -> str:
    """The commented site_config.yml, with the review fields and patterns a scan found."""
    content = f"# content:\n#   patterns: {ERB_PATTERNS}\n"
    if scan is not None and scan.erb_pages:
        content = f"content:\n  patterns: {ERB_PATTERNS}\n"
    family = scan.family if scan is not None else KBGEN_FAMILY
    return (
        template("site_config.yml")
        .replace("@SITE_NAME@", yaml_scalar(site_name))
        .replace("@DOCS_DIR@", yaml_scalar(docs_dir))
        .replace("@CONTENT_SECTION@", content)
        .replace("@REVIEW_FIELDS@", fields_text(family.name, family.fields) + git_dates_text(scan))
    )


def fields_text(family: str, fields: FieldNames) -> str:
    """The ``review.fields`` block: which frontmatter keys hold owner, date and interval."""
    return (
        f"  fields:                      # frontmatter keys ({family} style)\n"
        f"    owner: {fields.owner[0]}\n"
        f"    last_reviewed: {fields.last_reviewed[0]}\n"
        f"    review_every: {fields.review_every[0]}\n"
    )


def git_dates_text(scan: DocsScan | None) -> str:
    """``review.dates_from_git: true`` when the adopted docs folder is in git."""
    if scan is None or not scan.dates_from_git:
        return ""
    return "  dates_from_git: true         # no review date in a page: its last git commit's\n"


def write_new_files(root: Path, files: list[StarterFile]) -> InitResult:
    """Create each file that does not exist yet; never overwrite one, never write through a
    link (a link in the way counts as existing) nor into a folder whose real path leaves
    ``root``."""
    refused = [
        f"{root}: refusing to write {item.path}: {outside}"
        for item in files
        if (outside := contained_problem((root / item.path).parent, root, "project folder"))
    ]
    if refused:
        raise KbgenError("\n".join(refused))
    result = InitResult()
    for item in files:
        path = root / item.path
        if os.path.lexists(path):
            result.skipped.append(item.path)
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            create_new(path, item.text.encode("utf-8"))
        except FileExistsError:
            result.skipped.append(item.path)
        except OSError as error:
            reason = error.strerror or str(error)
            raise KbgenError(f"{root}: cannot write {item.path}: {reason}") from None
        else:
            result.created.append(item.path)
    return result


def check_writable(root: Path) -> None:
    """Fail early, in one line, when ``root`` cannot be created or written to."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise KbgenError(f"{root}: cannot create folder: {error.strerror or error}") from None
    if not root.is_dir():
        raise KbgenError(f"{root}: not a folder")
    if not os.access(root, os.W_OK | os.X_OK):
        raise KbgenError(f"{root}: folder is not writable")
