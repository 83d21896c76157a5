"""Build the site in-process with MkDocs, into a temporary folder swapped in on success."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jinja2 import TemplateError
from mkdocs import exceptions as mkdocs_errors
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config as load_mkdocs_config

from kbgen.config import SiteConfig, load_config
from kbgen.errors import BuildError, KbgenError
from kbgen.mkdocs.config_builder import GeneratedConfigFile
from kbgen.mkdocs.template_errors import describe_template_error

DEFAULT_SITE_DIR = "site"


def build_site(config_file: Path, site_dir: Path | None = None, strict: bool = False) -> Path:
    """Build into ``site_dir`` (default ``site/`` beside the config); return its path.

    A failed build leaves the previous site exactly as it was.
    """
    site = load_config(config_file)
    if not site.docs_dir.is_dir():
        raise BuildError(f"content folder {site.docs_dir} not found (set docs_dir in {site.path})")
    target = (site_dir or site.root / DEFAULT_SITE_DIR).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with staging_dir(target) as staging:
        run_mkdocs_build(site, staging, strict)
        swap_in(staging, target)
    return target


def run_mkdocs_build(site: SiteConfig, site_dir: Path, strict: bool) -> None:
    """Run MkDocs' own build with the generated configuration; raise BuildError on failure."""
    try:
        generated = GeneratedConfigFile(site)
        config = load_mkdocs_config(generated, site_dir=str(site_dir), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except KbgenError:
        raise
    except mkdocs_errors.MkDocsException as error:
        raise BuildError(f"build failed, previous site left in place: {error}") from None
    except TemplateError as error:
        where = describe_template_error(error)
        raise BuildError(f"build failed, previous site left in place: {where}") from None


@contextmanager
def staging_dir(target: Path) -> Iterator[Path]:
    """A temporary folder next to ``target`` (same file system), removed afterwards."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path, target: Path) -> None:
    """Replace ``target`` with ``staging`` by renames, so readers never see a partial site."""
    if not target.exists():
        os.replace(staging, target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    os.replace(target, retired / target.name)
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(retired / target.name, target)
        raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)


def serve_site(config_file: Path, dev_addr: str | None = None, open_browser: bool = False) -> None:
    """Live preview with MkDocs' dev server, rebuilding when content or config changes."""
    site = load_config(config_file)
    try:
        mkdocs_serve(
            # Given the path, not the object: serve re-reads site_config.yml on every rebuild.
            config_file=GeneratedConfigFile(site.path),  # type: ignore[arg-type]
            dev_addr=dev_addr,
            open_in_browser=open_browser,
            watch=[str(site.path)],
        )
    except OSError as error:
        address = dev_addr or "127.0.0.1:8000"
        raise BuildError(f"cannot serve on {address}: {error.strerror or error}") from None
    except mkdocs_errors.MkDocsException as error:
        raise BuildError(f"cannot serve the site: {error}") from None
