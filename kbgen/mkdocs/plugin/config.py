"""The plugin's options (``plugins: - kbgen: {...}`` in ``mkdocs.yml``)."""

from __future__ import annotations

from mkdocs.config import base, config_options


class KbgenPluginConfig(base.Config):
    """Plugin options: on or off, and where site_config.yml lives (kbgen sets it itself)."""

    enabled = config_options.Type(bool, default=True)
    config_file = config_options.Type(str, default="site_config.yml")
