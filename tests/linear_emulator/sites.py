"""Tiny site folders with a ``linear:`` section, for roadmap and CLI tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kbgen.config.linear import LinearSettings, parse_linear_settings
from kbgen.config.source import ConfigSource


def write_site(root: Path, linear: dict[str, Any] | None = None, **top: Any) -> Path:
    """Write site_config.yml (and an empty content folder); return the config path."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {"site_name": "Tallyflow Help", **top}
    if linear is not None:
        data["linear"] = linear
    path = root / "site_config.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def parse_linear(data: object, where: str = "site_config.yml") -> LinearSettings:
    """Parse a ``linear:`` section as loading site_config.yml does; raise its problems."""
    source = ConfigSource(Path(where))
    settings = parse_linear_settings(source, data)
    source.raise_problems()
    return settings
