"""Commands under the path policy: ``review``, ``new``, ``stale --output``/``--changed-files``
and the site folder (marker, mount point, mode and group). Real files, real failures: a
file-size limit for a full disk, a tmpfs mounted in a user namespace for read-only and
mount-point folders; one line and exit 1, never a traceback."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.errors import BuildError
from kbgen.mkdocs.build import build_site
from kbgen.mkdocs.site_dir import MARKER
from tests.conftest import FIXTURES

KBGEN = [sys.executable, "-m", "kbgen"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The two-article project as the working folder, with an ``outside`` folder beside it."""
    root = tmp_path / "proj"
    shutil.copytree(FIXTURES / "tiny-project", root)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "evil.md").write_text("---\ntitle: Evil\n---\nx\n", "utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("HOME", str(tmp_path))
    return root


def cli(*args: str) -> tuple[int, str]:
    """Run the CLI in-process: exit code and output; a traceback fails the test."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.output


def one_error_line(output: str) -> str:
    """The single ``Error:`` line of a failed command."""
    errors = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "Traceback" not in output, output
    return errors[0]


@pytest.mark.parametrize("link", ["../../outside", "/tmp/../tmp"])
def test_review_never_edits_through_a_folder_link_out(project: Path, link: str) -> None:
    """``kbgen review content/*/*.md`` refuses a file reached through a link that leaves."""
    (project / "content" / "evil").symlink_to(project.parent / "outside" if ".." in link else link)
    before = (project.parent / "outside" / "evil.md").read_bytes()
    code, output = cli("review", "content/help/reset-password.md", "content/evil/evil.md")
    assert code == 1 and "content/evil/evil.md:1: refusing to edit" in output
    assert (project.parent / "outside" / "evil.md").read_bytes() == before
    assert "last_reviewed" in (project / "content/help/reset-password.md").read_text("utf-8")


def test_review_without_a_config_stays_below_the_working_folder(project: Path) -> None:
    """With no site_config.yml, a link out of the working folder is refused just the same."""
    (project / "site_config.yml").unlink()
    (project / "content" / "evil").symlink_to(project.parent / "outside")
    code, output = cli("review", "content/evil/evil.md")
    assert code == 1 and "refusing to edit" in output


@pytest.mark.parametrize(
    "written",
    ["content/help/../../../outside/evil.md", "{outside}/evil.md", "../outside/evil.md"],
    ids=["dot-dot-from-content", "absolute", "dot-dot-from-project"],
)
def test_review_refuses_a_path_written_outside_the_content_folder(
    project: Path, written: str
) -> None:
    """With a config, a file named outside the content folder (no link needed) is refused."""
    before = (project.parent / "outside" / "evil.md").read_bytes()
    code, output = cli("review", written.replace("{outside}", str(project.parent / "outside")))
    assert code == 1 and "refusing to edit" in output and "outside the content folder" in output
    assert (project.parent / "outside" / "evil.md").read_bytes() == before


def test_review_refuses_a_hard_linked_article(project: Path) -> None:
    """An article with a second name (maybe outside) is refused, both names unchanged."""
    os.link(project.parent / "outside" / "evil.md", project / "content/help/evil.md")
    before = (project.parent / "outside" / "evil.md").read_bytes()
    code, output = cli("review", "content/help/evil.md")
    assert code == 1 and "content/help/evil.md:1: refusing to edit: hard link" in output
    assert (project.parent / "outside" / "evil.md").read_bytes() == before
    assert os.stat(project / "content/help/evil.md").st_nlink == 2


@pytest.mark.parametrize(
    ("new", "make"),
    [
        ("content/out/moved.md", lambda c: (c / "out").symlink_to(c.parent.parent / "outside")),
        ("content/out", lambda c: (c / "out").symlink_to(c.parent.parent / "outside")),
        ("content/up/outside/moved.md", lambda c: (c / "up").symlink_to("../..")),
    ],
    ids=["file-in-linked-folder", "into-linked-folder", "folder-link-up"],
)
def test_move_never_moves_an_article_out_through_a_link(project: Path, new: str, make) -> None:
    """``kbgen move`` to a new name whose folder is a link out: one line, nothing moved."""
    make(project / "content")
    before = sorted(os.listdir(project.parent / "outside"))
    code, output = cli("move", "content/help/reset-password.md", new)
    assert code == 1 and "NEW" in one_error_line(output) and "outside the content" in output
    assert sorted(os.listdir(project.parent / "outside")) == before
    assert (project / "content/help/reset-password.md").is_file()


@pytest.mark.parametrize(
    ("category", "make"),
    [
        ("dangling", lambda c: (c / "dangling").symlink_to("nowhere")),
        ("out", lambda c: (c / "out").symlink_to(c.parent.parent / "outside")),
        ("loop", lambda c: (c / "loop").symlink_to("loop")),
    ],
)
def test_new_refuses_a_category_link(project: Path, category: str, make) -> None:
    """``kbgen new --category`` through a dangling, escaping or looping link: one line."""
    make(project / "content")
    code, output = cli("new", "Hello there", "--category", category, "--owner", "me")
    assert code == 1 and "refusing to write there" in one_error_line(output)
    assert not (project.parent / "outside" / "hello-there.md").exists()


def test_stale_reads_changed_files_with_any_bytes(project: Path) -> None:
    """A Latin-1 byte in ``--changed-files`` names a file like any other (its article is
    annotated); a line with a NUL byte names no file and is skipped: never a traceback."""
    text = (project / "content/help/reset-password.md").read_bytes()
    overdue = text.replace(b"last_reviewed: 2026-01-15", b"last_reviewed: 2001-01-15")
    (project / os.fsdecode(b"content/help/caf\xe9.md")).write_bytes(overdue)
    listed = b"content/help/caf\xe9.md\n\x00bad\ncontent/help/reset-password.md\n"
    (project / "changed.txt").write_bytes(listed)
    code, output = cli("stale", "--format", "github", "--changed-files", "changed.txt")
    assert code == 0 and "Traceback" not in output
    assert "::warning file=content/help/caf" in output and "Review overdue" in output


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        ("content/help/report.md", "inside the content folder"),
        ("site_config.yml", "the config file"),
        ("/dev/null", "not a regular file"),
        ("link.md", "symlink"),
    ],
)
def test_stale_output_is_never_a_source_a_device_or_a_link(
    project: Path, output: str, reason: str
) -> None:
    """``--output`` over a source, a device or through a link: refused in one line."""
    (project / "link.md").symlink_to(project / "content/help/reset-password.md")
    before = (project / "content/help/reset-password.md").read_bytes()
    code, printed = cli("stale", "--output", output)
    assert code == 1 and reason in one_error_line(printed)
    assert (project / "content/help/reset-password.md").read_bytes() == before


def no_big_files() -> None:
    """In the child: files may not grow past 64 bytes (EFBIG, as a full disk stops writes)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))


def test_stale_output_on_a_full_disk_is_one_line(project: Path) -> None:
    """A write the system stops half way is one error line; the old report stays whole."""
    (project / "report.md").write_text("old report\n", "utf-8")
    result = subprocess.run(
        [*KBGEN, "stale", "--output", "report.md"],
        capture_output=True,
        text=True,
        preexec_fn=no_big_files,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "File too large" in one_error_line(result.stderr)
    assert (project / "report.md").read_text("utf-8") == "old report\n"
    assert sorted(p.name for p in project.glob(".report.md.*")) == []


def in_user_namespace(script: str, cwd: Path) -> dict[str, object]:
    """Run ``script`` (Python) as root of a new user and mount namespace, where it may mount
    a tmpfs; it prints one JSON document, returned here."""
    result = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


MOUNT = """
import json, os, subprocess, sys
def mount(path, options):
    os.makedirs(path, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", path], check=True)
def kbgen(*args):
    done = subprocess.run([sys.executable, "-m", "kbgen", *args], capture_output=True, text=True)
    return {"code": done.returncode, "err": done.stderr, "out": done.stdout}
"""


def test_new_into_a_read_only_folder_and_output_on_a_full_disk(project: Path) -> None:
    """A read-only content folder and a full tmpfs: one line each, exit 1, nothing half-written."""
    script = MOUNT + textwrap.dedent("""
        mount("content/ro", "ro,size=64k")
        mount("full", "size=4k")
        filler = os.open("full/filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(filler, b"x" * 1024):
                pass
        except OSError:
            os.close(filler)
        new = kbgen("new", "Hello there", "--category", "ro", "--owner", "me")
        stale = kbgen("stale", "--output", "full/report.md")
        print(json.dumps({"new": new, "stale": stale, "left": os.listdir("full")}))
    """)
    found = in_user_namespace(script, project)
    for name, reason in (("new", "Read-only file system"), ("stale", "No space left")):
        run = found[name]
        assert isinstance(run, dict) and run["code"] == 1, run
        assert reason in one_error_line(str(run["err"]))
    assert found["left"] == ["filler"]


def test_a_mount_point_site_is_built_in_place(project: Path) -> None:
    """``site/`` as a mount point (holding only ``lost+found``) is filled in place (no "Device
    or resource busy"), rebuilt, and keeps its mode and ``lost+found``; old files go."""
    script = MOUNT + textwrap.dedent("""
        mount("site", "size=64m,mode=0750")
        os.mkdir("site/lost+found")
        first = kbgen("build", "-q")
        open("site/left-over.txt", "w").write("old\\n")
        second = kbgen("build", "-q")
        print(json.dumps({
            "first": first, "second": second, "names": sorted(os.listdir("site")),
            "mode": oct(os.stat("site").st_mode & 0o7777), "mount": os.path.ismount("site"),
        }))
    """)
    found = in_user_namespace(script, project)
    assert found["first"]["code"] == 0, found["first"]  # type: ignore[index]
    assert found["second"]["code"] == 0, found["second"]  # type: ignore[index]
    names = found["names"]
    assert isinstance(names, list) and MARKER in names and "index.html" in names
    assert "left-over.txt" not in names and not any("-building-" in n for n in names)
    assert "lost+found" in names
    assert found["mode"] == "0o750" and found["mount"] is True


def test_a_copied_marker_does_not_count(project: Path, tmp_path: Path) -> None:
    """``cp -r site/. www/`` then ``build --site-dir www``: refused, www/ untouched."""
    site = build_site(project / "site_config.yml")
    www = tmp_path / "www"
    shutil.copytree(site, www)
    (www / "mine.txt").write_text("keep me\n", "utf-8")
    with pytest.raises(BuildError, match="marker was not written by this project"):
        build_site(project / "site_config.yml", www)
    assert (www / "mine.txt").read_text("utf-8") == "keep me\n"


def test_a_marker_from_another_project_does_not_count(project: Path, tmp_path: Path) -> None:
    """A site built by another project's config is not this project's to replace."""
    other = tmp_path / "other"
    shutil.copytree(FIXTURES / "tiny-project", other)
    www = build_site(other / "site_config.yml", tmp_path / "www")
    with pytest.raises(BuildError, match="marker was not written by this project"):
        build_site(project / "site_config.yml", www)
    assert build_site(other / "site_config.yml", www) == www


def test_an_existing_site_keeps_its_mode_and_group(project: Path) -> None:
    """Rebuilding keeps the site folder's permissions and group (a web server's group)."""
    site = build_site(project / "site_config.yml")
    group = 4242 if os.geteuid() == 0 else os.getgroups()[-1]
    os.chown(site, -1, group)
    site.chmod(0o2750)
    build_site(project / "site_config.yml")
    assert site.stat().st_gid == group and (site.stat().st_mode & 0o7777) == 0o2750


def test_the_site_folder_may_not_hold_the_linear_data(project: Path) -> None:
    """``--site-dir data`` would delete the snapshot on the next build: refused."""
    with (project / "site_config.yml").open("a", encoding="utf-8") as stream:
        stream.write("linear: {}\n")
    (project / "data").mkdir()
    with pytest.raises(BuildError, match=r"project data file linear-snapshot\.json"):
        build_site(project / "site_config.yml", project / "data")


@pytest.mark.parametrize("linked", [".github", ".github/workflows", "content"])
def test_init_never_writes_through_a_folder_link_out(tmp_path: Path, linked: str) -> None:
    """``kbgen init`` into a folder whose ``.github`` (or content) links elsewhere: refused
    in one line per file, before anything is written; the outside folder stays empty."""
    target, outside = tmp_path / "kb", tmp_path / "outside"
    outside.mkdir()
    (target / linked).parent.mkdir(parents=True, exist_ok=True)
    (target / linked).symlink_to(outside)
    result = CliRunner().invoke(main, ["init", str(target), "--site-name", "Help"])
    assert result.exit_code == 1 and "refusing to write" in result.output
    assert "Traceback" not in result.output and list(outside.iterdir()) == []
    assert not (target / "site_config.yml").exists()


@pytest.mark.parametrize(
    ("docs", "make"),
    [
        ("docs", lambda kb, out: (kb / "docs").symlink_to(out)),
        ("docs/guides", lambda kb, out: (kb / "docs").symlink_to(out)),
        (".hidden/docs", lambda kb, out: (kb / ".hidden" / "docs").mkdir(parents=True)),
    ],
    ids=["docs-link-out", "below-a-link-out", "in-a-hidden-folder"],
)
def test_init_never_adopts_a_docs_folder_outside(tmp_path: Path, docs: str, make) -> None:
    """``kbgen init --docs-dir DIR --owner X`` with DIR a link out of the folder (or in a
    hidden one): refused before anything is written; the outside articles are unchanged
    (it wrote _defaults.yml and review dates there)."""
    target, outside = tmp_path / "kb", tmp_path / "outside"
    (outside / "guides").mkdir(parents=True)
    for folder in (outside, outside / "guides"):
        (folder / "a.md").write_text("---\ntitle: A\n---\nBody\n", "utf-8")
    target.mkdir()
    make(target, outside)
    before = {path: path.read_bytes() for path in outside.rglob("*.md")}
    result = CliRunner().invoke(main, ["init", str(target), "--docs-dir", docs, "--owner", "me"])
    assert result.exit_code == 2 and "--docs-dir" in result.output, result.output
    assert {path: path.read_bytes() for path in outside.rglob("*") if path.is_file()} == before
    assert not (target / "site_config.yml").exists()


def test_init_skips_a_link_where_a_file_would_go(tmp_path: Path) -> None:
    """A dangling link named like a starter file is left alone, never followed."""
    target = tmp_path / "kb"
    target.mkdir()
    (target / "requirements.txt").symlink_to(tmp_path / "elsewhere.txt")
    result = CliRunner().invoke(main, ["init", str(target), "--site-name", "Help"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "elsewhere.txt").exists()


@pytest.mark.parametrize("output", ["content/help/reset-password.md", "site_config.yml"])
def test_insights_output_is_never_a_source(project: Path, output: str) -> None:
    """``kbgen insights --output`` is held to the same policy as ``stale --output``."""
    (project / "events.jsonl").write_text('{"type": "search", "query": "x"}\n', "utf-8")
    before = (project / output).read_bytes()
    code, printed = cli("insights", "events.jsonl", "--output", output)
    assert code == 1 and "kbgen never writes over its sources" in one_error_line(printed)
    assert (project / output).read_bytes() == before


def test_a_bind_mounted_site_is_built_in_place(project: Path) -> None:
    """A bind mount looks like a plain folder (same device): the swap meets "Device or
    resource busy" and the build falls back to filling it in place."""
    script = MOUNT + textwrap.dedent("""
        os.makedirs("../served")
        os.makedirs("site")
        subprocess.run(["mount", "--bind", "../served", "site"], check=True)
        first = kbgen("build", "-q")
        second = kbgen("build", "-q")
        print(json.dumps({
            "first": first, "second": second, "served": sorted(os.listdir("../served")),
        }))
    """)
    found = in_user_namespace(script, project)
    assert found["first"]["code"] == 0, found["first"]  # type: ignore[index]
    assert found["second"]["code"] == 0, found["second"]  # type: ignore[index]
    served = found["served"]
    assert isinstance(served, list) and MARKER in served and "index.html" in served
