"""Turn a SiteConfig into the MkDocs configuration users never have to maintain."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import yaml

from kbgen.config import SiteConfig, load_config
from kbgen.mkdocs.theme_layers import theme_dir

OVERRIDES_DIR = "overrides"
DEFAULT_PALETTE = {"primary": "indigo", "accent": "indigo"}
DEFAULT_FEATURES = [
    "content.action.edit",
    "content.code.copy",
    "navigation.footer",
    "navigation.top",
    "navigation.tracking",
    "search.highlight",
    "search.suggest",
    "toc.follow",
]
MARKDOWN_EXTENSIONS: list[Any] = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    {"toc": {"permalink": True}},
    "pymdownx.details",
    {"pymdownx.highlight": {"anchor_linenums": True}},
    "pymdownx.inlinehilite",
    "pymdownx.keys",
    "pymdownx.mark",
    "pymdownx.superfences",
    {"pymdownx.tabbed": {"alternate_style": True}},
    {"pymdownx.tasklist": {"custom_checkbox": True}},
]
_PASSTHROUGH = ("site_url", "site_description", "site_author", "copyright", "repo_url",
                "repo_name", "edit_uri")  # fmt: skip


def mkdocs_settings(site: SiteConfig) -> dict[str, Any]:
    """The MkDocs configuration (as plain data) for a kbgen site."""
    raw = site.raw
    settings: dict[str, Any] = {key: raw[key] for key in _PASSTHROUGH if key in raw}
    settings.update(
        site_name=site.site_name,
        docs_dir=str(site.docs_dir),
        theme=theme_settings(site),
        plugins=[
            "search",
            {"tags": {"listings_toc": False}},
            {"kbgen": {"config_file": str(site.path)}},
        ],
        markdown_extensions=MARKDOWN_EXTENSIONS + list(raw.get("markdown_extensions", [])),
        extra_css=list(raw.get("extra_css", [])),
        extra_javascript=list(raw.get("extra_javascript", [])),
        exclude_docs="_defaults.yml\n",
        validation={"nav": {"omitted_files": "ignore"}},
        extra=extra_settings(site),
    )
    if "repo_url" in raw and "edit_uri" not in raw and "github.com" in raw["repo_url"]:
        settings["edit_uri"] = f"edit/main/{site.docs_dir.relative_to(site.root).as_posix()}/"
    return settings


def theme_settings(site: SiteConfig) -> dict[str, Any]:
    """Material with kbgen's overrides, a light/dark toggle and no Google Fonts."""
    theme = site.get("theme") or {}
    palette = {**DEFAULT_PALETTE, **(theme.get("palette") or {})}
    settings: dict[str, Any] = {
        "name": "material",
        "custom_dir": str(custom_dir(site)),
        "font": False,
        "language": theme.get("language", "en"),
        "features": DEFAULT_FEATURES + list(theme.get("features", [])),
        "palette": [
            {
                "media": "(prefers-color-scheme: light)",
                "scheme": "default",
                **palette,
                "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"},
            },
            {
                "media": "(prefers-color-scheme: dark)",
                "scheme": "slate",
                **palette,
                "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"},
            },
        ],
    }
    for key in ("logo", "favicon"):
        if key in theme:
            settings[key] = theme[key]
    return settings


def extra_settings(site: SiteConfig) -> dict[str, Any]:
    """Material's ``extra``: analytics only when the site owner configured a provider."""
    analytics = site.get("analytics") or {}
    if analytics.get("provider") == "google":
        return {"analytics": {"provider": "google", "property": analytics.get("property", "")}}
    return {}


def custom_dir(site: SiteConfig) -> Path:
    """The site's own ``overrides/`` when it has one, else kbgen's packaged theme.

    The plugin puts kbgen's theme right behind a site's own folder (see
    ``kbgen.mkdocs.theme_layers``), so a site overrides only the files it holds.
    """
    project = site.root / OVERRIDES_DIR
    return project if project.is_dir() else theme_dir()


class GeneratedConfigFile(io.StringIO):
    """A file-like MkDocs config that is re-generated from site_config.yml on every read.

    MkDocs seeks a config stream to 0 before loading it, including on each live-reload
    rebuild of ``kbgen serve``, so edits to site_config.yml take effect without a restart.
    """

    def __init__(self, site_config_path: Path, **overrides: Any) -> None:
        super().__init__()
        self.name = str(site_config_path)
        self.overrides = overrides

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if offset == 0 and whence == io.SEEK_SET:
            settings = {**mkdocs_settings(load_config(self.name)), **self.overrides}
            super().seek(0)
            self.truncate()
            self.write(yaml.safe_dump(settings, sort_keys=False))
        return super().seek(offset, whence)

    def close(self) -> None:
        """Stay open: MkDocs closes the stream after reading, and re-reads it on rebuilds."""
