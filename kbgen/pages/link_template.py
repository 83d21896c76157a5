"""Fill ``{name}`` placeholders of a link template with URL-encoded values."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote


def fill_template(template: str, values: Mapping[str, str]) -> str:
    """Replace each ``{key}`` of ``values`` in ``template`` by its URL-encoded value."""
    filled = template
    for key, value in values.items():
        filled = filled.replace("{" + key + "}", quote(value, safe=""))
    return filled
