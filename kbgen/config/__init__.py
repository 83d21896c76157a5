"""site_config.yml: parsed once per command into a typed SiteConfig that travels everywhere.

Each section has its own module (``review``, ``linear``); ``site`` reads the file and holds
the top level. Nothing here imports the Linear client, mkdocs or click.
"""

from __future__ import annotations

from kbgen.config.content import ContentSettings
from kbgen.config.linear import LinearSettings
from kbgen.config.review import FieldNames, ReviewPolicy
from kbgen.config.site import (
    DEFAULT_CONFIG_FILE,
    AnalyticsSettings,
    FeedbackSettings,
    SiteConfig,
    ThemeSettings,
    load_config,
    parse_config,
)

__all__ = [
    "DEFAULT_CONFIG_FILE",
    "AnalyticsSettings",
    "ContentSettings",
    "FeedbackSettings",
    "FieldNames",
    "LinearSettings",
    "ReviewPolicy",
    "SiteConfig",
    "ThemeSettings",
    "load_config",
    "parse_config",
]
