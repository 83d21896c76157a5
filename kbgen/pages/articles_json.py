"""Machine-readable exports of the knowledge base (``api/articles.json``)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


def write_articles_json(records: list[dict[str, Any]], path: Path) -> None:
    """Write every article's title, URL, owner and review status for products and dashboards."""
    payload = {
        "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "articles": sorted(records, key=lambda record: record["path"]),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
