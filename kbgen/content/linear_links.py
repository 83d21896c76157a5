"""The ``linear:`` frontmatter field: which Linear issues and projects an article describes."""

from __future__ import annotations

import re

ISSUE_IDENTIFIER = re.compile(r"^[A-Z][A-Z0-9_]{0,15}-[0-9]{1,9}$")
PROJECT_SLUG_ID = re.compile(r"^[a-z0-9]{1,64}$")
MAX_LINKS = 50
_EXAMPLE = "e.g. [TAL-123, 8f2c9a1b3d4e]"


def is_issue_identifier(value: str) -> bool:
    """True for an issue identifier such as ``TAL-123``."""
    return ISSUE_IDENTIFIER.match(value) is not None


def is_link(value: str) -> bool:
    """An issue identifier or a project slug id (the id ending a Linear project URL)."""
    return is_issue_identifier(value) or PROJECT_SLUG_ID.match(value) is not None


def parse_linear_links(value: object) -> tuple[tuple[str, ...], str | None]:
    """The links in order without duplicates, and a problem message when the form is wrong.

    A single string is accepted as a one-item list; invalid entries are reported together.
    """
    if value is None:
        return (), None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        return (), f"linear must be a list of Linear issue identifiers or project ids {_EXAMPLE}"
    bad = [repr(item) for item in items if not (isinstance(item, str) and is_link(item.strip()))]
    if bad:
        return (), (
            f"linear: not a Linear issue identifier or project id: {', '.join(bad)} {_EXAMPLE}"
        )
    if len(items) > MAX_LINKS:
        return (), f"linear lists {len(items)} items; at most {MAX_LINKS}"
    return tuple(dict.fromkeys(item.strip() for item in items)), None
