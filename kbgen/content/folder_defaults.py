"""``_defaults.yml``: per-folder defaults (owner, review_every, tags) and category titles."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from kbgen.config.source import key_lines
from kbgen.config.values import icon_problem
from kbgen.content.frontmatter import FrontmatterError, parse_yaml
from kbgen.content.git_history import commit_dates_after_renames
from kbgen.content.yaml_bounds import MAX_BYTES
from kbgen.errors import Problem
from kbgen.paths import CONTENT_LABEL, entry_problem, open_regular

DEFAULTS_FILE = "_defaults.yml"
INHERITED_KEYS = ("owner", "review_every", "tags")
CATEGORY_KEYS = ("title", "description", "order", "icon")
ALLOWED_KEYS = frozenset(INHERITED_KEYS + CATEGORY_KEYS)


def read_limited(path: Path) -> bytes:
    """The file's bytes, reading no more than one byte past the frontmatter size limit."""
    with open_regular(path) as stream:
        return stream.read(MAX_BYTES + 1)


class FolderDefaults:
    """Merged ``_defaults.yml`` values for the folders below a content root, read once each."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._cache: dict[Path, Mapping[str, Any]] = {}
        self._own: dict[Path, Mapping[str, Any]] = {}
        self._real_folders: dict[str, str] = {}
        self._by_real_folder: dict[str, Mapping[str, Any]] = {}
        self.problems: list[Problem] = []
        self._git_dates: Mapping[str, date] | None = None

    def for_real_folder(self, folder: str) -> Mapping[str, Any]:
        """``for_folder`` for an already resolved folder path, without a Path per file."""
        found = self._by_real_folder.get(folder)
        if found is None:
            found = self._by_real_folder[folder] = self.for_folder(Path(folder))
        return found

    def git_date(self, rel_path: str) -> date | None:
        """The date of the last git commit of the file at ``rel_path`` (below the root);
        None outside git or for a file never committed. Git is asked once per root."""
        if self._git_dates is None:
            self._git_dates = commit_dates_after_renames(self.root)
        return self._git_dates.get(rel_path)

    def real_folder(self, folder: str | Path) -> str:
        """``os.path.realpath(folder)``, remembered (folders are resolved once per run)."""
        key = os.fspath(folder)
        real = self._real_folders.get(key)
        if real is None:
            real = self._real_folders[key] = os.path.realpath(key or ".")
        return real

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
        """The values written in ``folder/_defaults.yml`` itself ({} if none or invalid), read
        and its problems noted once per folder."""
        found = self._own.get(folder)
        if found is None:
            found = self._own[folder] = self.read_own(folder)
        return found

    def read_own(self, folder: Path) -> Mapping[str, Any]:
        """Read ``folder/_defaults.yml``, noting its problems."""
        path = folder / DEFAULTS_FILE
        if not (path.is_file() or path.is_symlink()):
            return {}
        where = path.relative_to(self.root).as_posix()
        bad_link = entry_problem(str(path), str(self.root), CONTENT_LABEL)
        if bad_link:
            self.problems.append(Problem(where, None, bad_link))
            return {}
        try:
            raw = read_limited(path)
            if len(raw) > MAX_BYTES:
                raise FrontmatterError(f"file is larger than {MAX_BYTES // 1024} KiB", 1)
            data = parse_yaml(raw.decode("utf-8"))
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
        if "icon" in data and (problem := category_icon_problem(data["icon"])):
            line = key_lines(raw.decode("utf-8")).get(("icon",))
            self.problems.append(Problem(where, line, f"'icon' {problem}"))
            return {key: value for key, value in data.items() if key != "icon"}
        return data


def category_icon_problem(value: object) -> str | None:
    """Why a category's ``icon:`` is not one of the icons Material bundles."""
    if not isinstance(value, str):
        return f"must be an icon name such as 'material/credit-card-outline', got {value!r}"
    return icon_problem(value)
