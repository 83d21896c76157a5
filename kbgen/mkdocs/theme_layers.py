"""kbgen's packaged theme, layered between a site's own ``overrides/`` and Material.

Lookup order for every template, partial and asset: the site's ``overrides/`` (MkDocs'
``custom_dir``), then kbgen's theme shipped in this package, then Material's own.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a type only: `kbgen check` asks for theme_dir() without loading mkdocs
    from mkdocs.theme import Theme


def theme_dir() -> Path:
    """The folder of kbgen's templates, partials and assets inside the installed package."""
    return Path(str(resources.files("kbgen.mkdocs") / "theme"))


def layer_theme(theme: Theme) -> None:
    """Put kbgen's theme right after the site's ``custom_dir`` (or first), once."""
    ours = str(theme_dir())
    if ours in theme.dirs:
        return
    position = 1 if theme.custom_dir else 0
    theme.dirs.insert(position, ours)
