"""kbgen's GraphQL against Linear's real schema: valid, bounded, cheap, and only public fields."""

from __future__ import annotations

import pytest
from graphql import FieldNode, get_named_type, parse, validate
from graphql.language import Visitor, visit
from graphql.utilities import TypeInfo, TypeInfoVisitor
from linear_emulator.schema import MAX_COMPLEXITY, complexity, linear_schema

from kbgen.config.linear import MAX_PAGE_SIZE
from kbgen.linear.queries import CHECK_QUERY, issues_query, projects_query

QUERIES = {
    "issues": issues_query(False),
    "issues+requests": issues_query(True),
    "projects": projects_query(False),
    "projects+requests": projects_query(True),
    "check": CHECK_QUERY,
}
NEVER_ASKED = {"assignee", "creator", "comments", "customer", "url", "lead", "email", "members"}


class _Fields(Visitor):
    """Collects (field name, return type name, argument names) for every field."""

    def __init__(self, info: TypeInfo) -> None:
        super().__init__()
        self.info = info
        self.found: list[tuple[str, str, set[str]]] = []

    def enter_field(self, node: FieldNode, *_: object) -> None:
        named = get_named_type(self.info.get_type())
        self.found.append(
            (node.name.value, named.name, {a.name.value for a in node.arguments or ()})
        )


def _fields(query: str) -> list[tuple[str, str, set[str]]]:
    info = TypeInfo(linear_schema())
    collector = _Fields(info)
    visit(parse(query), TypeInfoVisitor(info, collector))
    return collector.found


@pytest.mark.parametrize("name", QUERIES)
def test_query_validates_against_linear_schema(name: str) -> None:
    """Every field and argument exists in Linear's published schema."""
    assert validate(linear_schema(), parse(QUERIES[name])) == []


@pytest.mark.parametrize("name", QUERIES)
def test_every_connection_is_bounded(name: str) -> None:
    """No connection without `first`: Linear would count it as 50 items."""
    connections = [f for f in _fields(QUERIES[name]) if f[1].endswith("Connection")]
    assert connections and all("first" in arguments for _, _, arguments in connections)


@pytest.mark.parametrize("name", QUERIES)
def test_query_stays_under_the_complexity_limit(name: str) -> None:
    """Even at the largest page size a page costs under 10,000 points."""
    size = 100 if name.endswith("+requests") else MAX_PAGE_SIZE
    assert complexity(parse(QUERIES[name]), {"first": size}) < MAX_COMPLEXITY


@pytest.mark.parametrize("name", QUERIES)
def test_no_private_field_is_requested(name: str) -> None:
    """Assignees, creators, comments, customers and app URLs are never fetched."""
    assert not {field for field, _, _ in _fields(QUERIES[name])} & NEVER_ASKED
