"""``markdown_extensions``: judged the way the build loads them, file includes held to a folder.

Each extension is loaded by Python-Markdown with its options, exactly as the build will load
it, so a name that is not a Markdown extension (``os``) or an option it refuses fails
``kbgen check`` with the line of its key instead of failing the build.

``pymdownx.snippets`` pastes files into pages. It is allowed only with a ``base_path`` of
folders inside the project that hold no secrets (not the project root, not a folder holding
the config file, no hidden names, no link out), ``check_paths: true``,
``restrict_base_path: true`` and no ``url_download``; otherwise an article could publish
``.env``, ``.git/config`` or ``site_config.yml``.

Other extensions that read files by a path an article writes (``pymdownx.b64`` inlines any
image file below the working folder, through links and hidden folders; ``markdown_include``,
``mdx_include``) are refused. They are recognised by the code Python-Markdown loads for the
name, not by the name, so an alias (``pymdownx.b64:B64Extension``, ``...:makeExtension``, a
module that registers one of them) is judged the same; snippets are allowed only under their
own name, the one the build contains.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import markdown

from kbgen.config import values
from kbgen.config.source import ConfigSource, dotted, shown
from kbgen.paths import is_hard_linked

SNIPPETS = "pymdownx.snippets"
FILE_READERS = {
    "pymdownx.b64": "inlines image files by the path a page writes, from outside the content "
    "folder and through links",
    "markdown_include": "pastes files by the path a page writes, from anywhere",
    "mdx_include": "pastes files (and URLs) by the path a page writes, from anywhere",
}
"""Modules of Markdown extensions that read files no folder policy holds: always refused."""
MAX_SNIPPET_ENTRIES = 10_000
"""Files and folders a snippets base folder may hold (each is looked at by check and build)."""


def check_extensions(source: ConfigSource, items: list[Any], root: Path) -> None:
    """Each item is a name or a one-key mapping of a name to its options, and loads."""
    for index, item in enumerate(items):
        where = ("markdown_extensions", index)
        name = next(iter(item), None) if isinstance(item, dict) and len(item) == 1 else item
        options = item[name] if isinstance(item, dict) and len(item) == 1 else None
        if not isinstance(name, str) or not isinstance(options, dict | None):
            source.fail(
                where,
                f"'{dotted(where)}' must be an extension name or a mapping of one name "
                f"to its options, got {shown(item)}",
            )
        elif problem := extension_problem(name, options or {}, root, source.path):
            source.fail(where, f"'{dotted(where)}' {problem}")


def extension_problem(
    name: str, options: Mapping[str, Any], root: Path, config_file: Path
) -> str | None:
    """Why the build could not load ``name`` with ``options``, or must not (snippets)."""
    if problem := values.extension_problem(name):
        return problem
    if is_snippets(name) and (problem := snippets_problem(options, root, config_file)):
        return problem
    try:
        loaded = markdown.Markdown(extensions=[name], extension_configs={name: dict(options)})
    except Exception as error:  # any failure to load it is a failure of the build
        return f"cannot be loaded as a Markdown extension: {shown(name)} ({loading_error(error)})"
    return file_reader_problem(name, loaded_modules(loaded))


def loaded_modules(md: markdown.Markdown) -> set[str]:
    """The modules of the code an extension put into ``md``: its extension objects and every
    processor and pattern it registered."""
    registries: list[Any] = [md.preprocessors, md.parser.blockprocessors, md.treeprocessors]
    registries += [md.inlinePatterns, md.postprocessors]
    found = {type(item).__module__ for registry in registries for item in registry}
    return found | {type(extension).__module__ for extension in md.registeredExtensions}


def file_reader_problem(name: str, modules: set[str]) -> str | None:
    """Why the loaded code reads files it must not: a file reader other than contained
    snippets, or snippets under another name than ``pymdownx.snippets``."""
    for module in sorted(modules):
        reader = next((key for key in FILE_READERS if _in_package(module, key)), None)
        if reader is not None:
            return f"loads {reader}, which {FILE_READERS[reader]}: not allowed"
        if _in_package(module, SNIPPETS) and not is_snippets(name):
            return f"loads {SNIPPETS} under another name: name it '{SNIPPETS}'"
    return None


def _in_package(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def loading_error(error: Exception) -> str:
    """A short reason: ``no option 'bogus'``, ``module 'os' has no attribute ...``."""
    if isinstance(error, KeyError):
        return f"no option {error}"
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__


def is_snippets(name: str) -> bool:
    """True for ``pymdownx.snippets`` however it is named (``...:SnippetExtension``)."""
    return name.split(":", 1)[0] == SNIPPETS


def snippets_problem(options: Mapping[str, Any], root: Path, config_file: Path) -> str | None:
    """Why these ``pymdownx.snippets`` options could publish files they must not."""
    if options.get("check_paths") is not True:
        return f"{SNIPPETS} needs check_paths: true (a missing snippet fails the build)"
    if options.get("restrict_base_path", True) is not True:
        return f"{SNIPPETS} needs restrict_base_path: true"
    if options.get("url_download", False) is not False:
        return f"{SNIPPETS} must not download URLs (url_download: false)"
    bases = options.get("base_path")
    if isinstance(bases, str):
        bases = [bases]
    if not bases or not isinstance(bases, list) or not all(isinstance(b, str) for b in bases):
        return (
            f"{SNIPPETS} needs base_path: a folder (or list of folders) inside the project "
            "that holds only what pages may include"
        )
    for base in bases:
        try:
            problem = base_path_problem(base, root, config_file)
        except (OSError, ValueError) as error:  # a NUL byte, a name the system refuses
            problem = f"is not a usable path ({type(error).__name__})"
        if problem:
            return f"{SNIPPETS} base_path {shown(base)} {problem}"
    return None


def snippet_folder(base: str, root: Path) -> Path:
    """The real folder a ``base_path`` entry names (relative entries start at the project)."""
    return Path(os.path.realpath(root / base))


def base_path_problem(base: str, root: Path, config_file: Path) -> str | None:
    """Why ``base`` is not a folder inside the project that holds no secrets."""
    real_root = Path(os.path.realpath(root))
    folder = snippet_folder(base, root)
    if not folder.is_relative_to(real_root) or folder == real_root:
        return "must be a folder inside the project (not the project folder itself)"
    if any(part.startswith(".") for part in folder.relative_to(real_root).parts):
        return "must not be or lie in a hidden folder (.git, .github, ...)"
    if not folder.is_dir():
        return "is not a folder"
    if Path(os.path.realpath(config_file)).is_relative_to(folder):
        return "must not hold the config file"
    return secret_entry_problem(folder)


def secret_entry_problem(folder: Path) -> str | None:
    """Why something below ``folder`` could leak: a hidden name, a link leading out or a
    hard-linked file."""
    seen = 0
    for current, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            seen += 1
            path = os.path.join(current, name)
            relative = os.path.relpath(path, folder)
            if seen > MAX_SNIPPET_ENTRIES:
                return f"holds more than {MAX_SNIPPET_ENTRIES:,} files and folders"
            if name.startswith("."):
                return f"holds a hidden file or folder ({relative})"
            if os.path.islink(path) and not Path(os.path.realpath(path)).is_relative_to(folder):
                return f"holds a link leading out of it ({relative})"
            if name in files and is_hard_linked(os.lstat(path)):
                return f"holds a file with another name elsewhere (a hard link: {relative})"
    return None
