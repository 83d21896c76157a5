"""Run the chosen engine: build, serve, and say whether a build would load kbgen's plugin.

Imported only after ``kbgen.mkdocs.engine.use_engine``: the ``mkdocs`` imported here is the
engine this process runs (MkDocs, or ProperDocs under MkDocs' names).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import TemplateError
from mkdocs import exceptions as mkdocs_errors
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config as load_mkdocs_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from kbgen.config import SiteConfig
from kbgen.errors import BuildError, KbgenError
from kbgen.mkdocs import compat  # noqa: F401  (checks the engine's version before any build)
from kbgen.mkdocs.config_builder import GeneratedConfigFile
from kbgen.mkdocs.engine import engine_version
from kbgen.mkdocs.plugin import KbgenPlugin
from kbgen.mkdocs.search_index import SearchIndexError
from kbgen.mkdocs.template_errors import describe_template_error

__all__ = ["MkDocsException", "build_with_engine", "plugin_problem", "serve_with_engine"]
PLUGIN_NAME = "kbgen"


def build_with_engine(site: SiteConfig, site_dir: Path, strict: bool) -> None:
    """Run the engine's own build with the generated configuration; raise BuildError on failure."""
    try:
        config = load_mkdocs_config(
            GeneratedConfigFile(site), site_dir=str(site_dir), strict=strict
        )
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except SearchIndexError as error:
        raise BuildError(f"build failed: {error}") from None
    except KbgenError:
        raise
    except mkdocs_errors.MkDocsException as error:
        raise BuildError(f"build failed: {cause(error)}") from None
    except TemplateError as error:
        raise BuildError(f"build failed: {describe_template_error(error)}") from None


def cause(error: mkdocs_errors.MkDocsException) -> Exception:
    """The plugin or build error behind MkDocs' generic "Aborted with a BuildError!"."""
    context = error.__context__
    return context if isinstance(context, mkdocs_errors.BuildError) else error


def serve_with_engine(site: SiteConfig, dev_addr: str | None, open_browser: bool) -> None:
    """The engine's dev server over the generated configuration, re-read on every rebuild."""
    mkdocs_serve(
        # Given the path, not the object: serve re-reads site_config.yml on every rebuild.
        config_file=GeneratedConfigFile(site.path),  # type: ignore[arg-type]
        dev_addr=dev_addr,
        open_in_browser=open_browser,
        watch=[str(site.path)],
    )


def plugin_problem(site: SiteConfig) -> str | None:
    """Why a build of ``site`` would run without kbgen's plugin, or None when it would run it.

    A configuration the engine refuses is left to ``kbgen build``, which names the cause.
    """
    try:
        config = load_mkdocs_config(GeneratedConfigFile(site))
    except MkDocsException:
        return None
    return missing_plugin(config)


def missing_plugin(config: MkDocsConfig) -> str | None:
    """Why ``config`` has no enabled kbgen plugin (a hand-made or rewritten config), or None."""
    plugin = config.plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, KbgenPlugin):
        found = "no plugin" if plugin is None else type(plugin).__module__
        return (
            f"kbgen's plugin would not run under {engine_version()}: 'plugins: {PLUGIN_NAME}' "
            f"loads {found} (another package registers the name)"
        )
    if not plugin.config.enabled:
        return f"kbgen's plugin would not run: 'plugins: {PLUGIN_NAME}' has enabled: false"
    return None
