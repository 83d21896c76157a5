"""``kbgen init --docs-dir DIR --owner NAME``: adopt a folder of plain Markdown in place.

The folder's ``_defaults.yml`` carries the owner (every page below inherits it); a page
without a review date is judged by its last git commit (``review.dates_from_git: true``)
when the folder is in git, and is given today's date (a frontmatter block where it has
none) when it is not, or when it was never committed. No other byte of any page changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kbgen.config import ReviewPolicy
from kbgen.content.articles import iter_markdown, load_articles
from kbgen.content.docs_scan import FieldFamily
from kbgen.content.folder_defaults import DEFAULTS_FILE
from kbgen.content.git_history import in_git
from kbgen.content.review_edit import MarkReviewedError, mark_file_reviewed, yaml_scalar
from kbgen.errors import KbgenError
from kbgen.paths import create_new


@dataclass(frozen=True, slots=True)
class Adoption:
    """What adopting the folder did."""

    defaults: Path
    defaults_written: bool
    dates_from_git: bool
    dated_today: tuple[str, ...]
    """Pages given today's review date (not in git, or never committed)."""
    refused: tuple[str, ...]
    """``path:line: why`` for each page whose frontmatter could not be edited."""


def adopt_docs(folder: Path, family: FieldFamily, owner: str, today: date) -> Adoption:
    """Write the owner into ``folder/_defaults.yml``, then date every page without a date."""
    defaults = folder / DEFAULTS_FILE
    written = write_defaults(defaults, owner)
    from_git = in_git(folder)
    policy = ReviewPolicy(fields=family.fields, dates_from_git=from_git)
    files = list(iter_markdown(folder, articles_only=True))
    undated = [
        article
        for article in load_articles(files, folder, policy, today, check_body=False)
        if article.last_reviewed is None and not article.unreadable
    ]
    dated, refused = [], []
    for article in undated:
        try:
            mark_file_reviewed(article.path, today, policy, within=folder)
        except MarkReviewedError as error:
            refused.append(f"{article.path}:{error.line or 1}: {error.message}")
        else:
            dated.append(article.rel_path)
    return Adoption(defaults, written, from_git, tuple(dated), tuple(refused))


def write_defaults(path: Path, owner: str) -> bool:
    """Create ``_defaults.yml`` naming the owner; False when the folder already has one."""
    text = (
        "# Folder defaults: every page below inherits these unless it says otherwise.\n"
        f"owner: {yaml_scalar(owner)}\n"
    )
    if os.path.lexists(path):
        return False
    try:
        create_new(path, text.encode("utf-8"))
    except FileExistsError:
        return False
    except OSError as error:
        raise KbgenError(f"{path}: cannot write: {error.strerror or error}") from None
    return True
