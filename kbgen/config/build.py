"""The ``build:`` section: which engine builds the site (MkDocs or ProperDocs)."""

from __future__ import annotations

from dataclasses import dataclass

from kbgen.config.checks import check_section
from kbgen.config.source import ConfigSource

AUTO = "auto"
ENGINES = ("mkdocs", "properdocs")
"""The engines kbgen builds with; ``auto`` picks ProperDocs when it is installed."""
_BUILD_KEYS: dict[str, type | tuple[type, ...]] = {"engine": str}


@dataclass(frozen=True, slots=True)
class BuildSettings:
    """``build.engine`` as written (``auto`` when unset), and where: ``path:line``."""

    engine: str = AUTO
    where: str = ""


def parse_build(source: ConfigSource, data: object) -> BuildSettings:
    """Validate ``build:``; ``engine`` is ``mkdocs``, ``properdocs`` or ``auto``."""
    section = check_section(source, data, ("build",), _BUILD_KEYS)
    engine = section.get("engine", AUTO)
    if engine not in (AUTO, *ENGINES):
        source.fail(
            ("build", "engine"),
            f"'build.engine' must be {', '.join(ENGINES)} or {AUTO}, got {engine!r}",
        )
        engine = AUTO
    return BuildSettings(engine=engine, where=source.at(("build", "engine")))
