"""Scaffolding a new article: a safe slug, sensible frontmatter, never overwriting."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import frontmatter

from kbgen.content.folder_defaults import FolderDefaults
from kbgen.errors import KbgenError
from kbgen.paths import CONTENT_LABEL, contained_problem, create_new

_SLUG_PART = re.compile(r"[^a-z0-9]+")
_CATEGORY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_SLUG_LENGTH = 80
# index.md and README.md are the category page (README.md also in any case on macOS).
RESERVED_SLUGS = frozenset({"index", "readme"})


def slugify(text: str) -> str:
    """``Reset your password!`` -> ``reset-your-password`` (ASCII, no path separators)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _SLUG_PART.sub("-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG_LENGTH].rstrip("-")


PLACEHOLDER_INTRO = "One or two sentences on what this article helps the reader do."
PLACEHOLDER_STEPS = ("1. First step.", "2. Second step.")
PLACEHOLDER_TIP = "A helpful hint."
PLACEHOLDER_LINES = frozenset({PLACEHOLDER_INTRO, *PLACEHOLDER_STEPS, PLACEHOLDER_TIP})
"""Lines `kbgen new` writes for the writer to replace; `kbgen check` flags any left."""


def new_article(
    content_root: Path, title: str, category: str, owner: str | None, today: date
) -> Path:
    """Create ``content_root/category/slug.md``; refuse unsafe names and existing files."""
    if not _CATEGORY.fullmatch(category):
        raise KbgenError(
            f"category {category!r} must be a folder name of lower-case letters, digits and '-'"
        )
    slug = slugify(title)
    if not slug:
        raise KbgenError(f"title {title!r} has no letters or digits to make a file name from")
    if slug in RESERVED_SLUGS:
        raise KbgenError(
            f"title {title!r} would make {category}/{slug}.md, the category's own page; "
            "choose another title"
        )
    folder = content_root / category
    path = folder / f"{slug}.md"
    if (unsafe := contained_problem(folder, content_root, CONTENT_LABEL)) is not None:
        raise KbgenError(f"{folder}: refusing to write there: {unsafe}")
    defaults = FolderDefaults(content_root)
    inherited_owner = defaults.for_folder(folder.resolve()).get("owner")
    if defaults.problems:
        raise KbgenError("\n".join(str(problem) for problem in defaults.problems))
    if owner is None and inherited_owner is None:
        raise KbgenError(f"no owner: pass --owner (no _defaults.yml gives one for {category}/)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        create_new(path, article_text(title, owner, today).encode("utf-8"))
    except FileExistsError:
        raise KbgenError(f"{path} already exists; choose another title") from None
    except OSError as error:
        raise KbgenError(f"{path}: cannot write: {error.strerror or error}") from None
    return path


def article_text(
    title: str, owner: str | None, today: date, body: str | None = None, description: str = ""
) -> str:
    """The starting text of an article: frontmatter (python-frontmatter), then ``body``.

    The default body is a heading and a skeleton of steps.
    """
    meta: dict[str, Any] = {"title": title, "description": description}
    if owner:
        meta["owner"] = owner
    meta.update(last_reviewed=today, tags=[])
    post = frontmatter.Post(body if body is not None else skeleton(title), **meta)
    return frontmatter.dumps(post, sort_keys=False).rstrip("\n") + "\n"


def skeleton(title: str) -> str:
    """A heading and a skeleton of steps for a new article."""
    return "\n".join([
        f"# {title}",
        "",
        PLACEHOLDER_INTRO,
        "",
        "## Steps",
        "",
        PLACEHOLDER_STEPS[0],
        PLACEHOLDER_STEPS[1],
        "",
        "!!! tip",
        f"    {PLACEHOLDER_TIP}",
    ])  # fmt: skip
