"""Pages at the top of the content folder (``contact.md``) are pages: ``check``, ``stale``
and ``build`` judge the same set, ``api/articles.json`` lists each with its ``kind``; and a
check of one folder or file judges its pages exactly as the check of the whole folder does
(a parent's ``_defaults.yml`` included). Real builds of an adopted plain-Markdown git repo."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.content.test_adoption import commit_all, kbgen, write_docs

PAGES = {
    "contact.md": "# Contact us\n\nWrite to support.\n",
    "terms.md": "---\ntitle: Terms of service\ndescription: The small print.\n---\n\nTerms.\n",
    "index.md": "# Welcome to Acme help\n",
    "billing/refunds.md": "# Refunds\n\nAsk [us](../contact.md).\n",
    "billing/index.md": "# Billing\n",
    "getting-started/install.md": "# Install\n\nRead the [terms](../terms.md).\n",
}
TOP_LEVEL = {"contact.md", "terms.md"}
ARTICLES = {"billing/refunds.md", "getting-started/install.md"}
CHECKED = re.compile(r"^(?P<count>\d+) file\(s\) OK$", re.MULTILINE)


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Plain Markdown with top-level pages, adopted, checked, built and judged."""
    project = tmp_path_factory.mktemp("top-level")
    write_docs(project, PAGES)
    commit_all(project)
    outputs = {}
    for name, arguments in {
        "init": ("init", "--docs-dir", "docs", "--owner", "docs-team", "--site-name", "Acme"),
        "check": ("check",),
        "build": ("build", "--strict", "-q"),
        "stale": ("stale", "--format", "json"),
    }.items():
        code, outputs[name] = kbgen(project, *arguments)
        assert code == 0, f"{name}: {outputs[name]}"
    return project, outputs


def articles_json(project: Path) -> list[dict[str, Any]]:
    """The built site's api/articles.json records."""
    text = (project / "site/api/articles.json").read_text(encoding="utf-8")
    records = json.loads(text)["articles"]
    assert isinstance(records, list)
    return records


def test_check_stale_and_build_judge_the_same_pages(adopted: tuple[Path, dict[str, str]]) -> None:
    """check counts, stale reports and api/articles.json lists the same pages, top-level
    pages included (home and category index pages are kbgen's, in none of them)."""
    project, outputs = adopted
    stale = {entry["path"] for entry in json.loads(outputs["stale"])["articles"]}
    listed = {record["path"] for record in articles_json(project)}
    counted = CHECKED.search(outputs["check"])
    assert counted and int(counted["count"]) == len(stale)
    assert stale == listed == TOP_LEVEL | ARTICLES


def test_init_counts_the_top_level_pages(adopted: tuple[Path, dict[str, str]]) -> None:
    """kbgen init scans the same pages: every one can be judged."""
    _, outputs = adopted
    total = len(TOP_LEVEL | ARTICLES)
    assert f"{total} of {total} can be judged" in outputs["init"]


@pytest.mark.parametrize("path", sorted(TOP_LEVEL | ARTICLES))
def test_each_page_is_listed_with_its_kind(adopted: tuple[Path, dict[str, str]], path: str) -> None:
    """A top-level page is kind 'page' in no category; a category's article is an 'article'."""
    project, _ = adopted
    (record,) = [record for record in articles_json(project) if record["path"] == path]
    assert record["kind"] == ("page" if path in TOP_LEVEL else "article")
    assert (record["category"] is None) == (path in TOP_LEVEL)
    assert record["owner"] == "docs-team" and record["status"] == "ok"
    assert (project / "site" / record["url"] / "index.html").is_file()


@pytest.mark.parametrize("path", sorted(TOP_LEVEL))
def test_top_level_pages_reach_assistants(adopted: tuple[Path, dict[str, str]], path: str) -> None:
    """llms.txt lists each top-level page once, under Pages, and its twin is written."""
    project, _ = adopted
    llms = (project / "site/llms.txt").read_text(encoding="utf-8")
    twin = path.removesuffix(".md") + ".md"
    assert llms.count(f"]({twin})") == 1
    assert llms.index("## Pages") < llms.index(f"]({twin})")
    assert (project / "site" / twin).read_text(encoding="utf-8").startswith("---\ntitle: ")


@pytest.mark.parametrize("step", [("check",), ("build", "--strict", "-q")])
def test_an_unowned_top_level_page_fails_check_and_build(
    tmp_path: Path, step: tuple[str, ...]
) -> None:
    """Without an owner from folder defaults, a plain top-level page is reported at its
    first line by check and by build --strict alike; it never goes live unchecked."""
    (tmp_path / "site_config.yml").write_text("site_name: Help\n", encoding="utf-8")
    folder = tmp_path / "content"
    (folder / "billing").mkdir(parents=True)
    (folder / "contact.md").write_text("# Contact us\n", encoding="utf-8")
    (folder / "billing/refunds.md").write_text(
        "---\nowner: billing\nlast_reviewed: 2026-11-01\n---\n\nRefunds.\n", encoding="utf-8"
    )
    code, output = kbgen(tmp_path, *step)
    assert code == 1
    assert "contact.md:1: no frontmatter" in output
    assert not (tmp_path / "site/contact/index.html").exists()


FOLDERS = ("", "guides", "guides/deep")
PAGE_NAMES = ("contact.md", "guides/a.md", "guides/deep/b.md", "guides/index.md")
"""``guides/index.md`` is the category's own page: judged in neither check."""
DEFAULTS = st.fixed_dictionaries(
    {},
    optional={
        "owner": st.sampled_from(["team-a", "team-b"]),
        "review_every": st.sampled_from(["3 months", "fortnightly-ish", "1 year"]),
        "tags": st.sampled_from([["billing"], "not-a-list", [3]]),
    },
)
FRONTMATTER = st.sampled_from([
    None,
    {"last_reviewed": "2026-11-01"},
    {"owner": "writer", "last_reviewed": "2026-11-01"},
    {"last_reviewed": "2026-11-01", "review_every": "6 weeks"},
    {"title": "T"},
])  # fmt: skip


def page_text(frontmatter: dict[str, str] | None) -> str:
    """A page with ``frontmatter`` (none: plain Markdown)."""
    if frontmatter is None:
        return "# Plain\n\nText.\n"
    lines = "".join(f"{key}: {value}\n" for key, value in frontmatter.items())
    return f"---\n{lines}---\n\nText.\n"


def page_problems(output: str, under: str) -> list[str]:
    """The problem lines about pages below ``under`` (a path in the content folder)."""
    prefix = f"content/{under}" if under else "content/"
    return [line for line in output.splitlines()
            if line.startswith(prefix) and ".md:" in line]  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    defaults=st.tuples(*(st.one_of(st.none(), DEFAULTS) for _ in FOLDERS)),
    pages=st.tuples(*(FRONTMATTER for _ in PAGE_NAMES)),
)
def test_a_folder_or_file_is_judged_as_in_the_whole_check(
    tmp_path_factory: pytest.TempPathFactory,
    defaults: tuple[dict[str, Any] | None, ...],
    pages: tuple[dict[str, str] | None, ...],
) -> None:
    """Property: for any _defaults.yml at any level and any pages, ``kbgen check PATH`` (each
    folder and each file) reports exactly the whole check's problems about PATH's pages, and
    ``kbgen stale PATH`` judges each page as the whole report does."""
    project = tmp_path_factory.mktemp("folders")
    (project / "site_config.yml").write_text("site_name: Help\n", encoding="utf-8")
    for folder, values in zip(FOLDERS, defaults, strict=True):
        (project / "content" / folder).mkdir(parents=True, exist_ok=True)
        if values is not None:
            text = json.dumps(values)  # JSON is YAML
            (project / "content" / folder / "_defaults.yml").write_text(text, encoding="utf-8")
    for name, frontmatter in zip(PAGE_NAMES, pages, strict=True):
        (project / "content" / name).write_text(page_text(frontmatter), encoding="utf-8")
    _, whole = kbgen(project, "check")
    judged = stale_entries(project)
    for path in [*(folder for folder in FOLDERS if folder), *PAGE_NAMES[:-1]]:
        _, part = kbgen(project, "check", f"content/{path}")
        assert page_problems(part, path) == page_problems(whole, path), path
        base = path if path in FOLDERS else path.rpartition("/")[0]
        below = {name: entry for name, entry in judged.items()
                 if name == path or name.startswith(f"{path}/")}  # fmt: skip
        assert stale_entries(project, f"content/{path}", base=base) == below, path
    shutil.rmtree(project)


def stale_entries(project: Path, *paths: str, base: str = "") -> dict[str, Any]:
    """``kbgen stale --format json`` entries by path in the content folder (``base``: the
    folder the report's paths are relative to), without the fields a report adds."""
    _, output = kbgen(project, "stale", "--format", "json", *paths)
    json_text = output[output.index("{") :]
    entries = json.JSONDecoder().raw_decode(json_text)[0]["articles"]
    prefix = f"{base}/" if base else ""
    return {prefix + entry["path"]: entry | {"path": None} for entry in entries}
