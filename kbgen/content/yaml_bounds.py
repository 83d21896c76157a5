"""Limits on frontmatter YAML, checked on the composed node graph before any value is built.

Aliases share one node, so a 600-byte alias bomb composes into a few dozen nodes; the
expansion happens only when the values are used (printed, rendered, compared). Counting
each node as often as aliases reach it bounds that expansion before it costs anything.
"""

from __future__ import annotations

import re

import yaml

MAX_BYTES = 64 * 1024
MAX_ALIASES = 100
MAX_EXPANDED_NODES = 10_000
MAX_DEPTH = 32


class BoundsError(ValueError):
    """The YAML is over one of the limits; ``node`` is where it was noticed."""

    def __init__(self, message: str, node: yaml.Node) -> None:
        super().__init__(message)
        self.node = node


_NESTING_INDICATORS = ("- ", "? ", ": ", "[", "{")
_INDENTS = re.compile(r"^ +", re.MULTILINE)


def plainly_within_bounds(text: str) -> bool:
    """True when ``text`` cannot break a limit, judged from its characters alone.

    Without ``*`` there are no aliases, so nothing expands past the node count, which the
    size limit bounds. A level of nesting needs a deeper indent or an indicator (``- ``,
    ``? ``, ``: ``, ``[``, ``{``) on an ancestor's line, so the deepest indent plus every
    indicator in the text bounds the depth. Most frontmatter passes this in a couple of
    microseconds and skips the walk over the node graph.
    """
    if "*" in text:
        return False
    indicators = sum(text.count(mark) for mark in _NESTING_INDICATORS)
    if indicators + 1 > MAX_DEPTH:
        return False
    deepest = max((len(indent) for indent in _INDENTS.findall(text)), default=0)
    return deepest + indicators + 1 <= MAX_DEPTH


def check_bounds(root: yaml.Node) -> None:
    """Raise BoundsError when ``root`` nests too deep, uses too many aliases or expands too far.

    Iterative (no recursion limit), and linear in the number of distinct nodes.
    """
    expanded: dict[int, int] = {}  # collections only: a scalar always counts 1
    seen = {id(root)}
    aliases = 0
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        children = children_of(node)
        if children_done:
            total = 1 + sum(expanded.get(id(child), 1) for child in children)
            if total > MAX_EXPANDED_NODES:
                message = f"expands to more than {MAX_EXPANDED_NODES} values (an alias bomb?)"
                raise BoundsError(message, node)
            expanded[id(node)] = total
            continue
        if id(node) in expanded:
            continue
        if depth > MAX_DEPTH:
            raise BoundsError(f"nested more than {MAX_DEPTH} levels deep", node)
        stack.append((node, depth, True))
        for child in children:
            key = id(child)
            if key in seen:
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise BoundsError(f"uses more than {MAX_ALIASES} aliases", node)
            else:
                seen.add(key)
            if not isinstance(child, yaml.ScalarNode) and key not in expanded:
                stack.append((child, depth + 1, False))


def children_of(node: yaml.Node) -> list[yaml.Node]:
    """The nodes directly inside a sequence or mapping (keys and values)."""
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
