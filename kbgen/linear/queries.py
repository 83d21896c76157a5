"""GraphQL text kbgen sends to Linear, and the filters that go with it.

Every field is checked against Linear's published schema by the emulator tests. Every
connection is bounded with ``first`` so a page stays far below Linear's 10,000-point
complexity limit even at 250 items; only fields that may be published (or that decide
whether an item may be) are requested: no assignees, creators, comments, customers or URLs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

LABELS_PER_ITEM = 20
TEAMS_PER_PROJECT = 5
REQUESTS_COUNTED = 50
PAGE_SIZE_WITH_REQUESTS = 100
"""Counting customer requests costs ~55 points an item, so such pages hold at most 100."""

OPEN_ISSUE_STATES = ("backlog", "unstarted", "started")
OPEN_PROJECT_STATES = ("backlog", "planned", "started", "paused")

_NEEDS = f"needs(first: {REQUESTS_COUNTED}) {{ pageInfo {{ hasNextPage }} nodes {{ id }} }}"

_ISSUES = """query KbgenPublicIssues($first: Int!, $after: String, $filter: IssueFilter!) {
  issues(first: $first, after: $after, filter: $filter, includeArchived: false) {
    pageInfo { hasNextPage endCursor }
    nodes {
      identifier
      title
      description
      archivedAt
      trashed
      createdAt
      updatedAt
      completedAt
      state { type }
      team { key visibility }
      labels(first: %(labels)d) { pageInfo { hasNextPage } nodes { name } }
      %(needs)s
    }
  }
}"""

_PROJECTS = """query KbgenPublicProjects($first: Int!, $after: String, $filter: ProjectFilter!) {
  projects(first: $first, after: $after, filter: $filter, includeArchived: false) {
    pageInfo { hasNextPage endCursor }
    nodes {
      slugId
      name
      content
      archivedAt
      trashed
      createdAt
      updatedAt
      completedAt
      targetDate
      targetDateResolution
      status { type }
      labels(first: %(labels)d) { pageInfo { hasNextPage } nodes { name } }
      teams(first: %(teams)d) { pageInfo { hasNextPage } nodes { key visibility } }
      %(needs)s
    }
  }
}"""

CHECK_QUERY = """query KbgenCheck($label: String!) {
  organization { name }
  issueLabels(first: 50, filter: { name: { eqIgnoreCase: $label } }) {
    nodes { name team { key } }
  }
  projectLabels(first: 50, filter: { name: { eqIgnoreCase: $label } }) {
    nodes { name }
  }
  rateLimitStatus {
    limits { type allowedAmount remainingAmount period reset }
  }
}"""


def issues_query(with_requests: bool) -> str:
    """The paginated query for labelled issues (optionally counting customer requests)."""
    return _ISSUES % {"labels": LABELS_PER_ITEM, "needs": _NEEDS if with_requests else ""}


def projects_query(with_requests: bool) -> str:
    """The paginated query for labelled projects (optionally counting customer requests)."""
    needs = _NEEDS if with_requests else ""
    return _PROJECTS % {"labels": LABELS_PER_ITEM, "teams": TEAMS_PER_PROJECT, "needs": needs}


def effective_page_size(page_size: int, with_requests: bool) -> int:
    """The page size actually used: smaller when customer requests are counted."""
    return min(page_size, PAGE_SIZE_WITH_REQUESTS) if with_requests else page_size


def issue_filter(label: str, teams: tuple[str, ...], shipped_since: date) -> dict[str, Any]:
    """Issues with the public label that are open, or completed since ``shipped_since``."""
    found: dict[str, Any] = {
        "labels": {"some": {"name": {"eq": label}}},
        "or": [
            {"state": {"type": {"in": list(OPEN_ISSUE_STATES)}}},
            {"state": {"type": {"eq": "completed"}}, "completedAt": _since(shipped_since)},
        ],
    }
    if teams:
        found["team"] = {"key": {"in": list(teams)}}
    return found


def project_filter(label: str, teams: tuple[str, ...], shipped_since: date) -> dict[str, Any]:
    """Projects with the public project label that are open, or completed recently."""
    found: dict[str, Any] = {
        "labels": {"some": {"name": {"eq": label}}},
        "or": [
            {"status": {"type": {"in": list(OPEN_PROJECT_STATES)}}},
            {"status": {"type": {"eq": "completed"}}, "completedAt": _since(shipped_since)},
        ],
    }
    if teams:
        found["accessibleTeams"] = {"some": {"key": {"in": list(teams)}}}
    return found


def _since(day: date) -> dict[str, str]:
    return {"gte": f"{day.isoformat()}T00:00:00.000Z"}
