"""Existing plain Markdown in one command: ``kbgen init --docs-dir DIR --owner NAME`` on a
generated git repository, then ``check``, ``build --strict`` and ``stale`` judge every page;
``kbgen review`` on folders and files without frontmatter; a future ``--date`` refused."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kbgen.config import ReviewPolicy, load_config
from kbgen.content.review_edit import mark_reviewed
from tests.conftest import kbgen

COMMITTED = "2026-10-05T12:00:00+00:00"
PLAIN = {
    "getting-started/install.md": "# Install\n\nRun the installer, then [sign in](sign-in.md).\n",
    "getting-started/sign-in.md": "# Sign in\r\n\r\nUse your work e-mail.\r\n",
    "billing/refunds.md": "\ufeff# Refunds\n\n"
    "See [plans](plans.md) and [install](../getting-started/install.md).\n",
    "billing/plans.md": "---\ntitle: Plans\n---\n\nThree plans.\n",
    "billing/invoices/download.md": "Download invoices from the *Billing* page.\n",
    "billing/reviewed.md": "---\ntitle: Reviewed\nlast_reviewed: 2026-11-20\n---\n\nDone.\n",
}
UNCOMMITTED = {"billing/draft.md": "# Draft\n\nWritten after the last commit.\n"}
TODAY = datetime.now(timezone.utc).date().isoformat()


def write_docs(project: Path, pages: dict[str, str]) -> None:
    """Write the pages below ``project/docs`` byte for byte."""
    for name, text in pages.items():
        path = project / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def commit_all(project: Path) -> None:
    """One commit of everything, on a fixed date."""
    environment = {**os.environ, "GIT_AUTHOR_DATE": COMMITTED, "GIT_COMMITTER_DATE": COMMITTED}
    for arguments in (["init", "-q"], ["add", "."], ["commit", "-qm", "docs"]):
        subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *arguments],
            cwd=project, env=environment, check=True, capture_output=True,
        )  # fmt: skip


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A plain-Markdown git repository adopted in one command, then checked, built, judged."""
    project = tmp_path_factory.mktemp("plain")
    write_docs(project, PLAIN)
    commit_all(project)
    write_docs(project, UNCOMMITTED)
    outputs = {}
    for name, arguments in {
        "init": ("init", "--docs-dir", "docs", "--owner", "@docs-team", "--site-name", "Acme"),
        "check": ("check",),
        "build": ("build", "--strict", "-q"),
        "stale": ("stale", "--format", "json"),
        "table": ("stale",),
    }.items():
        code, output = kbgen(project, *arguments)
        outputs[name] = output
        outputs[f"{name} exit"] = str(code)
    yield project, outputs


def test_init_adopts_the_folder(adopted: tuple[Path, dict[str, str]]) -> None:
    """_defaults.yml names the owner, dates come from git, and every page can be judged."""
    project, outputs = adopted
    assert outputs["init exit"] == "0", outputs["init"]
    assert "created  docs/_defaults.yml (the owner of every page)" in outputs["init"]
    assert "7 of 7 can be judged; 0 lack an owner, 0 lack a review date." in outputs["init"]
    site = load_config(project / "site_config.yml")
    assert site.review.dates_from_git is True
    assert 'owner: "@docs-team"' in (project / "docs/_defaults.yml").read_text()


def test_committed_pages_are_not_touched(adopted: tuple[Path, dict[str, str]]) -> None:
    """Pages git knows keep every byte; the one never committed gets today's date."""
    project, outputs = adopted
    for name, text in PLAIN.items():
        assert (project / "docs" / name).read_bytes() == text.encode("utf-8"), name
    draft = (project / "docs/billing/draft.md").read_text(encoding="utf-8")
    assert draft == f"---\nlast_reviewed: {TODAY}\n---\n" + UNCOMMITTED["billing/draft.md"]
    assert "dated    billing/draft.md" in outputs["init"]


@pytest.mark.parametrize("step", ["check", "build"])
def test_check_and_strict_build_pass(adopted: tuple[Path, dict[str, str]], step: str) -> None:
    """kbgen check and kbgen build --strict both pass after adoption."""
    _, outputs = adopted
    assert outputs[f"{step} exit"] == "0", outputs[step]


def test_check_judges_every_page(adopted: tuple[Path, dict[str, str]]) -> None:
    """check counts all seven pages."""
    _, outputs = adopted
    assert "7 file(s) OK" in outputs["check"]


@pytest.mark.parametrize("name", sorted({**PLAIN, **UNCOMMITTED}))
def test_every_page_is_built(adopted: tuple[Path, dict[str, str]], name: str) -> None:
    """Each adopted page is in the built site."""
    project, _ = adopted
    assert (project / "site" / name.removesuffix(".md") / "index.html").is_file()


def test_stale_judges_every_page_with_git_dates(adopted: tuple[Path, dict[str, str]]) -> None:
    """stale: all seven ok, dated by the last commit (and says so) unless they have a date."""
    _, outputs = adopted
    report = json.loads(outputs["stale"])
    articles = {entry["path"]: entry for entry in report["articles"]}
    assert set(articles) == set(PLAIN) | set(UNCOMMITTED)
    assert {entry["status"] for entry in articles.values()} <= {"ok", "due_soon", "overdue"}
    assert {entry["owner"] for entry in articles.values()} == {"@docs-team"}
    from_git = {path for path, entry in articles.items() if entry.get("last_reviewed_from")}
    assert from_git == set(PLAIN) - {"billing/reviewed.md"}
    assert {articles[path]["last_reviewed"] for path in from_git} == {COMMITTED[:10]}
    assert articles["billing/draft.md"]["last_reviewed"] == TODAY


def test_the_table_says_which_dates_come_from_git(adopted: tuple[Path, dict[str, str]]) -> None:
    """The terminal report names how many dates are last-commit dates."""
    _, outputs = adopted
    assert "5 review date(s) are the date of the page's last git commit" in outputs["table"]


def test_outside_git_every_undated_page_is_dated_today(tmp_path: Path) -> None:
    """Not in git: no dates_from_git, every page without a date gets today's, check passes."""
    write_docs(tmp_path, PLAIN)
    code, output = kbgen(tmp_path, "init", "--docs-dir", "docs", "--owner", "Docs Team")
    assert code == 0, output
    assert load_config(tmp_path / "site_config.yml").review.dates_from_git is False
    assert output.count("dated    ") == 5
    assert kbgen(tmp_path, "check")[0] == 0
    assert (tmp_path / "docs/billing/reviewed.md").read_text() == PLAIN["billing/reviewed.md"]


def test_owner_needs_a_docs_dir(tmp_path: Path) -> None:
    """--owner without --docs-dir is a usage error (exit 2)."""
    assert kbgen(tmp_path, "init", "--owner", "x")[0] == 2


def test_review_takes_folders_and_adds_frontmatter(tmp_path: Path) -> None:
    """kbgen review FOLDER dates every page below it, adding frontmatter where there is none."""
    write_docs(tmp_path, PLAIN)
    code, output = kbgen(tmp_path, "review", "docs/billing", "--date", "2026-11-02")
    assert code == 0, output
    refunds = (tmp_path / "docs/billing/refunds.md").read_bytes()
    assert refunds == b"\xef\xbb\xbf---\nlast_reviewed: 2026-11-02\n---\n" + PLAIN[
        "billing/refunds.md"
    ].encode("utf-8").removeprefix(b"\xef\xbb\xbf")
    assert (tmp_path / "docs/billing/invoices/download.md").read_text().startswith("---\n")
    assert (tmp_path / "docs/getting-started/install.md").read_text() == PLAIN[
        "getting-started/install.md"
    ]


@pytest.mark.parametrize("days", [1, 400])
def test_a_future_review_date_is_refused(tmp_path: Path, days: int) -> None:
    """--date after today (UTC) is a usage error, and no file changes."""
    write_docs(tmp_path, PLAIN)
    future = (
        datetime.now(timezone.utc)
        .date()
        .fromordinal(datetime.now(timezone.utc).date().toordinal() + days)
    )
    code, output = kbgen(tmp_path, "review", "docs", "--date", future.isoformat())
    assert code == 2
    assert "is in the future" in output
    for name, text in PLAIN.items():
        assert (tmp_path / "docs" / name).read_bytes() == text.encode("utf-8")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_a_plain_file_keeps_every_byte_below_its_new_frontmatter(body: str) -> None:
    """Whatever the Markdown, the review adds a block in front of it and nothing else."""
    raw = body.encode("utf-8")
    if raw.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].rstrip(b" \t\r\x0b\x0c") == b"---":
        return
    day = datetime(2026, 11, 2).date()
    edited, _ = mark_reviewed(raw, day, ReviewPolicy())
    newline = b"\r\n" if raw.split(b"\n", 1)[0].endswith(b"\r") else b"\n"
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    header = b"---" + newline + b"last_reviewed: 2026-11-02" + newline + b"---" + newline
    assert edited == bom + header + raw[len(bom) :]


def test_a_moved_page_keeps_its_commit_date(tmp_path: Path) -> None:
    """kbgen move in an adopted git folder (a staged git mv): the page keeps its last commit's
    date, its old URL gets redirect_from, and check still passes."""
    write_docs(tmp_path, PLAIN)
    commit_all(tmp_path)
    assert kbgen(tmp_path, "init", "--docs-dir", "docs", "--owner", "@docs-team")[0] == 0
    code, output = kbgen(tmp_path, "move", "docs/billing/refunds.md", "docs/payments/")
    assert code == 0, output
    code, output = kbgen(tmp_path, "check")
    assert code == 0, output
    report = json.loads(kbgen(tmp_path, "stale", "--format", "json")[1])
    moved = next(entry for entry in report["articles"] if entry["path"] == "payments/refunds.md")
    assert (moved["last_reviewed"], moved["last_reviewed_from"]) == (COMMITTED[:10], "git")
