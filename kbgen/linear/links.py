"""Fetch the Linear items articles link to, public or not, keeping only freshness facts.

Identifiers are looked up in batches (issues by team key and number, projects by slug id):
one request per BATCH_SIZE items, never one per item. Every connection is bounded, and a
page scores about 30 points an item in Linear's terms, far below the 10,000-point limit.
An issue identifier no batch found may be one the issue held before it moved team
(``ENG-123``, now ``PAY-45``): Linear's ``issue(id:)`` resolves those, so each is asked once,
up to MOVED_LOOKUPS a pull; the issue's ``previousIdentifiers`` are recorded with it.
Team visibility and labels are requested only to decide whether an item is public; for a
non-public item nothing but its identifier, state type and dates is kept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from kbgen.config.linear import LinearSettings
from kbgen.content.linear_links import is_issue_identifier
from kbgen.dates import DateError, read_moment
from kbgen.linear.client import LinearClient
from kbgen.linear.errors import LinearNotFoundError
from kbgen.linear.public import select_issue, select_project
from kbgen.linear.queries import LABELS_PER_ITEM, TEAMS_PER_PROJECT
from kbgen.linear_data.link_data import (
    STATE_TYPES,
    LinkData,
    LinkedItem,
    make_link_data,
    previous_identifiers,
)

BATCH_SIZE = 100
MOVED_LOOKUPS = 50
"""``issue(id:)`` requests a pull may make for identifiers no batch found (typos cost one
each, so they are bounded; the rest stay missing, with a problem saying so)."""
_DATES = "archivedAt trashed createdAt startedAt completedAt canceledAt"
_LABELS = f"labels(first: {LABELS_PER_ITEM}) {{ pageInfo {{ hasNextPage }} nodes {{ name }} }}"
_ISSUE_FIELDS = f"""identifier
      previousIdentifiers
      {_DATES}
      state {{ type }}
      team {{ key visibility }}
      {_LABELS}"""

LINKED_ISSUES_QUERY = f"""query KbgenLinkedIssues(
  $first: Int!, $after: String, $filter: IssueFilter!
) {{
  issues(first: $first, after: $after, filter: $filter, includeArchived: true) {{
    pageInfo {{ hasNextPage endCursor }}
    nodes {{
      {_ISSUE_FIELDS}
    }}
  }}
}}"""

MOVED_ISSUE_QUERY = f"""query KbgenMovedIssue($id: String!) {{
  issue(id: $id) {{
      {_ISSUE_FIELDS}
  }}
}}"""

LINKED_PROJECTS_QUERY = f"""query KbgenLinkedProjects(
  $first: Int!, $after: String, $filter: ProjectFilter!
) {{
  projects(first: $first, after: $after, filter: $filter, includeArchived: true) {{
    pageInfo {{ hasNextPage endCursor }}
    nodes {{
      slugId
      {_DATES}
      status {{ type }}
      {_LABELS}
      teams(first: {TEAMS_PER_PROJECT}) {{ pageInfo {{ hasNextPage }} nodes {{ key visibility }} }}
    }}
  }}
}}"""


def fetch_link_data(
    client: LinearClient,
    settings: LinearSettings,
    identifiers: Iterable[str],
    generated_at: datetime,
) -> LinkData:
    """Every linked item Linear knows, and the identifiers it does not (all pages read)."""
    wanted = sorted(set(identifiers))
    issues = [key for key in wanted if is_issue_identifier(key)]
    projects = [key for key in wanted if not is_issue_identifier(key)]
    found: dict[str, LinkedItem] = {}
    problems: list[str] = []
    for batch in _batches(issues):
        variables = {"filter": issue_batch_filter(batch)}
        for node in _nodes(client, LINKED_ISSUES_QUERY, variables, "issues", len(batch)):
            _collect(linked_issue, node, settings, batch, found, problems)
    for batch in _batches(projects):
        variables = {"filter": {"slugId": {"in": batch}}}
        for node in _nodes(client, LINKED_PROJECTS_QUERY, variables, "projects", len(batch)):
            _collect(linked_project, node, settings, batch, found, problems)
    unfound = [key for key in issues if not _known(key, found)]
    for key in unfound[:MOVED_LOOKUPS]:
        if (moved := moved_issue(client, key)) is not None:
            _collect(linked_issue, moved, settings, [key], found, problems)
    if len(unfound) > MOVED_LOOKUPS:
        problems.append(
            f"{len(unfound) - MOVED_LOOKUPS} linked issue identifiers were not looked up as "
            f"moved issues (at most {MOVED_LOOKUPS} a pull); they count as missing"
        )
    missing = [key for key in wanted if not _known(key, found)]
    return make_link_data(generated_at, found.values(), missing, problems)


def moved_issue(client: LinearClient, identifier: str) -> dict[str, Any] | None:
    """The issue Linear's ``issue(id:)`` finds for ``identifier`` (a previous identifier of a
    moved issue resolves too), or None when Linear knows no such issue."""
    try:
        data = client.execute(MOVED_ISSUE_QUERY, {"id": identifier})
    except LinearNotFoundError:
        return None
    node = data.get("issue")
    return node if isinstance(node, dict) else None


def _known(identifier: str, found: Mapping[str, LinkedItem]) -> bool:
    """Whether ``identifier`` is a found item's current or previous identifier."""
    return identifier in found or any(identifier in item.previous_ids for item in found.values())


def _collect(
    read: Callable[[Mapping[str, Any], LinearSettings], LinkedItem | None],
    node: Mapping[str, Any],
    settings: LinearSettings,
    batch: list[str],
    found: dict[str, LinkedItem],
    problems: list[str],
) -> None:
    """Add the item ``node`` describes to ``found`` when ``batch`` names it (by its current or a
    previous identifier); a bad date is a problem naming it."""
    try:
        item = read(node, settings)
    except DateError as error:
        problems.append(f"linked item {error}; its freshness facts are left out")
        return
    if item is not None and not set(batch).isdisjoint((item.id, *item.previous_ids)):
        found[item.id] = item


def issue_batch_filter(identifiers: Sequence[str]) -> dict[str, Any]:
    """Issues whose team key and number match one of ``identifiers`` (TAL-123)."""
    numbers: dict[str, list[int]] = defaultdict(list)
    for identifier in identifiers:
        key, _, number = identifier.rpartition("-")
        numbers[key].append(int(number))
    return {
        "or": [
            {"team": {"key": {"eq": key}}, "number": {"in": sorted(values)}}
            for key, values in sorted(numbers.items())
        ]
    }


def linked_issue(node: Mapping[str, Any], settings: LinearSettings) -> LinkedItem | None:
    """Freshness facts of one issue; public only if kbgen would publish it."""
    identifier = str(node.get("identifier") or "")
    state = _type(node.get("state"))
    if not is_issue_identifier(identifier) or state is None:
        return None
    public = select_issue(node, settings, date.min).item is not None
    previous = previous_identifiers(node.get("previousIdentifiers"), identifier)
    return _linked(identifier, public, state, node, previous)


def linked_project(node: Mapping[str, Any], settings: LinearSettings) -> LinkedItem | None:
    """Freshness facts of one project; public only if kbgen would publish it."""
    slug = str(node.get("slugId") or "")
    state = _type(node.get("status"))
    if not slug or state is None:
        return None
    public = select_project(node, settings, date.min).item is not None
    return _linked(slug, public, state, node)


def _linked(
    identifier: str,
    public: bool,
    state: str,
    node: Mapping[str, Any],
    previous: tuple[str, ...] = (),
) -> LinkedItem:
    """Raises DateError (naming the item) for a date kbgen cannot use."""
    for key in ("createdAt", "archivedAt"):
        read_moment(node.get(key), f"{identifier} {key}")
    moments = [read_moment(node.get(key), f"{identifier} {key}") for key in _CHANGES]
    changed = max((moment for moment in moments if moment), default=None)
    completed = moments[1] if state == "completed" else None
    return LinkedItem(identifier, public, state, changed, completed, previous)


_CHANGES = ("startedAt", "completedAt", "canceledAt")


def _type(state: object) -> str | None:
    value = state.get("type") if isinstance(state, Mapping) else None
    return value if value in STATE_TYPES else None


def _batches(keys: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(keys), BATCH_SIZE):
        yield keys[start : start + BATCH_SIZE]


def _nodes(
    client: LinearClient, query: str, variables: Mapping[str, Any], name: str, size: int
) -> Iterator[dict[str, Any]]:
    for page in client.paginate(query, variables, name, size):
        yield from page  # pages are shape-checked: every node is an object
