"""Which engine builds the site, MkDocs or ProperDocs, chosen in this one place.

ProperDocs is the maintained MkDocs 1.x line: the same plugin API under the name
``properdocs``. Importing ``properdocs.replacement`` makes every later ``import mkdocs...``
(kbgen's and Material's) load ProperDocs' module of the same name, so kbgen's plugin and
Material run unchanged. That redirection works only before MkDocs itself is loaded: a process
runs on one engine, chosen before the first ``mkdocs`` import (this module imports neither).

The choice: ``build.engine`` in site_config.yml when it names an engine; else the environment
variable ``KBGEN_ENGINE``; else ProperDocs when it is installed, MkDocs otherwise.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import sys
from collections.abc import Mapping

from kbgen.config import SiteConfig
from kbgen.config.build import AUTO, ENGINES
from kbgen.errors import KbgenError

ENGINE_VARIABLE = "KBGEN_ENGINE"
INSTALL = {"mkdocs": "pip install 'mkdocs>=1.6,<2'", "properdocs": "pip install properdocs"}
NAMES = {"mkdocs": "MkDocs", "properdocs": "ProperDocs"}


class EngineError(KbgenError):
    """The engine asked for is not installed, unknown, or not the one this process runs."""


def chosen_engine(site: SiteConfig | None, environ: Mapping[str, str] = os.environ) -> str:
    """The engine a build of ``site`` runs on: ``mkdocs`` or ``properdocs``."""
    if site is not None and site.build.engine != AUTO:
        return required(site.build.engine, f"{site.build.where}: build.engine")
    requested = environ.get(ENGINE_VARIABLE, "").strip() or AUTO
    if requested == AUTO:
        return "properdocs" if installed("properdocs") else "mkdocs"
    if requested not in ENGINES:
        raise EngineError(
            f"{ENGINE_VARIABLE} must be {', '.join(ENGINES)} or {AUTO}, got {requested!r}"
        )
    return required(requested, ENGINE_VARIABLE)


def required(engine: str, asked_by: str) -> str:
    """``engine`` when it is installed; else one line naming who asked and how to install it."""
    if not installed(engine):
        raise EngineError(
            f"{asked_by} is {engine!r} but {NAMES[engine]} is not installed: {INSTALL[engine]}"
        )
    return engine


def installed(engine: str) -> bool:
    """True when the engine's package can be imported (without importing it)."""
    return importlib.util.find_spec(engine) is not None


def active_engine() -> str | None:
    """The engine this process has loaded (``mkdocs`` names it either way), or None."""
    module = sys.modules.get("mkdocs")
    if module is None:
        return None
    return "properdocs" if module.__name__ == "properdocs" else "mkdocs"


def use_engine(engine: str) -> None:
    """Load ``engine`` as ``mkdocs`` for this process; nothing to do when it already is."""
    active = active_engine()
    if active == engine:
        return
    if active is not None:
        raise EngineError(
            f"this process already runs {NAMES[active]}, and cannot switch to {NAMES[engine]}: "
            f"run kbgen again in a new process (or set {ENGINE_VARIABLE}={engine})"
        )
    if engine == "properdocs":
        importlib.import_module("properdocs.replacement")
        # ProperDocs logs to "properdocs"; plugins (kbgen's, Material's) to "mkdocs": one tree,
        # so strict mode counts every warning, as the properdocs command arranges it too.
        logging.getLogger("mkdocs").parent = logging.getLogger("properdocs")
    else:
        importlib.import_module("mkdocs")


def engine_logger_names() -> tuple[str, ...]:
    """The loggers engines and plugins write to: a console handler goes on each."""
    return ENGINES


def engine_version() -> str:
    """``MkDocs 1.6.1`` / ``ProperDocs 1.6.7``: the loaded engine and its version."""
    active = active_engine()
    if active is None:
        return "no engine loaded"
    return f"{NAMES[active]} {sys.modules['mkdocs'].__version__}"
