"""Turn a SiteConfig into the MkDocs configuration users never have to maintain."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from kbgen.config import SiteConfig, load_config
from kbgen.config.extensions import is_snippets, snippet_folder
from kbgen.content.published import MKDOCS_EXCLUDE_DOCS
from kbgen.mkdocs.theme_layers import theme_dir
from kbgen.pages.palette import is_hex_colour

OVERRIDES_DIR = "overrides"
DEFAULT_FEATURES = [
    "content.code.copy",
    "navigation.footer",
    "navigation.top",
    "navigation.tracking",
    "toc.follow",
]
REPOSITORY_KEYS = ("repo_url", "repo_name", "edit_uri")
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


def mkdocs_settings(site: SiteConfig) -> dict[str, Any]:
    """The MkDocs configuration (as plain data) for a kbgen site."""
    settings: dict[str, Any] = {
        key: value for key, value in site.mkdocs.items() if key not in REPOSITORY_KEYS
    }
    settings.update(repository_settings(site))
    settings.update(
        site_name=site.site_name,
        docs_dir=str(site.docs_dir),
        theme=theme_settings(site),
        plugins=[
            {"tags": {"listings_toc": False}},
            {"kbgen": {"config_file": str(site.path)}},
        ],
        markdown_extensions=MARKDOWN_EXTENSIONS
        + [contained_snippets(item, site.root) for item in site.markdown_extensions],
        extra_css=list(site.extra_css),
        extra_javascript=list(site.extra_javascript),
        # ERB templates are never built (the plugin warns about each one it skips).
        exclude_docs=MKDOCS_EXCLUDE_DOCS + "*.erb\n",
        validation={"nav": {"omitted_files": "ignore"}},
        extra=extra_settings(site),
    )
    return settings


def repository_settings(site: SiteConfig) -> dict[str, str]:
    """``repo_url``/``repo_name`` only with ``theme.show_repository`` (the header link), and an
    ``edit_uri`` only with ``theme.show_edit_link``: absolute, so it needs no ``repo_url``."""
    repo_url = site.repo_url
    if not repo_url:
        return {}
    theme = site.theme
    settings = {key: site.mkdocs[key] for key in REPOSITORY_KEYS[:2] if key in site.mkdocs}
    if not theme.show_repository:
        settings = {}
    edit_uri = site.mkdocs.get("edit_uri")
    if edit_uri is None and "github.com" in repo_url:
        edit_uri = f"edit/main/{site.docs_dir.relative_to(site.root).as_posix()}/"
    if theme.show_edit_link and edit_uri:
        base = repo_url if repo_url.endswith("/") else repo_url + "/"
        edit_uri = urljoin(base, edit_uri)
        settings["edit_uri"] = edit_uri if edit_uri.endswith("/") else edit_uri + "/"
    return settings


def contained_snippets(item: Any, root: Path) -> Any:
    """``pymdownx.snippets`` with its base folders as the real paths the config check
    judged (relative to the project, not to the working directory), restricted to them."""
    name = next(iter(item)) if isinstance(item, dict) else item
    if not isinstance(name, str) or not is_snippets(name) or not isinstance(item, dict):
        return item
    options = dict(item[name])
    bases = options["base_path"]
    bases = [bases] if isinstance(bases, str) else bases
    options["base_path"] = [str(snippet_folder(base, root)) for base in bases]
    return {name: {**options, "check_paths": True, "restrict_base_path": True}}


def theme_settings(site: SiteConfig) -> dict[str, Any]:
    """Material with kbgen's overrides, a light/dark toggle and no Google Fonts."""
    theme = site.theme
    # A hex colour is Material's "custom": kbgen sets its variables (kbgen/pages/palette.py).
    palette = {
        "primary": "custom" if is_hex_colour(theme.primary) else theme.primary,
        "accent": "custom" if is_hex_colour(theme.accent) else theme.accent,
    }
    settings: dict[str, Any] = {
        "name": "material",
        "custom_dir": str(custom_dir(site)),
        "font": False,
        "language": theme.language,
        "features": DEFAULT_FEATURES
        + (["content.action.edit"] if theme.show_edit_link else [])
        + list(theme.features),
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
    if theme.logo:
        settings["logo"] = theme.logo
    if theme.favicon:
        settings["favicon"] = theme.favicon
    return settings


def extra_settings(site: SiteConfig) -> dict[str, Any]:
    """Material's ``extra``: analytics only when the site owner configured a provider."""
    analytics = site.analytics
    if analytics.provider == "google":
        return {"analytics": {"provider": "google", "property": analytics.property or ""}}
    return {}


def custom_dir(site: SiteConfig) -> Path:
    """The site's own ``overrides/`` when it has one, else kbgen's packaged theme.

    The plugin puts kbgen's theme right behind a site's own folder (see
    ``kbgen.mkdocs.theme_layers``), so a site overrides only the files it holds.
    """
    project = site.root / OVERRIDES_DIR
    return project if project.is_dir() else theme_dir()


LOADED_SITES: dict[str, SiteConfig] = {}
"""The SiteConfig each generated config was rendered from, by site_config.yml path: the plugin
takes it from here instead of reading the file again (one read per build or rebuild)."""


class GeneratedConfigFile(io.StringIO):
    """A file-like MkDocs config generated from a SiteConfig, never from a file of its own.

    Given a SiteConfig (``kbgen build``) it renders that object. Given the path of
    site_config.yml (``kbgen serve``) it re-reads the file each time MkDocs seeks the stream
    to 0, which MkDocs does before every live-reload rebuild, so edits take effect at once.
    """

    def __init__(self, site: SiteConfig | Path, **overrides: Any) -> None:
        super().__init__()
        self.source = site
        self.name = str(site.path if isinstance(site, SiteConfig) else site)
        self.overrides = overrides

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if offset == 0 and whence == io.SEEK_SET:
            site = self.source if isinstance(self.source, SiteConfig) else load_config(self.source)
            LOADED_SITES[str(site.path)] = site
            settings = {**mkdocs_settings(site), **self.overrides}
            super().seek(0)
            self.truncate()
            self.write(yaml.safe_dump(settings, sort_keys=False))
        return super().seek(offset, whence)

    def close(self) -> None:
        """Stay open: MkDocs closes the stream after reading, and re-reads it on rebuilds."""
