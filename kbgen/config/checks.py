"""Key-by-key validation helpers shared by every section of site_config.yml."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kbgen.errors import ConfigError


def check_keys(
    data: Mapping[str, Any],
    allowed: Mapping[str, type | tuple[type, ...]],
    where: str,
    prefix: str,
) -> None:
    """Raise ConfigError for the first unknown key or wrongly typed value."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: '{prefix.rstrip('.')}' must be a mapping")
    for key, value in data.items():
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise ConfigError(f"{where}: unknown key '{prefix}{key}' (known keys: {known})")
        expected = allowed[key]
        if isinstance(value, bool) and expected is not bool:
            expected_ok = False
        else:
            expected_ok = isinstance(value, expected)
        if not expected_ok:
            raise ConfigError(
                f"{where}: '{prefix}{key}' must be {type_name(expected)}, "
                f"got {type(value).__name__} {value!r}"
            )


def type_name(expected: type | tuple[type, ...]) -> str:
    """Name a type (or types) the way a config author would: 'a string', 'a mapping'."""
    names = {str: "a string", int: "a whole number", bool: "true or false",
             dict: "a mapping", list: "a list"}  # fmt: skip
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(names.get(kind, kind.__name__) for kind in types)


def parse_string_list(
    data: Mapping[str, Any], key: str, where: str, prefix: str = "review."
) -> tuple[str, ...]:
    """Return ``data[key]`` as a tuple of strings (a lone string counts as one)."""
    value = data.get(key)
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not items or not all(isinstance(item, str) and item for item in items):
        raise ConfigError(f"{where}: '{prefix}{key}' must be a non-empty list of strings")
    return tuple(items)
