"""Checks of single setting values: URLs, site paths, theme names. Each returns a problem or None.

Values that end up in HTML attributes or script URLs are held to a strict form here, so a
config can never break out of an attribute, run script through a ``javascript:`` link, load
a third-party file or make a template look outside Material's folders.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from importlib import resources
from importlib.metadata import entry_points
from urllib.parse import unquote, urlsplit

from kbgen.config.source import shown

WEB_SCHEMES = ("http", "https")
LINK_SCHEMES = ("http", "https", "mailto")
MATERIAL_COLOURS = frozenset(
    ("red", "pink", "purple", "deep purple", "indigo", "blue", "light blue", "cyan", "teal",
     "green", "light green", "lime", "yellow", "amber", "orange", "deep orange", "brown",
     "grey", "blue grey", "black", "white", "custom")
)  # fmt: skip
_UNSAFE_URL_CHARS = re.compile(r"[\s\"'<>`\\\x00-\x1f\x7f]")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z]{2,4})?")
_FEATURE = re.compile(r"[a-z][a-z0-9]*(\.[a-z][a-z0-9_-]*)*")
_EXTENSION = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(:[A-Za-z_]\w*)?")
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_PROPERTY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")


def url_problem(value: str, schemes: tuple[str, ...] = WEB_SCHEMES) -> str | None:
    """Why ``value`` is not an absolute URL with one of ``schemes`` (compared case-blind)."""
    if _UNSAFE_URL_CHARS.search(value):
        return "must be a URL without spaces, quotes, angle brackets or control characters"
    try:
        parts = urlsplit(value)
    except ValueError as error:
        return f"is not a valid URL ({error})"
    allowed = " or ".join(f"{scheme}:" for scheme in schemes)
    if parts.scheme.lower() not in schemes:
        return f"must be an absolute {allowed} URL, got {shown(value)}"
    if parts.scheme.lower() in WEB_SCHEMES and not parts.netloc:
        return f"must name a host, got {shown(value)}"
    if parts.scheme.lower() == "mailto" and not parts.path:
        return f"must name an address, got {shown(value)}"
    return None


def reader_link_problem(value: str) -> str | None:
    """Why ``value`` is not a link readers may follow: http(s) or mailto only."""
    return url_problem(value, LINK_SCHEMES)


def edit_uri_problem(value: str) -> str | None:
    """Why ``value`` is neither a path below ``repo_url`` nor an absolute http(s) URL."""
    if _UNSAFE_URL_CHARS.search(value):
        return "must be a path or URL without spaces, quotes, angle brackets or control characters"
    return url_problem(value) if ":" in value.split("/", 1)[0] else None


def site_path_problem(value: str) -> str | None:
    """Why ``value`` is not a plain relative path of a file inside the built site."""
    if not value:
        return "must not be empty"
    if _UNSAFE_URL_CHARS.search(value):
        return "must be a path without spaces, quotes, angle brackets or control characters"
    parts = urlsplit(value)
    if parts.scheme or value.startswith("/"):
        return (
            f"must be a path inside the content folder, got {shown(value)} "
            "(kbgen sites make no third-party requests)"
        )
    # As a browser reads the path: before any query or fragment, '%2e%2e' is '..' too.
    if any(unquote(segment) == ".." for segment in parts.path.split("/")):
        return f"must not climb out of the content folder with '..', got {shown(value)}"
    return None


@lru_cache(maxsize=1)
def theme_languages() -> frozenset[str]:
    """The interface languages Material ships (``partials/languages/*.html``)."""
    folder = resources.files("material") / "templates" / "partials" / "languages"
    return frozenset(
        entry.name.removesuffix(".html")
        for entry in folder.iterdir()
        if entry.name.endswith(".html") and entry.name != "custom.html"
    )


def language_problem(value: str) -> str | None:
    """Why ``value`` is not one of Material's interface languages."""
    if not _LANGUAGE.fullmatch(value) or value not in theme_languages():
        return (
            f"must be a language code Material knows, such as 'en' or 'pt-BR', got {shown(value)}"
        )
    return None


def colour_problem(value: str) -> str | None:
    """Why ``value`` is neither one of Material's palette colour names nor a hex colour."""
    if value.lower() not in MATERIAL_COLOURS and not HEX_COLOUR.fullmatch(value):
        return (
            "must be a Material colour such as 'indigo' or 'deep orange', or a hex colour "
            f"such as '#ff5a1f', got {shown(value)}"
        )
    return None


_ICON = re.compile(r"[a-z0-9]+(/[a-z0-9][a-z0-9-]*)+")


@lru_cache(maxsize=1)
def bundled_icons() -> frozenset[str]:
    """Every icon Material bundles (``templates/.icons``), as ``material/credit-card``."""
    folder = resources.files("material") / "templates" / ".icons"
    names: set[str] = set()
    pending = [(folder, "")]
    while pending:
        current, prefix = pending.pop()
        for entry in current.iterdir():
            if entry.is_dir():
                pending.append((entry, f"{prefix}{entry.name}/"))
            elif entry.name.endswith(".svg") and prefix:
                names.add(prefix + entry.name.removesuffix(".svg"))
    return frozenset(names)


def icon_problem(value: str) -> str | None:
    """Why ``value`` is not one of the icons Material bundles (never fetched from anywhere)."""
    if _ICON.fullmatch(value) and value in bundled_icons():
        return None
    return (
        "must name an icon Material bundles, such as 'material/credit-card-outline' or "
        f"'fontawesome/solid/book', got {shown(value)}"
    )


def feature_problem(value: str) -> str | None:
    """Why ``value`` is not shaped like a Material feature flag (``navigation.tabs``)."""
    if not _FEATURE.fullmatch(value):
        return f"must be a Material feature such as 'navigation.tabs', got {shown(value)}"
    return None


def extension_problem(value: str) -> str | None:
    """Why ``value`` is not the name of an installed Markdown extension (``pymdownx.emoji``)."""
    if not _EXTENSION.fullmatch(value):
        return f"must be a Markdown extension name such as 'pymdownx.emoji', got {shown(value)}"
    if value in markdown_extension_names():
        return None
    try:
        found = importlib.util.find_spec(value.split(":")[0]) is not None
    except (ImportError, ValueError):
        found = False
    return None if found else f"names no installed Markdown extension: {shown(value)}"


@lru_cache(maxsize=1)
def markdown_extension_names() -> frozenset[str]:
    """Short names Python-Markdown registers for its extensions (``toc``, ``abbr``...)."""
    return frozenset(entry.name for entry in entry_points(group="markdown.extensions"))


def property_problem(value: str) -> str | None:
    """Why ``value`` is not an analytics property id or domain (``G-XXXX``, ``example.com``)."""
    if not _PROPERTY.fullmatch(value):
        return f"must be a property id such as 'G-ABC123' or a domain, got {shown(value)}"
    return None
