"""kbgen's one path policy (``kbgen.paths``): reads contained, writes never through a link
nor over a source; unit cases, then Hypothesis properties over generated symlink graphs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.atomic import read_json, write_atomic, write_json
from kbgen.content.published import published_files
from kbgen.mkdocs.site_dir import marker_text, replace_refusal
from kbgen.paths import (
    BROKEN,
    LOOP,
    SPECIAL,
    Sources,
    UnsafePathError,
    contained_problem,
    create_new,
    is_within,
    outside_message,
    overrides_problems,
    path_text_problem,
    read_bytes_nofollow,
    scan_tree,
    write_problem,
)


def project(root: Path) -> Sources:
    """A project in ``root``: config, content/ with one article, overrides/ and outside/."""
    (root / "content" / "help").mkdir(parents=True)
    (root / "content" / "help" / "a.md").write_text("---\ntitle: A\n---\n", "utf-8")
    (root / "overrides").mkdir()
    (root / "site_config.yml").write_text("site_name: X\n", "utf-8")
    (root / "outside").mkdir(exist_ok=True)
    (root / "outside" / "secret.txt").write_text("CANARY\n", "utf-8")
    return Sources(root / "site_config.yml", root / "content", root / "overrides")


@pytest.mark.parametrize(
    ("link", "target", "problem"),
    [
        ("partials/copyright.html", "/proc/self/environ", outside_message("overrides folder")),
        ("passwd.txt", "/etc/passwd", outside_message("overrides folder")),
        ("up.html", "../site_config.yml", outside_message("overrides folder")),
        ("dir", "../outside", outside_message("overrides folder")),
        (".hidden.html", "../outside/secret.txt", outside_message("overrides folder")),
        ("gone.html", "missing.html", BROKEN),
        ("self", "self", LOOP),
        ("parent", ".", LOOP),
    ],
)
def test_bad_links_in_overrides_are_problems(
    tmp_path: Path, link: str, target: str, problem: str
) -> None:
    """Every link in overrides/ that leaves it, dangles or loops is one problem at its path."""
    sources = project(tmp_path)
    path = sources.overrides / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    assert [(p.path, p.message) for p in overrides_problems(sources)] == [(str(path), problem)]


def test_overrides_folder_linked_out_of_the_project_is_a_problem(tmp_path: Path) -> None:
    """``overrides -> /etc`` is refused as a whole: its real path leaves the project."""
    sources = project(tmp_path / "proj")
    sources.overrides.rmdir()
    sources.overrides.symlink_to("/etc")
    (problem,) = overrides_problems(sources)
    assert problem.path == str(sources.overrides) and "outside the project" in problem.message


def test_links_inside_overrides_are_fine(tmp_path: Path) -> None:
    """A link from one override to another stays inside: nothing to report."""
    sources = project(tmp_path)
    (sources.overrides / "main.html").write_text("{% extends 'base.html' %}\n", "utf-8")
    (sources.overrides / "alias.html").symlink_to("main.html")
    assert overrides_problems(sources) == []


def test_a_pipe_is_never_read(tmp_path: Path) -> None:
    """A FIFO would hang a build reading it: it is reported like a bad link."""
    sources = project(tmp_path)
    os.mkfifo(sources.overrides / "footer.html")
    assert [p.message for p in overrides_problems(sources)] == [SPECIAL]


@pytest.mark.parametrize(
    ("relative", "reason"),
    [
        ("content/help/a.md", "inside the content folder"),
        ("content/new.json", "inside the content folder"),
        ("overrides/x.json", "inside the overrides folder"),
        ("site_config.yml", "the config file"),
    ],
)
def test_sources_are_never_write_targets(tmp_path: Path, relative: str, reason: str) -> None:
    """Content, overrides and the config file are refused as places to write."""
    sources = project(tmp_path)
    problem = write_problem(tmp_path / relative, sources, within=tmp_path)
    assert problem is not None and reason in problem


def test_a_folder_link_to_a_source_is_judged_by_its_real_path(tmp_path: Path) -> None:
    """``data -> content``: data/links.json is a file inside the content folder."""
    sources = project(tmp_path)
    (tmp_path / "data").symlink_to("content")
    problem = write_problem(tmp_path / "data" / "links.json", sources, within=tmp_path)
    assert problem is not None and "inside the content folder" in problem


@pytest.mark.parametrize("target", ["content/help/a.md", "outside/secret.txt", "nowhere.json"])
def test_writes_never_go_through_a_link(tmp_path: Path, target: str) -> None:
    """A symlink at the write target (dangling or not) is refused; its target is unchanged."""
    project(tmp_path)
    link = tmp_path / "report.md"
    link.symlink_to(tmp_path / target)
    before = (tmp_path / target).read_bytes() if (tmp_path / target).exists() else None
    with pytest.raises(UnsafePathError, match="symlink"):
        write_atomic(link, b"{}")
    after = (tmp_path / target).read_bytes() if (tmp_path / target).exists() else None
    assert before == after and link.is_symlink()


def test_a_device_is_never_replaced(tmp_path: Path) -> None:
    """``--output /dev/null`` must not turn the device node into a file."""
    with pytest.raises(UnsafePathError, match="not a regular file"):
        write_atomic(Path("/dev/null"), b"x")
    assert not Path("/dev/null").is_file()


def test_write_atomic_keeps_mode(tmp_path: Path) -> None:
    """Replacing a file keeps its permissions."""
    path = tmp_path / "a.json"
    path.write_text("{}", "utf-8")
    path.chmod(0o640)
    write_atomic(path, b"[]")
    assert path.read_bytes() == b"[]" and (path.stat().st_mode & 0o777) == 0o640


def test_json_is_never_read_through_a_link(tmp_path: Path) -> None:
    """A committed ``data/linear-links.json -> ../content/x.md`` is refused, not parsed."""
    project(tmp_path)
    link = tmp_path / "links.json"
    link.symlink_to(tmp_path / "outside" / "secret.txt")
    with pytest.raises(UnsafePathError, match="symlink"):
        read_json(link)
    with pytest.raises(UnsafePathError, match="symlink"):
        write_json(link, {"a": 1})


def test_reading_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    """A FIFO where data is expected is refused at once (no writer needed)."""
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(UnsafePathError, match="not a regular file"):
        read_bytes_nofollow(tmp_path / "pipe")


def test_create_new_never_follows_a_dangling_link(tmp_path: Path) -> None:
    """``kbgen new`` and the marker create files exclusively: a dangling link is not followed."""
    (tmp_path / "new.md").symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(FileExistsError):
        create_new(tmp_path / "new.md", b"x")
    assert not (tmp_path / "elsewhere.md").exists()


@pytest.mark.parametrize(
    ("layout", "inside"),
    [
        ({"content/cat/x.md": None}, True),
        ({"content/cat": "../outside"}, False),
        ({"content/cat": "/tmp"}, False),
        ({"content/cat": "other"}, True),
        ({"content/cat": "missing"}, False),
    ],
)
def test_contained_follows_every_link_on_the_way(
    tmp_path: Path, layout: dict[str, str | None], inside: bool
) -> None:
    """A file is inside the content folder only if its real path and every link on the way are."""
    project(tmp_path)
    (tmp_path / "content" / "other").mkdir()
    (tmp_path / "content" / "other" / "x.md").write_text("x", "utf-8")
    (tmp_path / "outside" / "x.md").write_text("x", "utf-8")
    for relative, target in layout.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if target is None:
            path.write_text("x", "utf-8")
        else:
            path.symlink_to(target)
    problem = contained_problem(tmp_path / "content" / "cat" / "x.md", tmp_path / "content", "c")
    assert (problem is None) is inside


# --- Properties over generated layouts -------------------------------------------------------

NAMES = st.sampled_from(["a", "b", "c", "d", "_e", ".f"])
TARGETS = st.one_of(
    st.tuples(st.just("inside"), st.lists(NAMES, min_size=0, max_size=3)),
    st.tuples(st.just("outside"), st.lists(NAMES, min_size=0, max_size=2)),
    st.tuples(st.just("absolute"), st.sampled_from(["/etc/passwd", "/proc/self/environ", "/"])),
    st.tuples(st.just("up"), st.integers(min_value=0, max_value=3)),
)
ENTRIES = st.lists(
    st.tuples(
        st.lists(NAMES, min_size=1, max_size=3),
        st.one_of(
            st.just(("dir", None)), st.just(("file", None)), st.just(("hardlink", None)), TARGETS
        ),
    ),
    max_size=10,
)


def materialise(root: Path, entries: list[tuple[list[str], tuple[str, object]]]) -> Path:
    """Create a generated layout below ``root/tree``; an ``outside`` folder sits beside it."""
    tree, outside = root / "tree", root / "outside"
    tree.mkdir()
    outside.mkdir()
    for name in ("a", "b"):
        (outside / name).write_text("CANARY\n", "utf-8")
        (outside / "c").mkdir(exist_ok=True)
        (outside / "c" / name).write_text("CANARY\n", "utf-8")
    for parts, (kind, detail) in entries:
        path = tree.joinpath(*parts)
        if os.path.lexists(path) or not path.parent.is_dir() or path.parent.is_symlink():
            continue
        if kind == "dir":
            path.mkdir()
        elif kind == "file":
            path.write_text("inside\n", "utf-8")
        elif kind == "hardlink":
            os.link(outside / "a", path)  # a second name for a file outside
        elif kind == "inside":
            path.symlink_to(tree.joinpath(*detail))  # type: ignore[misc]
        elif kind == "outside":
            path.symlink_to(outside.joinpath(*detail))  # type: ignore[misc]
        elif kind == "absolute":
            path.symlink_to(str(detail))
        else:
            path.symlink_to("/".join([".."] * int(detail)) or ".")  # type: ignore[call-overload]
    return tree


def every_path(tree: Path) -> list[Path]:
    """Every entry below ``tree`` without following links."""
    found = []
    for folder, dirs, files in os.walk(tree):
        found += [Path(folder, name) for name in dirs + files]
    return found


def outside_bytes(root: Path) -> dict[str, bytes]:
    """The bytes of every file in ``root/outside`` (what no write may change)."""
    return {str(p): p.read_bytes() for p in (root / "outside").rglob("*") if p.is_file()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ENTRIES)
def test_published_files_never_leave_the_folder(entries: list) -> None:
    """Whatever the links, every file check and build would publish really lies inside."""
    with tempfile.TemporaryDirectory() as temporary:
        tree = materialise(Path(temporary), entries)
        real_tree = os.path.realpath(tree)
        for name in published_files(tree):
            assert is_within(os.path.realpath(tree / name), real_tree), name
            assert os.stat(tree / name).st_nlink == 1, f"{name} is a hard link"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ENTRIES)
def test_scan_flags_exactly_the_links_that_escape_or_dangle(entries: list) -> None:
    """Each link the scan passes resolves inside; each it flags leaves, dangles or loops."""
    with tempfile.TemporaryDirectory() as temporary:
        tree = materialise(Path(temporary), entries)
        real_tree = os.path.realpath(tree)
        flagged = {tree / p.path for p in scan_tree(tree, "tree", skip_hidden=False)}
        for path in every_path(tree):
            if not path.is_symlink() or any(parent in flagged for parent in path.parents):
                continue
            try:
                real = os.path.realpath(path, strict=True)
            except OSError:
                assert path in flagged
                continue
            if not is_within(real, real_tree):
                assert path in flagged


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ENTRIES, st.lists(NAMES, min_size=1, max_size=4))
def test_a_contained_path_really_is_inside(entries: list, parts: list[str]) -> None:
    """``contained_problem`` passes a path only when its real path is inside the folder."""
    with tempfile.TemporaryDirectory() as temporary:
        tree = materialise(Path(temporary), entries)
        path = tree.joinpath(*parts)
        if contained_problem(path, tree, "tree") is None:
            assert is_within(os.path.realpath(path), os.path.realpath(tree))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ENTRIES, st.lists(NAMES, min_size=1, max_size=4))
def test_a_write_never_changes_anything_outside_or_a_source(entries: list, parts: list) -> None:
    """Wherever the generated links lead, a write inside ``within`` is refused or stays
    inside: no byte outside it (nor in the content folder) changes, no link is written through."""
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        tree = materialise(root, entries)
        sources = Sources(root / "cfg.yml", root / "outside" / "c", tree / "overrides")
        before = outside_bytes(root)
        target = tree.joinpath(*parts)
        was_link = target.is_symlink()
        try:
            write_atomic(target, b"written\n", sources, within=tree)
        except UnsafePathError:
            pass
        except OSError:
            pass  # e.g. a parent that is a file: nothing was written
        else:
            assert not was_link
            assert is_within(os.path.realpath(target), os.path.realpath(tree))
        assert outside_bytes(root) == before


PATHS = st.lists(st.sampled_from(["srv", "www", "site", "home", "kb"]), min_size=1, max_size=3)


@given(PATHS, PATHS, PATHS, PATHS)
def test_a_marker_counts_only_for_its_own_folder_and_project(
    site: list[str], config: list[str], other_site: list[str], other_config: list[str]
) -> None:
    """A site marker lets a build replace a folder iff it names that folder and that config."""
    ours = marker_text(Path("/", *site), Path("/", *config, "site_config.yml"))
    found = marker_text(Path("/", *other_site), Path("/", *other_config, "site_config.yml"))
    allowed = replace_refusal(True, [".kbgen-site"], found, ours) is None
    assert allowed is (site == other_site and config == other_config)


def files_the_build_gathers(tree: Path, out: Path) -> set[str]:
    """The content files a build would publish from ``tree``: MkDocs' walk as kbgen runs it
    (``safe_walk``), then the same per-file judgement ``on_files`` applies (``safe_files``)."""
    from mkdocs.config.defaults import MkDocsConfig

    from kbgen.content.links import bad_link_paths, scan_links
    from kbgen.content.published import MKDOCS_EXCLUDE_DOCS
    from kbgen.mkdocs.safe_files import path_refusal
    from kbgen.mkdocs.safe_walk import get_files_safely

    config = MkDocsConfig()
    config.load_dict(
        {
            "site_name": "x",
            "docs_dir": str(tree),
            "site_dir": str(out),
            "exclude_docs": MKDOCS_EXCLUDE_DOCS,
        }
    )
    errors, _ = config.validate()
    assert not errors
    real_root, folders = os.path.realpath(tree), {}
    links = bad_link_paths(scan_links(tree))
    return {
        file.src_uri
        for file in get_files_safely(config)
        if file.inclusion.is_included()
        and not path_refusal(file.src_uri, str(file.abs_src_path), real_root, links, folders)[0]
    }


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ENTRIES)
def test_check_sees_exactly_the_files_the_build_publishes(entries: list) -> None:
    """``published_files`` (what ``check`` judges) is the set the build's walk keeps, for any
    graph of folder and file links: the two can never disagree on a path again."""
    with tempfile.TemporaryDirectory() as temporary:
        tree = materialise(Path(temporary), entries)
        assert set(published_files(tree)) == files_the_build_gathers(tree, Path(temporary) / "o")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("data/\0x.json", "control characters"),
        ("data/\x1b[31m.json", "control characters"),
        ("a" * 256, "too long"),
        ("a/" * 2049, "too long"),
        ("data/\udcff.json", None),
        ("data/linear-snapshot.json", None),
    ],
)
def test_config_paths_must_name_a_file(text: str, problem: str | None) -> None:
    """A path from the config with a NUL or control character, or too long, is refused."""
    found = path_text_problem(text)
    assert (found is None) if problem is None else (found is not None and problem in found)


@given(st.text(max_size=300))
def test_an_accepted_config_path_never_crashes_the_policy(text: str) -> None:
    """Whatever text the config holds, once accepted the path checks answer, never raise."""
    if path_text_problem(text) is None:
        with tempfile.TemporaryDirectory() as temporary:
            root = Path(temporary)
            sources = Sources(root / "site_config.yml", root / "content", root / "overrides")
            write_problem(root / text, sources, within=root)
            contained_problem(root / text, root, "project")
