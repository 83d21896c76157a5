"""Where each setting of site_config.yml was written, and the problems found in it."""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from kbgen.errors import ConfigError

Keys = tuple[object, ...]
MAX_NUMBER_CHARS = 32
"""Characters in one YAML integer (as in committed JSON): Python refuses to read one of more
than 4,300 digits with a ValueError, which would be a traceback."""


def bounded_int(loader: Any, node: yaml.ScalarNode) -> object:
    """A YAML integer of at most MAX_NUMBER_CHARS characters, else an error at its line
    (``loader``: any safe loader, the C one included)."""
    if len(node.value) > MAX_NUMBER_CHARS:
        problem = f"a number of {len(node.value):,} characters (at most {MAX_NUMBER_CHARS})"
        raise ConstructorError(None, None, problem, node.start_mark)
    return loader.construct_yaml_int(node)


class BoundedLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` with integers bounded (``bounded_int``), for site_config.yml."""


BoundedLoader.add_constructor("tag:yaml.org,2002:int", bounded_int)


def key_lines(text: str) -> dict[Keys, int]:
    """The 1-based line of every mapping key and list item, keyed by its path of keys.

    A path mixes mapping keys (as loaded) and list positions; a node is either a mapping
    or a list, so an integer key and a list position never collide.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return {}
    lines: dict[Keys, int] = {}
    pending: list[tuple[Keys, yaml.Node]] = [((), root)] if root is not None else []
    seen: set[int] = set()
    constructor = yaml.SafeLoader("")
    while pending:
        keys, node = pending.pop()
        if id(node) in seen:  # an alias: its keys were recorded where the anchor was written
            continue
        seen.add(id(node))
        children: Iterable[tuple[object, yaml.Node, yaml.Node]]
        if isinstance(node, yaml.MappingNode):
            children = ((key_value(constructor, key), key, value) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            children = ((index, item, item) for index, item in enumerate(node.value))
        else:
            continue
        for name, marker, child in children:
            if name is not _UNHASHABLE:
                lines.setdefault((*keys, name), marker.start_mark.line + 1)
                pending.append(((*keys, name), child))
    return lines


_UNHASHABLE = object()
_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 80
_SHORT.maxlevel = 3


def shown(value: object) -> str:
    """A value as it may appear in an error: its repr, shortened (an alias bomb stays small)."""
    text = _SHORT.repr(value)
    return text if len(text) <= 100 else text[:97] + "..."


def key_value(constructor: yaml.SafeLoader, node: yaml.Node) -> object:
    """A mapping key as the loader reads it (``1`` and ``null`` are not text)."""
    if not isinstance(node, yaml.ScalarNode):
        return _UNHASHABLE
    try:
        return constructor.construct_object(node)
    except yaml.YAMLError:
        return _UNHASHABLE


def dotted(keys: Keys) -> str:
    """A key path as written in the docs: ``theme.palette.primary``, ``extra_css[0]``."""
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


@dataclass(slots=True)
class ConfigSource:
    """Collects every problem of one config file, each located as ``path:line``."""

    path: Path
    lines: dict[Keys, int] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)

    def at(self, keys: Keys = ()) -> str:
        """``path:line`` of the deepest of ``keys`` whose line is known (else just the path)."""
        line = self.line_of(keys)
        return f"{self.path}:{line}" if line else str(self.path)

    def line_of(self, keys: Keys) -> int:
        """The line of the deepest of ``keys`` that was written in the file, else 0."""
        for end in range(len(keys), 0, -1):
            if line := self.lines.get(keys[:end]):
                return line
        return 0

    def fail(self, keys: Keys, message: str) -> None:
        """Record that the setting at ``keys`` is wrong; ``message`` names it."""
        self.problems.append((self.line_of(keys), f"{self.at(keys)}: {message}"))

    def raise_problems(self) -> None:
        """Raise one ConfigError listing every problem in file order, if there is any."""
        if self.problems:
            raise ConfigError("\n".join(message for _, message in sorted(self.problems)))
