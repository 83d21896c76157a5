"""The ``owners:`` map: each owner id's public name, and a contact for the stale report."""

from __future__ import annotations

from dataclasses import dataclass

from kbgen.config.checks import check_section
from kbgen.config.source import ConfigSource

_OWNER_KEYS: dict[str, type | tuple[type, ...]] = {"name": str, "contact": str}


@dataclass(frozen=True, slots=True)
class OwnerInfo:
    """How an owner appears to readers (``name``) and how reviewers reach them (``contact``)."""

    name: str
    contact: str | None = None


def parse_owners(source: ConfigSource, data: object) -> dict[str, OwnerInfo]:
    """Validate ``owners:``: ``id: Public name`` or ``id: {name: ..., contact: ...}``."""
    if not isinstance(data, dict):
        source.fail(("owners",), "'owners' must be a mapping of owner id to public name")
        return {}
    owners = {}
    for owner_id, value in data.items():
        keys = ("owners", owner_id)
        key = f"owners.{owner_id}"
        if isinstance(value, str):
            value = {"name": value}
        if not isinstance(value, dict):
            source.fail(keys, f"'{key}' must be a public name or a mapping with 'name'")
            continue
        section = check_section(source, value, keys, _OWNER_KEYS)
        name = " ".join(str(section.get("name") or "").split())
        if not name:
            source.fail(keys, f"'{key}.name' is required (the name readers see)")
            continue
        owners[str(owner_id)] = OwnerInfo(name=name, contact=section.get("contact"))
    return owners
