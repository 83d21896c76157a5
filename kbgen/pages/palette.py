"""Brand colours given as hex: Material's CSS variables for the light and dark schemes, readable.

Material only knows its named colours; a hex ``theme.palette.primary`` or ``accent`` becomes
Material's ``custom`` colour and kbgen sets the variables itself. The header keeps the brand
colour with a foreground computed for contrast; inside the page (``.md-main``), where the
colour is text or a button on the page's background, a variant darkened (light scheme) or
lightened (dark scheme) until it reaches WCAG AA's 4.5:1 is used instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from kbgen.config.values import HEX_COLOUR

AA_TEXT = 4.5
LIGHT_BACKGROUND = "#ffffff"
SLATE_BACKGROUND = "#1e2129"
"""Material's slate page background, hsl(225deg 15% 14%)."""
DARK_TEXT = "#000000"
LIGHT_TEXT = "#ffffff"

Rgb = tuple[int, int, int]


def is_hex_colour(value: str) -> bool:
    """``#rgb`` or ``#rrggbb``."""
    return HEX_COLOUR.fullmatch(value) is not None


def rgb(value: str) -> Rgb:
    """The channels of ``#rgb`` or ``#rrggbb``."""
    digits = value.lstrip("#")
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def hex_of(colour: Rgb) -> str:
    """``#rrggbb`` in lower case."""
    return "#" + "".join(f"{channel:02x}" for channel in colour)


def luminance(colour: Rgb) -> float:
    """WCAG relative luminance."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: Rgb, second: Rgb) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def foreground_on(background: Rgb) -> Rgb:
    """Black or white, whichever reads better on ``background`` (at least 4.58:1)."""
    dark, light = rgb(DARK_TEXT), rgb(LIGHT_TEXT)
    return dark if contrast(dark, background) >= contrast(light, background) else light


def mix(colour: Rgb, target: Rgb, share: float) -> Rgb:
    """``colour`` moved ``share`` (0-1) of the way to ``target``."""
    return tuple(  # type: ignore[return-value]
        round(channel + (goal - channel) * share)
        for channel, goal in zip(colour, target, strict=True)
    )


def readable_on(colour: Rgb, background: Rgb, ratio: float = AA_TEXT) -> Rgb:
    """``colour``, or the least darkened/lightened variant of it with ``ratio`` on
    ``background`` (towards black on a light page, towards white on a dark one)."""
    target = foreground_on(background)
    for step in range(101):
        candidate = mix(colour, target, step / 100)
        if contrast(candidate, background) >= ratio:
            return candidate
    return target


@dataclass(frozen=True, slots=True)
class SchemeColours:
    """The variables of one colour (primary or accent) in one scheme."""

    brand: Rgb
    """As configured: the header's background."""
    text: Rgb
    """Readable on the page's background: links, buttons, focus rings."""


def colour_variables(name: str, colours: SchemeColours, *, in_page: bool) -> list[str]:
    """Material's ``--md-<name>-*`` declarations for the header or the page."""
    base = colours.text if in_page else colours.brand
    on_base = hex_of(foreground_on(base))
    declarations = [
        f"--md-{name}-fg-color: {hex_of(base)}",
        f"--md-{name}-bg-color: {on_base}",
        f"--md-{name}-bg-color--light: {on_base}b3",
    ]
    if name == "primary":
        declarations += [
            f"--md-primary-fg-color--light: {hex_of(base)}",
            f"--md-primary-fg-color--dark: {hex_of(base)}",
        ]
    else:
        declarations.append(f"--md-accent-fg-color--transparent: {hex_of(base)}1a")
    return declarations


def palette_css(primary: str, accent: str) -> str:
    """The CSS rules for the hex colours among ``primary`` and ``accent`` ('' when none is)."""
    rules = []
    for scheme, background in (("default", LIGHT_BACKGROUND), ("slate", SLATE_BACKGROUND)):
        page: list[str] = []
        header: list[str] = []
        for name, value in (("primary", primary), ("accent", accent)):
            if not is_hex_colour(value):
                continue
            brand = rgb(value)
            colours = SchemeColours(brand, readable_on(brand, rgb(background)))
            header += colour_variables(name, colours, in_page=False)
            page += colour_variables(name, colours, in_page=True)
            if name == "primary":
                page.append(f"--md-typeset-a-color: {hex_of(colours.text)}")
                if foreground_on(brand) == rgb(DARK_TEXT):
                    rules.append(light_search_box(scheme))
        if header:
            selector = f'[data-md-color-scheme="{scheme}"]'
            rules.append(f"{selector} {{ {'; '.join(header)}; }}")
            rules.append(f"{selector} :is(.md-main, .md-search__output) {{ {'; '.join(page)}; }}")
    return "\n".join(rules)


def light_search_box(scheme: str) -> str:
    """Material darkens the header's search box for light text; dark text needs it lighter."""
    return (
        "@media screen and (min-width: 60em) { "
        f'[data-md-color-scheme="{scheme}"] .md-search__form {{ background-color: #ffffff8c; }} }}'
    )
