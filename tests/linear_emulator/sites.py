"""Tiny site folders with a ``linear:`` section, for roadmap and CLI tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def write_site(root: Path, linear: dict[str, Any] | None = None, **top: Any) -> Path:
    """Write site_config.yml (and an empty content folder); return the config path."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {"site_name": "Tallyflow Help", **top}
    if linear is not None:
        data["linear"] = linear
    path = root / "site_config.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path
