"""Hex brand colours: Material's variables for both schemes, readable by construction."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kbgen.config import parse_config
from kbgen.errors import ConfigError
from kbgen.mkdocs.config_builder import theme_settings
from kbgen.pages.palette import (
    AA_TEXT,
    LIGHT_BACKGROUND,
    SLATE_BACKGROUND,
    contrast,
    foreground_on,
    palette_css,
    readable_on,
    rgb,
)

hex_colours = st.from_regex(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", fullmatch=True)


def site_with(primary: object, accent: object = "indigo") -> object:
    data = {"site_name": "T", "theme": {"palette": {"primary": primary, "accent": accent}}}
    return parse_config(data, Path("site_config.yml"))


@given(hex_colours)
def test_foreground_is_readable_on_any_brand_colour(colour: str) -> None:
    """The header's text on the brand colour reaches 4.5:1 whatever the colour."""
    assert contrast(foreground_on(rgb(colour)), rgb(colour)) >= AA_TEXT


@given(hex_colours, st.sampled_from([LIGHT_BACKGROUND, SLATE_BACKGROUND]))
def test_in_page_colour_is_readable_on_both_schemes(colour: str, background: str) -> None:
    """Links and buttons use a variant with at least 4.5:1 on the light and dark page."""
    assert contrast(readable_on(rgb(colour), rgb(background)), rgb(background)) >= AA_TEXT


@given(hex_colours)
def test_css_sets_both_schemes_with_hex_values_only(colour: str) -> None:
    """The rules cover the light and the dark scheme and hold nothing but variables and hex."""
    css = palette_css(colour, colour)
    assert '[data-md-color-scheme="default"]' in css and '[data-md-color-scheme="slate"]' in css
    values = re.findall(r"--md-[a-z-]+: ([^;]+);", css)
    assert values and all(re.fullmatch(r"#[0-9a-f]{6}([0-9a-f]{2})?", value) for value in values)


def test_named_colours_need_no_css() -> None:
    """Material's own names are left to Material."""
    assert palette_css("indigo", "deep orange") == ""


@pytest.mark.parametrize("colour", ["#ff5a1f", "#FFF", "#0a0B0c"])
def test_hex_palette_is_accepted_as_custom(colour: str) -> None:
    """A hex primary/accent is accepted and handed to Material as its custom colour."""
    site = site_with(colour, colour)
    scheme = theme_settings(site)["palette"][0]  # type: ignore[arg-type]
    assert (scheme["primary"], scheme["accent"]) == ("custom", "custom")


@pytest.mark.parametrize("colour", ["ff5a1f", "#ff5a1", "#ggg", "#ff5a1f;x", "red;", "#ff5a1f00"])
def test_other_colours_are_refused(colour: str) -> None:
    """Neither a Material name nor #rgb/#rrggbb: one error naming the key."""
    with pytest.raises(ConfigError, match=r"'theme\.palette\.primary' must be a Material colour"):
        site_with(colour)
