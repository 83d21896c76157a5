"""site_config.yml: parsed once per command into a typed SiteConfig that travels everywhere.

Each section has its own module (``review``, ``linear``, ``feedback``, ``support``,
``owners``); ``site`` reads the file and holds the top level. Nothing here imports the
Linear client, mkdocs or click.
"""

from __future__ import annotations

from kbgen.config.content import ContentSettings
from kbgen.config.feedback import FeedbackReason, FeedbackSettings
from kbgen.config.linear import LinearSettings
from kbgen.config.owners import OwnerInfo
from kbgen.config.review import FieldNames, ReviewPolicy
from kbgen.config.site import (
    DEFAULT_CONFIG_FILE,
    AnalyticsSettings,
    SiteConfig,
    ThemeSettings,
    load_config,
    parse_config,
)
from kbgen.config.support import SupportSettings

__all__ = [
    "DEFAULT_CONFIG_FILE",
    "AnalyticsSettings",
    "ContentSettings",
    "FeedbackReason",
    "FeedbackSettings",
    "FieldNames",
    "LinearSettings",
    "OwnerInfo",
    "ReviewPolicy",
    "SiteConfig",
    "SupportSettings",
    "ThemeSettings",
    "load_config",
    "parse_config",
]
