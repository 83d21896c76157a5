"""``_defaults.yml``: per-folder defaults (owner, review_every, tags) and category titles."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kbgen.errors import Problem
from kbgen.frontmatter import FrontmatterError, parse_yaml

DEFAULTS_FILE = "_defaults.yml"
INHERITED_KEYS = ("owner", "review_every", "tags")
CATEGORY_KEYS = ("title", "description", "order")
ALLOWED_KEYS = frozenset(INHERITED_KEYS + CATEGORY_KEYS)


class FolderDefaults:
    """Merged ``_defaults.yml`` values for the folders below a content root, read once each."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._cache: dict[Path, Mapping[str, Any]] = {}
        self._real_folders: dict[Path, Path] = {}
        self.problems: list[Problem] = []

    def for_file(self, path: Path) -> Mapping[str, Any]:
        """Defaults inherited by a file: its folder's, over its parent folders'."""
        return self.for_folder(self.resolve(path).parent)

    def resolve(self, path: Path) -> Path:
        """``path.resolve()``, resolving each folder once: only a symlinked file costs more."""
        if path.name in ("", "..") or os.path.islink(path):
            return path.resolve()
        folder = self._real_folders.get(path.parent)
        if folder is None:
            folder = self._real_folders[path.parent] = path.parent.resolve()
        return folder / path.name

    def for_folder(self, folder: Path) -> Mapping[str, Any]:
        """Inherited defaults for ``folder`` (nearest ``_defaults.yml`` wins, key by key)."""
        if folder in self._cache:
            return self._cache[folder]
        inside = folder == self.root or self.root in folder.parents
        parent = self.for_folder(folder.parent) if inside and folder != self.root else {}
        own = self.own(folder) if inside else {}
        merged = {**parent, **{key: own[key] for key in INHERITED_KEYS if key in own}}
        self._cache[folder] = merged
        return merged

    def own(self, folder: Path) -> Mapping[str, Any]:
        """The values written in ``folder/_defaults.yml`` itself ({} if none or invalid)."""
        path = folder / DEFAULTS_FILE
        if not path.is_file():
            return {}
        where = path.relative_to(self.root).as_posix()
        try:
            data = parse_yaml(path.read_text(encoding="utf-8"))
        except FrontmatterError as error:
            self.problems.append(Problem(where, error.line and error.line - 1, error.message))
            return {}
        except (OSError, UnicodeDecodeError) as error:
            self.problems.append(Problem(where, None, f"cannot read: {error}"))
            return {}
        for key in data:
            if key not in ALLOWED_KEYS:
                known = ", ".join(sorted(ALLOWED_KEYS))
                self.problems.append(Problem(where, None, f"unknown key '{key}' ({known})"))
        return data
