"""kbgen.pages.link_template: ``{name}`` placeholders filled with URL-encoded values."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kbgen.pages.link_template import fill_template

NAMES = ("title", "path", "url", "owner")


@pytest.mark.parametrize(
    ("template", "values", "expected"),
    [
        (
            "https://f.example/?t={title}",
            {"title": "Tom & Jerry"},
            "https://f.example/?t=Tom%20%26%20Jerry",
        ),
        (
            "mailto:help@x.example?subject={path}",
            {"path": "a/b.md"},
            "mailto:help@x.example?subject=a%2Fb.md",
        ),
        ("https://f.example/{unknown}", {"title": "x"}, "https://f.example/{unknown}"),
        (
            "https://f.example/?a={title}&b={title}",
            {"title": "é"},
            "https://f.example/?a=%C3%A9&b=%C3%A9",
        ),
    ],
)
def test_placeholders_are_filled_encoded(
    template: str, values: dict[str, str], expected: str
) -> None:
    """Every known placeholder, each time it appears, becomes its URL-encoded value."""
    assert fill_template(template, values) == expected


@given(st.fixed_dictionaries({name: st.text(max_size=30) for name in NAMES}))
def test_a_value_is_never_read_as_a_placeholder(values: dict[str, str]) -> None:
    """For any values (even ones spelling ``{owner}``): each slot decodes to exactly its value,
    and no character that ends a URL part or starts a placeholder is left raw."""
    template = "https://f.example/?" + "&".join(f"{name}={{{name}}}" for name in NAMES)
    filled = fill_template(template, values)
    query = filled.split("?", 1)[1]
    decoded = dict(part.split("=", 1) for part in query.split("&"))
    assert {name: unquote(value) for name, value in decoded.items()} == values
    assert not any(char in value for value in decoded.values() for char in "{}&=#? /")
