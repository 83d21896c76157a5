"""A page's frontmatter ``template:`` must name a template the build can find.

The build looks a template up in the theme's folders, in order: the site's own
``overrides/``, kbgen's theme, Material's templates, MkDocs' own. A name none of them holds
fails the build deep inside Jinja; ``check`` and the build both judge it here first and
report ``path:line: 'template' ...`` for each page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from kbgen.config import SiteConfig
from kbgen.config.content import is_renderable
from kbgen.config.source import shown
from kbgen.content.articles import iter_markdown
from kbgen.content.frontmatter import FrontmatterError, read_frontmatter
from kbgen.content.knowledge_base import KnowledgeBase
from kbgen.errors import KbgenError, Problem
from kbgen.mkdocs.theme_layers import theme_dir

OVERRIDES_DIR = "overrides"
KEY = "template"
MAX_NAME = 255


class MissingTemplateError(KbgenError):
    """Pages name templates the build cannot find; one ``path:line: message`` per page."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def refuse_missing_templates(site: SiteConfig, kb: KnowledgeBase) -> None:
    """The build's half: raise MissingTemplateError before any page is rendered."""
    problems = template_problems(site, site_pages(site), kb)
    if problems:
        raise MissingTemplateError(problems)


def site_pages(site: SiteConfig) -> list[Path]:
    """Every page the build renders from the content folder (``content.patterns``)."""
    return list(iter_markdown(site.docs_dir, content=site.content))


def template_problems(
    site: SiteConfig, pages: Iterable[Path], kb: KnowledgeBase | None = None
) -> list[Problem]:
    """A problem for each page whose ``template:`` the build could not find."""
    folders = template_folders(site)
    problems = []
    for path in pages:
        if not is_renderable(path.name):
            continue
        name = page_meta(path, site.docs_dir, kb).get(KEY)
        if name is not None and (problem := template_problem(name, folders)):
            problems.append(Problem(str(path), key_line(path), f"'{KEY}' {problem}"))
    return problems


def template_folders(site: SiteConfig) -> list[Path]:
    """Where the build looks templates up, first match wins."""
    overrides = site.root / OVERRIDES_DIR
    folders = [overrides] if overrides.is_dir() else []
    folders.append(theme_dir())
    for package, folder in (("material", "templates"), ("mkdocs", "templates")):
        spec = find_spec(package)
        if spec is not None and spec.origin:
            folders.append(Path(spec.origin).parent / folder)
    return folders


def template_problem(name: object, folders: list[Path]) -> str | None:
    """Why ``name`` is not a template in ``folders``."""
    if not isinstance(name, str) or not name.strip():
        return f"must be a template file name such as 'main.html', got {shown(name)}"
    parts = [part for part in name.split("/") if part not in ("", ".")]
    unsafe = name.startswith("/") or "\\" in name or ".." in parts or not parts
    if unsafe or not name.isprintable() or len(name) > MAX_NAME:
        return f"must be a template file name inside the theme, got {shown(name)}"
    if any(is_file(folder.joinpath(*parts)) for folder in folders):
        return None
    return f"names no template of the theme or overrides/: {shown(name)}"


def is_file(path: Path) -> bool:
    """True for a file; False for anything else or a name the system refuses."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def page_meta(path: Path, root: Path, kb: KnowledgeBase | None) -> Mapping[str, Any]:
    """The page's frontmatter: from the knowledge base when it holds the page, else read."""
    article = kb.article(path.relative_to(root).as_posix()) if kb is not None else None
    if article is not None:
        return article.meta
    try:
        frontmatter = read_frontmatter(path, check_body=False)
    except (FrontmatterError, OSError):
        return {}  # reported as the page's own problem
    return frontmatter.data if frontmatter is not None else {}


def key_line(path: Path) -> int | None:
    """The file line of the ``template:`` key."""
    try:
        frontmatter = read_frontmatter(path, check_body=False)
    except (FrontmatterError, OSError):
        return None
    return frontmatter.line_of(KEY) if frontmatter is not None else None
