"""The shapes kbgen accepts from Linear, checked where answers enter.

A shape is a Python type (``str``, ``bool``, ``Number``), a ``{key: shape}`` mapping (an
object; missing keys and ``null`` are allowed, extra keys ignored), or a one-item list
``[shape]`` (a list of that shape). ``null`` is allowed for any value but list items.
Anything else raises LinearResponseError naming the path, e.g. ``issues.nodes[3].title``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kbgen.linear.errors import LinearResponseError


class Number:
    """A JSON number (int or float, never a boolean)."""


_LABELS = {"pageInfo": {"hasNextPage": bool}, "nodes": [{"name": str}]}
_NEEDS = {"pageInfo": {"hasNextPage": bool}, "nodes": [{"id": str}]}
_COMMON = {
    "title": str,
    "archivedAt": str,
    "trashed": bool,
    "createdAt": str,
    "updatedAt": str,
    "completedAt": str,
    "labels": _LABELS,
    "needs": _NEEDS,
}
ISSUE = {
    **_COMMON,
    "identifier": str,
    "description": str,
    "state": {"type": str},
    "team": {"key": str, "visibility": str},
}
PROJECT = {
    **_COMMON,
    "slugId": str,
    "name": str,
    "content": str,
    "targetDate": str,
    "targetDateResolution": str,
    "status": {"type": str},
    "teams": {"pageInfo": {"hasNextPage": bool}, "nodes": [{"key": str, "visibility": str}]},
}
PAGE_INFO = {"hasNextPage": bool, "endCursor": str}
CHECK = {
    "organization": {"name": str},
    "issueLabels": {"nodes": [{"name": str, "team": {"key": str}}]},
    "projectLabels": {"nodes": [{"name": str}]},
    "rateLimitStatus": {
        "limits": [
            {"type": str, "allowedAmount": Number, "remainingAmount": Number, "reset": Number}
        ]
    },
}
_NAMES = {str: "text", bool: "true or false", Number: "a number"}


def check_shape(value: Any, shape: Any, where: str) -> None:
    """Raise LinearResponseError unless ``value`` has ``shape`` (see the module docstring)."""
    if value is None:
        return
    if isinstance(shape, dict):
        if not isinstance(value, Mapping):
            raise _wrong(where, value, "an object")
        for key, inner in shape.items():
            check_shape(value.get(key), inner, f"{where}.{key}")
    elif isinstance(shape, list):
        if not isinstance(value, list):
            raise _wrong(where, value, "a list")
        for index, item in enumerate(value):
            if item is None:
                raise _wrong(f"{where}[{index}]", item, _describe(shape[0]))
            check_shape(item, shape[0], f"{where}[{index}]")
    elif not _is(value, shape):
        raise _wrong(where, value, _NAMES[shape])


def _is(value: Any, shape: type) -> bool:
    if isinstance(value, bool):
        return shape is bool
    if shape is Number:
        return isinstance(value, int | float)
    return isinstance(value, shape)


def _describe(shape: Any) -> str:
    if isinstance(shape, dict):
        return "an object"
    return "a list" if isinstance(shape, list) else _NAMES[shape]


def _wrong(where: str, value: Any, expected: str) -> LinearResponseError:
    found = "null" if value is None else _KINDS.get(type(value), type(value).__name__)
    return LinearResponseError(
        f"Linear's answer has an unexpected shape: {where} is {found}, expected {expected}"
    )


_KINDS = {
    str: "text",
    bool: "true or false",
    int: "a number",
    float: "a number",
    list: "a list",
    dict: "an object",
}
