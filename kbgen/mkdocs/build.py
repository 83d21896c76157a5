"""Build the site in-process with MkDocs or ProperDocs, into a temporary folder swapped in on
success. The engine is chosen (``kbgen.mkdocs.engine``) before anything imports ``mkdocs``:
``kbgen.mkdocs.run``, which does, is imported only then."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from kbgen.atomic import default_dir_mode
from kbgen.config import SiteConfig, load_config
from kbgen.errors import BuildError, Problem
from kbgen.mkdocs.engine import chosen_engine, engine_version, use_engine
from kbgen.mkdocs.plugin_ran import take_proof
from kbgen.mkdocs.site_dir import guard_site_dir, write_marker
from kbgen.mkdocs.staging import builds_in_place, staging_dir, swap_in, sync_into

_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS})


def build_site(config_file: Path, site_dir: Path | None = None, strict: bool = False) -> Path:
    """Build into ``site_dir`` (default ``site/`` beside the config); return its path.

    The site folder is checked before anything is written (see ``kbgen.mkdocs.site_dir``); a failed
    build leaves the previous site exactly as it was.
    """
    site = load_config(config_file)
    use_engine(chosen_engine(site))
    if not site.docs_dir.is_dir():
        raise BuildError(f"content folder {site.docs_dir} not found (set docs_dir in {site.path})")
    target = guard_site_dir(site, site_dir)
    had_site = target.is_dir() and any(target.iterdir())
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        in_place = builds_in_place(target)
        with staging_dir(target, inside=in_place) as staging:
            build_into(staging, target, site, strict, in_place)
    except OSError as error:
        raise BuildError(f"site folder {target}: cannot write there: {reason(error)}") from None
    except BuildError as error:
        kept = "the previous site is left in place" if had_site else "no site was written"
        raise BuildError(f"{error} ({kept})") from None
    return target


def build_into(
    staging: Path, target: Path, site: SiteConfig, strict: bool, in_place: bool = False
) -> None:
    """Build in ``staging``, check kbgen's plugin ran, mark it, then swap it in for
    ``target`` (or, for a folder that must stay where it is, move its entries into it)."""
    try:
        run_build(site, staging, strict)
        take_proof(staging, engine_version())
        finish_site(staging, target, site.path)
        if in_place:
            sync_into(staging, target)
        else:
            swap_in(staging, target)
    except OSError as error:
        raise BuildError(f"build failed: {describe_failure(error, staging, target)}") from None


def finish_site(built: Path, target: Path, config_file: Path) -> None:
    """Mark the build as this project's site for ``target``; give it the mode and group of
    the site it replaces (else those of a normally made folder)."""
    write_marker(built, target, config_file)
    if not target.is_dir():
        os.chmod(built, default_dir_mode())
        return
    old = target.stat()
    if built.stat().st_gid != old.st_gid:
        with contextlib.suppress(OSError):  # a group this user is not in: keep ours
            os.chown(built, -1, old.st_gid)
    os.chmod(built, stat.S_IMODE(old.st_mode))


def describe_failure(error: OSError, staging: Path, target: Path) -> str:
    """What failed: writing the site (disk full, read-only...) or reading a named file."""
    filename = str(error.filename or "")
    if error.errno in _WRITE_ERRNOS or not filename or filename.startswith(str(staging)):
        return f"cannot write the site into {target.parent}: {reason(error)}"
    return f"{filename}: {reason(error)}"


def reason(error: OSError) -> str:
    """The system's one-line reason for an OSError."""
    return error.strerror or str(error)


def run_build(site: SiteConfig, site_dir: Path, strict: bool) -> None:
    """Run the chosen engine's build (see ``kbgen.mkdocs.run``); raise BuildError on failure."""
    from kbgen.mkdocs.run import build_with_engine  # imports mkdocs: the engine is chosen now

    build_with_engine(site, site_dir, strict)


def plugin_problems(site: SiteConfig) -> list[Problem]:
    """``kbgen check``'s half of the guard: a Problem when a build of ``site`` would run
    without kbgen's plugin (the build's half is ``take_proof``)."""
    use_engine(chosen_engine(site))
    from kbgen.mkdocs.run import plugin_problem  # imports mkdocs: the engine is chosen now

    problem = plugin_problem(site)
    return [] if problem is None else [Problem(str(site.path), None, problem)]


def serve_site(config_file: Path, dev_addr: str | None = None, open_browser: bool = False) -> None:
    """Live preview with the engine's dev server, rebuilding when content or config changes.

    The engine serves from a fresh temporary folder of its own (``mkdocs_*`` in the system temp
    folder), so a preview never writes into the project or its ``site/``.
    """
    site = load_config(config_file)
    use_engine(chosen_engine(site))
    from kbgen.mkdocs.run import MkDocsException, serve_with_engine  # after use_engine

    try:
        serve_with_engine(site, dev_addr, open_browser)
    except OSError as error:
        address = dev_addr or "127.0.0.1:8000"
        raise BuildError(f"cannot serve on {address}: {reason(error)}") from None
    except MkDocsException as error:
        raise BuildError(f"cannot serve the site: {error}") from None
