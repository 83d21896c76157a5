"""site_config.yml -> SiteConfig: the one file users maintain, validated key by key, read once."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kbgen.config import values
from kbgen.config.build import BuildSettings, parse_build
from kbgen.config.checks import check_section
from kbgen.config.content import ContentSettings, parse_content
from kbgen.config.extensions import check_extensions
from kbgen.config.feedback import FeedbackSettings, parse_feedback
from kbgen.config.home import HomeSettings, parse_home
from kbgen.config.linear import LinearSettings, check_data_paths, parse_linear_settings
from kbgen.config.owners import OwnerInfo, parse_owners
from kbgen.config.redirects import RedirectRule, parse_redirects
from kbgen.config.review import ReviewPolicy, parse_review
from kbgen.config.search import SearchSettings, parse_search
from kbgen.config.source import BoundedLoader, ConfigSource, Keys, dotted, key_lines, shown
from kbgen.config.support import SupportSettings, parse_support
from kbgen.errors import ConfigError, ConfigNotFoundError
from kbgen.paths import (
    OVERRIDES_DIR,
    Sources,
    linked_out_problem,
    path_text_problem,
    project_root,
)

DEFAULT_CONFIG_FILE = "site_config.yml"

_SITE_KEYS: dict[str, type | tuple[type, ...]] = {
    "site_name": str,
    "site_url": str,
    "site_description": str,
    "site_author": str,
    "copyright": str,
    "repo_url": str,
    "repo_name": str,
    "edit_uri": str,
    "docs_dir": str,
    "theme": dict,
    "extra_css": list,
    "extra_javascript": list,
    "markdown_extensions": list,
    "feedback": dict,
    "analytics": dict,
    "review": dict,
    "linear": dict,
    "content": dict,
    "support": dict,
    "search": dict,
    "owners": dict,
    "build": dict,
    "redirects": dict,
    "home": dict,
}
_THEME_KEYS: dict[str, type | tuple[type, ...]] = {
    "palette": dict,
    "logo": str,
    "favicon": str,
    "language": str,
    "features": list,
    "show_repository": bool,
    "show_edit_link": bool,
}
_PALETTE_KEYS = {"primary": str, "accent": str}
_ANALYTICS_KEYS = {"provider": str, "property": str, "endpoint": str}
_ANALYTICS_PROVIDERS = ("google", "plausible", "custom")
PASSTHROUGH_KEYS = ("site_url", "site_description", "site_author", "copyright", "repo_url",
                    "repo_name", "edit_uri")  # fmt: skip
DEFAULT_PALETTE = {"primary": "indigo", "accent": "indigo"}
ValueCheck = Callable[[str], str | None]
_VALUE_CHECKS: dict[Keys, ValueCheck] = {
    ("site_url",): values.url_problem,
    ("repo_url",): values.url_problem,
    ("edit_uri",): values.edit_uri_problem,
    ("theme", "logo"): values.site_path_problem,
    ("theme", "favicon"): values.site_path_problem,
    ("theme", "language"): values.language_problem,
    ("theme", "palette", "primary"): values.colour_problem,
    ("theme", "palette", "accent"): values.colour_problem,
    ("feedback", "form_url"): values.reader_link_problem,
    ("analytics", "property"): values.property_problem,
    ("analytics", "endpoint"): values.url_problem,
}
_LIST_ITEM_CHECKS: dict[Keys, ValueCheck] = {
    ("extra_css",): values.site_path_problem,
    ("extra_javascript",): values.site_path_problem,
    ("theme", "features"): values.feature_problem,
}


@dataclass(frozen=True, slots=True)
class ThemeSettings:
    """The ``theme:`` section: Material colours and the few extras kbgen passes on."""

    primary: str = DEFAULT_PALETTE["primary"]
    accent: str = DEFAULT_PALETTE["accent"]
    language: str = "en"
    logo: str | None = None
    favicon: str | None = None
    features: tuple[str, ...] = ()
    show_repository: bool = False
    """The repository link in the header (``repo_url``): off, as readers are customers."""
    show_edit_link: bool = False
    """The "edit this page" pencil on articles: off, as readers are customers."""


@dataclass(frozen=True, slots=True)
class AnalyticsSettings:
    """The ``analytics:`` section: a provider the site owner chose, or none.

    ``endpoint`` is where the ``custom`` provider POSTs its JSON events.
    """

    provider: str | None = None
    property: str | None = None
    endpoint: str | None = None


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Validated site settings, one typed section per part of site_config.yml."""

    path: Path
    site_name: str
    docs_dir: Path
    review: ReviewPolicy = field(default_factory=ReviewPolicy)
    content: ContentSettings = field(default_factory=ContentSettings)
    theme: ThemeSettings = field(default_factory=ThemeSettings)
    feedback: FeedbackSettings = field(default_factory=FeedbackSettings)
    analytics: AnalyticsSettings = field(default_factory=AnalyticsSettings)
    linear: LinearSettings | None = None
    support: SupportSettings = field(default_factory=SupportSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    """Meaning-aware search and synonym groups (``search:``)."""
    owners: Mapping[str, OwnerInfo] = field(default_factory=dict)
    """Public names (and review contacts) of owners, by the owner id used in frontmatter."""
    build: BuildSettings = field(default_factory=BuildSettings)
    """Which engine builds the site (``build.engine``)."""
    redirects: tuple[RedirectRule, ...] = ()
    """Old path -> new path (``redirects:``): each old URL gets a redirect page."""
    home: HomeSettings = field(default_factory=HomeSettings)
    """What the home page promotes (``home.featured``)."""
    mkdocs: dict[str, str] = field(default_factory=dict)
    """The MkDocs settings passed through as written (site_url, repo_url, ...)."""
    extra_css: tuple[str, ...] = ()
    extra_javascript: tuple[str, ...] = ()
    markdown_extensions: tuple[Any, ...] = ()

    @property
    def root(self) -> Path:
        """The folder holding site_config.yml: relative paths resolve against it."""
        return self.path.parent

    @property
    def sources(self) -> Sources:
        """What kbgen reads and never writes: the config file, content and overrides."""
        return Sources(self.path, self.docs_dir, self.root / OVERRIDES_DIR)

    @property
    def site_url(self) -> str | None:
        """The public URL, when the site owner set one."""
        return self.mkdocs.get("site_url")

    @property
    def site_description(self) -> str | None:
        """The one-line description shown on the home page."""
        return self.mkdocs.get("site_description")

    @property
    def repo_url(self) -> str | None:
        """The source repository, for "edit this page" links."""
        return self.mkdocs.get("repo_url")


def load_config(path: str | Path = DEFAULT_CONFIG_FILE) -> SiteConfig:
    """Read and validate site_config.yml; raise ConfigError naming the file, line and key."""
    config_path = Path(path).resolve()
    try:
        text = config_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigNotFoundError(f"{path}: config file not found (pass --config FILE)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read config file: {error}") from None
    try:
        data = yaml.load(text, Loader=BoundedLoader)  # noqa: S506 -- a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{config_path}:{mark.line + 1}" if mark else str(config_path)
        raise ConfigError(f"{where}: invalid YAML: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{config_path}: invalid YAML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{config_path}: invalid YAML: nested too deeply") from None
    except ValueError as error:
        raise ConfigError(f"{config_path}: invalid value: {error}") from None
    return parse_config(data, config_path, key_lines(text))


def parse_config(data: object, path: Path, lines: dict[Keys, int] | None = None) -> SiteConfig:
    """Validate an already-parsed mapping as a site configuration, reporting every problem."""
    source = ConfigSource(path, lines or {})
    if data is None:
        raise ConfigError(f"{path}: the file is empty: it must set at least site_name")
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping of settings, starting with site_name")
    settings = check_section(source, data, (), _SITE_KEYS)
    if "site_name" not in data:
        source.fail((), "'site_name' is required (the site's title)")
    elif isinstance(data["site_name"], str) and not data["site_name"].strip():
        source.fail(("site_name",), "'site_name' must not be empty")
    theme = parse_theme(source, settings.get("theme") or {})
    feedback = parse_feedback(source, settings.get("feedback") or {})
    support = parse_support(source, settings.get("support") or {})
    search = parse_search(source, settings.get("search") or {})
    owners = parse_owners(source, settings.get("owners") or {})
    analytics = parse_analytics(source, settings.get("analytics") or {})
    check_values(source, settings)
    check_extensions(source, settings.get("markdown_extensions") or [], path.parent)
    review = parse_review(source, settings.get("review") or {})
    content = parse_content(source, settings.get("content") or {})
    build = parse_build(source, settings.get("build") or {})
    redirects = parse_redirects(source, settings["redirects"]) if "redirects" in settings else ()
    real_config_dir = Path(os.path.realpath(path.parent))
    docs_value = settings.get("docs_dir", "content")
    if (bad_name := path_text_problem(docs_value)) is not None:
        source.fail(("docs_dir",), f"'docs_dir' {bad_name}")
        docs_value = "content"
    written_docs_dir = real_config_dir / docs_value
    if outside := linked_out_problem(written_docs_dir, project_root(real_config_dir)):
        source.fail(("docs_dir",), f"'docs_dir' {written_docs_dir.name}: {outside}")
    docs_dir = written_docs_dir.resolve()
    if path.parent.is_relative_to(docs_dir):
        source.fail(
            ("docs_dir",),
            "'docs_dir' must be a folder beside site_config.yml, "
            "not the folder holding it or one above",
        )
    check_theme_files(source, theme, docs_dir)
    home = parse_home(source, settings.get("home") or {}, docs_dir)
    linear = parse_linear_settings(source, settings["linear"]) if "linear" in settings else None
    if linear is not None:
        check_data_paths(source, linear, Sources(path, docs_dir, path.parent / OVERRIDES_DIR))
    source.raise_problems()
    return SiteConfig(
        path=path,
        site_name=data["site_name"],
        docs_dir=docs_dir,
        review=review,
        content=content,
        theme=theme,
        feedback=feedback,
        support=support,
        search=search,
        owners=owners,
        analytics=analytics,
        linear=linear,
        build=build,
        redirects=redirects,
        home=home,
        mkdocs={key: data[key] for key in PASSTHROUGH_KEYS if key in data},
        extra_css=tuple(data.get("extra_css", ())),
        extra_javascript=tuple(data.get("extra_javascript", ())),
        markdown_extensions=tuple(data.get("markdown_extensions", ())),
    )


def parse_theme(source: ConfigSource, data: object) -> ThemeSettings:
    """Validate the ``theme:`` section."""
    section = check_section(source, data, ("theme",), _THEME_KEYS)
    palette = check_section(
        source, section.get("palette") or {}, ("theme", "palette"), _PALETTE_KEYS
    )
    defaults = ThemeSettings()
    return ThemeSettings(
        primary=palette.get("primary", defaults.primary),
        accent=palette.get("accent", defaults.accent),
        language=section.get("language", defaults.language),
        logo=section.get("logo"),
        favicon=section.get("favicon"),
        features=tuple(section.get("features", ())),
        show_repository=section.get("show_repository", defaults.show_repository),
        show_edit_link=section.get("show_edit_link", defaults.show_edit_link),
    )


def check_theme_files(source: ConfigSource, theme: ThemeSettings, docs_dir: Path) -> None:
    """``theme.logo`` and ``theme.favicon`` must name files in the content folder: a missing
    one would leave a broken image on every page."""
    for key, value in (("logo", theme.logo), ("favicon", theme.favicon)):
        if value and not values.site_path_problem(value) and not (docs_dir / value).is_file():
            source.fail(
                ("theme", key),
                f"'theme.{key}' names no file in the content folder: {shown(value)}",
            )


def check_values(source: ConfigSource, data: Mapping[str, Any]) -> None:
    """Hold URLs, paths and theme names to the forms that are safe to put in the site."""
    for keys, check in _VALUE_CHECKS.items():
        value = lookup(data, keys)
        if isinstance(value, str) and (problem := check(value)):
            source.fail(keys, f"'{dotted(keys)}' {problem}")
    for keys, check in _LIST_ITEM_CHECKS.items():
        items = lookup(data, keys)
        for index, item in enumerate(items if isinstance(items, list) else []):
            where = (*keys, index)
            if not isinstance(item, str):
                source.fail(where, f"'{dotted(where)}' must be a string, got {shown(item)}")
            elif problem := check(item):
                source.fail(where, f"'{dotted(where)}' {problem}")


def lookup(data: Mapping[str, Any], keys: Keys) -> object:
    """The value at a path of keys, or None when any step is missing or not a mapping."""
    value: object = data
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def parse_analytics(source: ConfigSource, data: object) -> AnalyticsSettings:
    """Validate the optional analytics provider that also receives feedback answers."""
    section = check_section(source, data, ("analytics",), _ANALYTICS_KEYS)
    provider = section.get("provider")
    if provider is not None and provider not in _ANALYTICS_PROVIDERS:
        choices = ", ".join(_ANALYTICS_PROVIDERS)
        source.fail(("analytics", "provider"), f"'analytics.provider' must be one of {choices}")
    endpoint = section.get("endpoint")
    if provider == "custom" and not endpoint:
        source.fail(
            ("analytics", "provider"), "'analytics.endpoint' is required with provider custom"
        )
    return AnalyticsSettings(provider=provider, property=section.get("property"), endpoint=endpoint)
