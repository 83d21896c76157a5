"""Key-by-key validation helpers shared by every section of site_config.yml.

Each records its problems on the ConfigSource (so all are reported at once) and returns
what is usable, so one bad value never hides the next.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kbgen.config.source import ConfigSource, Keys, dotted, shown


def check_section(
    source: ConfigSource,
    data: object,
    keys: Keys,
    allowed: Mapping[str, type | tuple[type, ...]],
) -> dict[str, Any]:
    """Record unknown keys and wrongly typed values; return the entries that are well typed."""
    name = dotted(keys)
    if not isinstance(data, dict):
        source.fail(keys, f"'{name}' must be a mapping")
        return {}
    good: dict[str, Any] = {}
    for key, value in data.items():
        full = dotted((*keys, key))
        if not isinstance(key, str):
            where = f"in '{name}'" if name else "at the top level"
            source.fail((*keys, key), f"keys must be text, got {shown(key)} {where}")
        elif key not in allowed:
            known = ", ".join(sorted(allowed))
            source.fail((*keys, key), f"unknown key '{full}' (known keys: {known})")
        elif not has_type(value, allowed[key]):
            expected = type_name(allowed[key])
            source.fail(
                (*keys, key),
                f"'{full}' must be {expected}, got {type(value).__name__} {shown(value)}",
            )
        else:
            good[key] = value
    return good


def has_type(value: object, expected: type | tuple[type, ...]) -> bool:
    """isinstance, except that true/false never count as numbers."""
    allows_bool = expected is bool or (isinstance(expected, tuple) and bool in expected)
    if isinstance(value, bool) and not allows_bool:
        return False
    return isinstance(value, expected)


def type_name(expected: type | tuple[type, ...]) -> str:
    """Name a type (or types) the way a config author would: 'a string', 'a mapping'."""
    names = {str: "a string", int: "a whole number", bool: "true or false",
             dict: "a mapping", list: "a list"}  # fmt: skip
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(names.get(kind, kind.__name__) for kind in types)


def parse_string_list(
    source: ConfigSource, section: Mapping[str, Any], keys: Keys
) -> tuple[str, ...]:
    """The setting at ``keys`` as a tuple of strings (a lone string counts as one)."""
    value = section.get(str(keys[-1]))
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not items or not all(isinstance(item, str) and item for item in items):
        source.fail(keys, f"'{dotted(keys)}' must be a non-empty list of strings")
        return ()
    return tuple(items)
