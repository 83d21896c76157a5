"""Resolvers serving a Workspace through Linear's schema, with real Relay pagination and filters.

graphql-core's default resolver reads a dict key named like the field and calls it when it is
callable, so each node is a dict whose connection fields are functions of the arguments.
Filters support the comparators kbgen (and the tests) use; anything else is an error, so a
query relying on unmodelled behaviour fails loudly instead of silently matching everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timezone
from typing import Any

from graphql import GraphQLError

from .workspace import Customer, Issue, Label, Need, Project, Team, User, Workspace

MAX_FIRST = 250


class Unsupported(GraphQLError):
    """The emulator does not model this argument or filter."""


def iso(moment: datetime | date | None) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return moment.isoformat()


def connection(
    records: Iterable[Any],
    args: dict[str, Any],
    to_node: Callable[[Any], dict[str, Any]],
    fields: dict[str, Any] | None = None,
    ignore_filters: bool = False,
) -> dict[str, Any]:
    """One page of ``records`` per Relay rules: first/after, pageInfo, nodes and edges."""
    if args.get("last") is not None or args.get("before") is not None:
        raise Unsupported("emulator: backwards pagination is not modelled")
    first = args.get("first")
    first = 50 if first is None else first
    if not 0 <= first <= MAX_FIRST:
        raise GraphQLError(
            "Argument Validation Error: first must be between 0 and 250",
            extensions={"code": "INVALID_INPUT"},
        )
    items = list(records)
    if not ignore_filters:
        if not args.get("includeArchived"):
            items = [r for r in items if getattr(r, "archived_at", None) is None]
        if args.get("filter") is not None:
            items = [r for r in items if matches(r, args["filter"], fields or {})]
    start = 0
    if args.get("after") is not None:
        ids = [record.id for record in items]
        if args["after"] not in ids:
            raise GraphQLError("Invalid cursor", extensions={"code": "INVALID_INPUT"})
        start = ids.index(args["after"]) + 1
    page = items[start : start + first]
    nodes = [to_node(record) for record in page]
    return {
        "nodes": nodes,
        "edges": [{"node": node, "cursor": rec.id} for node, rec in zip(nodes, page)],
        "pageInfo": {
            "hasNextPage": start + first < len(items),
            "hasPreviousPage": start > 0,
            "startCursor": page[0].id if page else None,
            "endCursor": page[-1].id if page else None,
        },
    }


# -- filters -------------------------------------------------------------------------------


def matches(record: Any, condition: dict[str, Any], fields: dict[str, Any]) -> bool:
    for key, value in condition.items():
        if key == "and":
            ok = all(matches(record, part, fields) for part in value)
        elif key == "or":
            ok = any(matches(record, part, fields) for part in value)
        elif key in fields:
            kind, getter, inner = fields[key]
            ok = _match_field(kind, getter(record), value, inner)
        else:
            raise Unsupported(f"emulator: filter key {key!r} is not modelled")
        if not ok:
            return False
    return True


def _match_field(kind: str, current: Any, condition: dict[str, Any], inner: Any) -> bool:
    if kind == "value":
        return compare(current, condition)
    if kind == "entity":
        return current is not None and matches(current, condition, inner)
    # collection
    parts = dict(condition)
    some, every = parts.pop("some", None), parts.pop("every", None)
    ok = True
    if some is not None:
        ok = ok and any(matches(item, some, inner) for item in current)
    if every is not None:
        ok = ok and all(matches(item, every, inner) for item in current)
    if parts:  # direct comparators on a collection mean "some item matches"
        ok = ok and any(matches(item, parts, inner) for item in current)
    return ok


def compare(current: Any, condition: dict[str, Any]) -> bool:
    value = _comparable(current)
    for op, wanted in condition.items():
        target = (
            [_comparable(w) for w in wanted] if isinstance(wanted, list) else _comparable(wanted)
        )
        if op == "null":
            ok = (value is None) == wanted
        elif value is None:
            ok = op in ("neq", "nin")
        elif op in _OPS:
            ok = _OPS[op](value, target)
        else:
            raise Unsupported(f"emulator: comparator {op!r} is not modelled")
        if not ok:
            return False
    return True


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda v, t: v == t,
    "neq": lambda v, t: v != t,
    "in": lambda v, t: v in t,
    "nin": lambda v, t: v not in t,
    "gt": lambda v, t: v > t,
    "gte": lambda v, t: v >= t,
    "lt": lambda v, t: v < t,
    "lte": lambda v, t: v <= t,
    "eqIgnoreCase": lambda v, t: str(v).casefold() == str(t).casefold(),
    "containsIgnoreCase": lambda v, t: str(t).casefold() in str(v).casefold(),
    "contains": lambda v, t: str(t) in str(v),
    "startsWith": lambda v, t: str(v).startswith(str(t)),
}


def _comparable(value: Any) -> Any:
    """Dates and timestamps compare as aware datetimes; everything else as is."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[:4].isdigit():
        try:
            return _comparable(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return value
    return value


def _value(attribute: str) -> tuple[str, Callable[[Any], Any], None]:
    return ("value", lambda record: getattr(record, attribute), None)


TEAM_FIELDS = {
    "id": _value("id"),
    "key": _value("key"),
    "name": _value("name"),
    "visibility": _value("visibility"),
    "private": ("value", lambda t: t.visibility != "public", None),
}
LABEL_FIELDS = {
    "id": _value("id"),
    "name": _value("name"),
    "team": ("entity", lambda label: label.team, TEAM_FIELDS),
}
STATE_FIELDS = {"type": ("value", lambda state_type: state_type, None)}
ISSUE_FIELDS = {
    "id": _value("id"),
    "title": _value("title"),
    "number": _value("number"),
    "completedAt": _value("completed_at"),
    "archivedAt": _value("archived_at"),
    "createdAt": _value("created_at"),
    "updatedAt": _value("updated_at"),
    "labels": ("collection", lambda i: i.labels, LABEL_FIELDS),
    "team": ("entity", lambda i: i.team, TEAM_FIELDS),
    "state": ("entity", lambda i: i.state_type, STATE_FIELDS),
}
PROJECT_FIELDS = {
    "id": _value("id"),
    "name": _value("name"),
    "slugId": _value("slug_id"),
    "completedAt": _value("completed_at"),
    "createdAt": _value("created_at"),
    "updatedAt": _value("updated_at"),
    "labels": ("collection", lambda p: p.labels, LABEL_FIELDS),
    "accessibleTeams": ("collection", lambda p: p.teams, TEAM_FIELDS),
    "status": ("entity", lambda p: p.status_type, STATE_FIELDS),
}


# -- nodes ---------------------------------------------------------------------------------


class Nodes:
    """Turns workspace records into schema-shaped dicts."""

    def __init__(self, workspace: Workspace, ignore_filters: bool = False) -> None:
        self.workspace = workspace
        self.ignore_filters = ignore_filters

    def page(
        self,
        records: Iterable[Any],
        args: dict[str, Any],
        to_node: Any,
        fields: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        return connection(records, args, to_node, fields, self.ignore_filters)

    def team(self, team: Team) -> dict[str, Any]:
        return {
            "id": team.id,
            "key": team.key,
            "name": team.name,
            "displayName": team.name,
            "visibility": team.visibility,
            "private": team.visibility != "public",
        }

    def user(self, user: User | None) -> dict[str, Any] | None:
        if user is None:
            return None
        return {"id": user.id, "name": user.name, "displayName": user.name, "email": user.email}

    def label(self, label: Label) -> dict[str, Any]:
        return {
            "id": label.id,
            "name": label.name,
            "isGroup": False,
            "color": "#5e6ad2",
            "archivedAt": iso(label.archived_at),
            "team": self.team(label.team) if label.team else None,
        }

    def customer(self, customer: Customer) -> dict[str, Any]:
        return {"id": customer.id, "name": customer.name, "revenue": customer.revenue}

    def need(self, need: Need) -> dict[str, Any]:
        return {"id": need.id, "body": need.body, "customer": self.customer(need.customer)}

    def issue(self, issue: Issue) -> dict[str, Any]:
        return {
            "id": issue.id,
            "identifier": issue.identifier,
            "previousIdentifiers": list(issue.previous_identifiers),
            "title": issue.title,
            "description": issue.description,
            "archivedAt": iso(issue.archived_at),
            "trashed": issue.trashed,
            "createdAt": iso(issue.created_at),
            "updatedAt": iso(issue.updated_at),
            "completedAt": iso(issue.completed_at),
            "startedAt": iso(issue.started_at),
            "canceledAt": iso(issue.canceled_at),
            "number": float(issue.number),
            "dueDate": iso(issue.due_date),
            "url": f"https://linear.app/tallyflow/issue/{issue.identifier}",
            "priority": 2.0,
            "state": {
                "id": f"state-{issue.state_type}",
                "name": issue.state_type.title(),
                "type": issue.state_type,
                "color": "#aaaaaa",
                "position": 1.0,
            },
            "team": self.team(issue.team),
            "assignee": self.user(issue.assignee),
            "creator": self.user(issue.creator),
            "labels": lambda info, **a: self.page(issue.labels, a, self.label, LABEL_FIELDS),
            "needs": lambda info, **a: self.page(issue.needs, a, self.need),
            "comments": lambda info, **a: self.page(issue.comments, a, self.comment),
        }

    def comment(self, comment: Any) -> dict[str, Any]:
        return {"id": comment.id, "body": comment.body, "user": self.user(comment.user)}

    def project(self, project: Project) -> dict[str, Any]:
        return {
            "id": project.id,
            "slugId": project.slug_id,
            "name": project.name,
            "description": project.description,
            "content": project.content,
            "archivedAt": iso(project.archived_at),
            "trashed": project.trashed,
            "createdAt": iso(project.created_at),
            "updatedAt": iso(project.updated_at),
            "completedAt": iso(project.completed_at),
            "startedAt": iso(project.started_at),
            "canceledAt": iso(project.canceled_at),
            "targetDate": iso(project.target_date),
            "targetDateResolution": project.target_resolution,
            "url": f"https://linear.app/tallyflow/project/{project.slug_id}",
            "state": project.status_type,
            "status": {
                "id": f"status-{project.status_type}",
                "name": project.status_type.title(),
                "type": project.status_type,
                "color": "#aaaaaa",
                "position": 1.0,
                "indefinite": False,
            },
            "lead": self.user(project.lead),
            "labels": lambda info, **a: self.page(project.labels, a, self.label, LABEL_FIELDS),
            "teams": lambda info, **a: self.page(project.teams, a, self.team, TEAM_FIELDS),
            "needs": lambda info, **a: self.page(project.needs, a, self.need),
        }
