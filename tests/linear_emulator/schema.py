"""Linear's real schema (tests/fixtures/linear) and a complexity estimator in Linear's terms.

Linear's documented scoring: each property 0.1 point, each object 1 point, and a connection
multiplies its children by its ``first``/``last`` argument, or 50 when there is none. Queries
scoring over 10,000 are rejected with "Query too complex".
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    build_schema,
    get_named_type,
    is_leaf_type,
    value_from_ast_untyped,
)
from graphql.language import DocumentNode

SCHEMA_PATH = Path(__file__).parents[1] / "fixtures" / "linear" / "schema.graphql"
MAX_COMPLEXITY = 10_000
DEFAULT_CONNECTION_SIZE = 50


@lru_cache(maxsize=1)
def linear_schema() -> GraphQLSchema:
    """Linear's published schema, parsed once per process."""
    return build_schema(SCHEMA_PATH.read_text(encoding="utf-8"))


def complexity(document: DocumentNode, variables: dict[str, Any] | None = None) -> int:
    """The score of the document's operations, rounded up like Linear does."""
    schema = linear_schema()
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    total = 0.0
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            root = schema.get_root_type(definition.operation)
            total += _selection_cost(definition.selection_set, root, variables or {}, fragments)
    return math.ceil(total)


def _selection_cost(
    selection_set: SelectionSetNode | None,
    parent: Any,
    variables: dict[str, Any],
    fragments: dict[str, FragmentDefinitionNode],
) -> float:
    if selection_set is None:
        return 0.0
    total = 0.0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            total += _field_cost(selection, parent, variables, fragments)
        elif isinstance(selection, InlineFragmentNode):
            target = (
                linear_schema().get_type(selection.type_condition.name.value)
                if (selection.type_condition)
                else parent
            )
            total += _selection_cost(selection.selection_set, target, variables, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments[selection.name.value]
            target = linear_schema().get_type(fragment.type_condition.name.value)
            total += _selection_cost(fragment.selection_set, target, variables, fragments)
    return total


def _field_cost(
    node: FieldNode,
    parent: Any,
    variables: dict[str, Any],
    fragments: dict[str, FragmentDefinitionNode],
) -> float:
    name = node.name.value
    if name.startswith("__") or not isinstance(parent, GraphQLObjectType):
        return 0.0
    field_type = get_named_type(parent.fields[name].type)
    if is_leaf_type(field_type):
        return 0.1
    if not field_type.name.endswith("Connection"):
        return 1 + _selection_cost(node.selection_set, field_type, variables, fragments)
    size = _page_size(node, variables)
    total = 1.0
    for child in node.selection_set.selections if node.selection_set else ():
        child_cost = _selection_cost(
            SelectionSetNode(selections=(child,)), field_type, variables, fragments
        )
        paged = isinstance(child, FieldNode) and child.name.value in ("nodes", "edges")
        total += child_cost * size if paged else child_cost
    return total


def _page_size(node: FieldNode, variables: dict[str, Any]) -> int:
    for argument in node.arguments or ():
        if argument.name.value in ("first", "last"):
            value = value_from_ast_untyped(argument.value, variables)
            if isinstance(value, int):
                return value
    return DEFAULT_CONNECTION_SIZE
