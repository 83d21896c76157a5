"""The ``home:`` section: what the home page promotes (``home.featured``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kbgen.config.checks import check_section
from kbgen.config.source import ConfigSource, shown
from kbgen.config.values import site_path_problem

_HOME_KEYS: dict[str, type | tuple[type, ...]] = {"featured": list}
MAX_FEATURED = 12


@dataclass(frozen=True, slots=True)
class HomeSettings:
    """Articles the home page lists under "Popular articles", as paths in the content folder.

    Empty: the home page lists the recently updated articles instead.
    """

    featured: tuple[str, ...] = ()


def parse_home(source: ConfigSource, data: object, docs_dir: Path) -> HomeSettings:
    """Validate ``home:``: each featured path names a Markdown file in the content folder."""
    section = check_section(source, data, ("home",), _HOME_KEYS)
    items = section.get("featured") or []
    if len(items) > MAX_FEATURED:
        source.fail(("home", "featured"), f"'home.featured' lists at most {MAX_FEATURED} articles")
    featured: list[str] = []
    for index, item in enumerate(items[:MAX_FEATURED]):
        if problem := featured_problem(item, docs_dir):
            source.fail(("home", "featured", index), f"'home.featured[{index}]' {problem}")
        elif item.lstrip("./") not in featured:
            featured.append(item.lstrip("./"))
    return HomeSettings(tuple(featured))


def featured_problem(item: object, docs_dir: Path) -> str | None:
    """Why ``item`` is not the path of an article file in the content folder."""
    if not isinstance(item, str):
        return f"must be an article's path such as 'billing/refunds.md', got {shown(item)}"
    if problem := site_path_problem(item):
        return problem
    name = item.rsplit("/", 1)[-1]
    if not name.endswith(".md") or name.startswith("_") or "/" not in item.strip("/"):
        return f"must be an article's path such as 'billing/refunds.md', got {shown(item)}"
    if not (docs_dir / item).is_file():
        return f"names no article in the content folder: {shown(item)}"
    return None
