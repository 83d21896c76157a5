"""The demo help centre as assistants read it: llms.txt, Markdown twins, llms-full.txt, all
agreeing with api/articles.json and the pages; drafts and internal values nowhere."""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

import pytest
import yaml
from click.testing import CliRunner
from markdown_it import MarkdownIt

from kbgen.cli import main
from kbgen.config import load_config
from kbgen.mkdocs.build import build_site
from kbgen.pages.llms import RELATIVE_URLS_NOTE, status_note
from kbgen.pages.twins import TWIN_FIELDS, twin_path
from kbgen.roadmap.models import target_text
from tests.conftest import article
from tests.html_tree import parse

REPO = Path(__file__).resolve().parents[2]
SITE_URL = "https://help.tallyflow.example/"
DRAFT_MARKER = "DRAFTMARKER7731"
UNDERSCORE_MARKER = "UNDERSCOREMARKER4410"
HIDDEN_MARKER = "HIDDENMARKER5512"
HOSTILE_TITLE = "Press <Tab> then *Enter* & [AT&T](x) #1"
HOSTILE_DESCRIPTION = "Use <b>bold</b> & {{ 7*7 }} | `code` &amp; done"
EXTRA = {
    "_drafts/draft-plan.md": article(f"Draft plan {DRAFT_MARKER}", body=f"{DRAFT_MARKER}\n"),
    "faq/_unfinished.md": article(f"Unfinished {UNDERSCORE_MARKER}", body=f"{UNDERSCORE_MARKER}\n"),
    "faq/.hidden.md": article(f"Hidden {HIDDEN_MARKER}", body=f"{HIDDEN_MARKER}\n"),
    "faq/hostile-title.md": article(
        json.dumps(HOSTILE_TITLE),
        owner='"@maria-chen"',
        extra=f"description: {json.dumps(HOSTILE_DESCRIPTION)}",
        body="Body of the hostile article.\n",
    ),
}
LINK = re.compile(r"^- \[")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project (content, snapshot, link data) plus drafts and a hostile title,
    built once from the snapshot."""
    root = tmp_path_factory.mktemp("demo")
    for name in ("content", "data", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    for name, text in EXTRA.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.delenv("LINEAR_API_KEY", raising=False)
        build_site(root / "site_config.yml", root / "site")
    return root


@pytest.fixture(scope="module")
def site(demo: Path) -> Path:
    return demo / "site"


@pytest.fixture(scope="module")
def records(site: Path) -> list[dict[str, Any]]:
    """api/articles.json's records."""
    return json.loads((site / "api" / "articles.json").read_text("utf-8"))["articles"]


@pytest.fixture(scope="module")
def llms_lines(site: Path) -> list[str]:
    """The article lines of llms.txt (before the roadmap section)."""
    text = (site / "llms.txt").read_text("utf-8")
    return [line for line in text.split("## Roadmap")[0].splitlines() if LINK.match(line)]


def parsed_line(line: str) -> tuple[str, str, str]:
    """(title, href, rest) of one llms.txt article line, as a Markdown reader reads it."""
    inline = next(t for t in MarkdownIt("commonmark").parse(line) if t.type == "inline")
    children = inline.children or []
    end = next(i for i, child in enumerate(children) if child.type == "link_close")
    title = "".join(child.content for child in children[1:end])
    rest = "".join(child.content for child in children[end + 1 :])
    return title, str(children[0].attrs["href"]), rest


def twin_of(site: Path, record: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """(frontmatter, body) of a record's twin."""
    _, header, body = (site / twin_path(record["url"])).read_text("utf-8").split("---\n", 2)
    return yaml.safe_load(header), body


def all_files(site: Path) -> dict[Path, str]:
    """Every text file of the built site (HTML, Markdown, JSON, txt, XML)."""
    return {
        path: path.read_text("utf-8", errors="replace")
        for path in site.rglob("*")
        if path.is_file() and path.suffix in {".html", ".md", ".json", ".txt", ".xml"}
    }


def test_every_article_is_on_exactly_one_llms_txt_line(records, llms_lines) -> None:
    """Each published article is linked once, through its twin's absolute URL."""
    hrefs = [parsed_line(line)[1] for line in llms_lines]
    expected = [urljoin(SITE_URL, twin_path(record["url"])) for record in records]
    assert sorted(hrefs) == sorted(expected)
    assert len(set(hrefs)) == len(hrefs) == len(records)


def test_llms_txt_lines_carry_the_status_wording(records, llms_lines) -> None:
    """Changed and overdue articles say how they may be out of date; others do not."""
    by_href = {parsed_line(line)[1]: parsed_line(line) for line in llms_lines}
    statuses = set()
    for record in records:
        _, _, rest = by_href[urljoin(SITE_URL, twin_path(record["url"]))]
        note = status_note(record)
        statuses.add(record["status"])
        if record["status"] in ("changed", "overdue"):
            assert note and rest.endswith(f"({note})") and "may be out of date" in rest
        else:
            assert note is None and "may be out of date" not in rest
    assert {"changed", "overdue", "ok"} <= statuses


def test_changed_article_line_names_the_change_date(records, llms_lines) -> None:
    """The demo's changed article reads "changed on <newest ship date>: may be out of date"."""
    changed = next(r for r in records if r["status"] == "changed" and len(r["changes"]) > 1)
    line = next(line for line in llms_lines if twin_path(changed["url"]) in line)
    assert "(changed on 14 November 2026: may be out of date)" in line


def test_llms_txt_follows_the_llmstxt_format(site: Path) -> None:
    """# site name, > summary, one ## section per category in navigation order, then the
    roadmap and the changelog."""
    lines = (site / "llms.txt").read_text("utf-8").splitlines()
    assert lines[0] == "# Tallyflow Help Centre"
    assert lines[2].startswith("> Answers, guides and what's new")
    headings = [line[3:] for line in lines if line.startswith("## ")]
    categories = ["Getting started", "Account and billing", "Invoices and payments"]
    categories += ["Integrations", "Troubleshooting", "FAQ"]
    assert headings == [*categories, "Roadmap", "Changelog"]


def test_roadmap_and_changelog_sections_link_public_items(site: Path) -> None:
    """The roadmap lists api/roadmap.json's items with their column and target (month and
    year, as the roadmap page shows it); the changelog links each entry's own page."""
    text = (site / "llms.txt").read_text("utf-8")
    roadmap = json.loads((site / "api" / "roadmap.json").read_text("utf-8"))["items"]
    changelog = json.loads((site / "api" / "changelog.json").read_text("utf-8"))["entries"]
    roadmap_part, changelog_part = text.split("## Roadmap")[1].split("## Changelog")
    assert roadmap and changelog
    assert len([line for line in roadmap_part.splitlines() if LINK.match(line)]) == len(roadmap)
    assert len([line for line in changelog_part.splitlines() if LINK.match(line)]) == len(changelog)
    for item in roadmap:
        assert f"{SITE_URL}roadmap/#{item['id'].lower()}" in roadmap_part or item["kind"] != "issue"
        if item["target"]:
            assert f", target {target_text(item['target'])}" in roadmap_part
    assert re.search(r"target \d{4}-|target [QH]\d", roadmap_part) is None
    for entry in changelog:
        assert f"]({SITE_URL}{entry['url']})" in changelog_part


def test_hostile_title_and_description_stay_text_in_llms_txt(llms_lines) -> None:
    """Markdown and HTML characters in a title and description read back as written."""
    line = next(line for line in llms_lines if "hostile-title.md" in line)
    title, _, rest = parsed_line(line)
    assert title == HOSTILE_TITLE
    assert rest == f": {HOSTILE_DESCRIPTION}"


def test_every_twin_exists_parses_and_carries_the_fields(site: Path, records) -> None:
    """Each twin opens with YAML frontmatter holding exactly the twin fields."""
    for record in records:
        meta, body = twin_of(site, record)
        assert list(meta) == list(TWIN_FIELDS), record["path"]
        assert body.strip()


def test_twins_api_and_llms_txt_agree(site: Path, records, llms_lines) -> None:
    """One source: the twin's frontmatter and llms.txt line say what api/articles.json says."""
    by_href = {parsed_line(line)[1]: parsed_line(line) for line in llms_lines}
    for record in records:
        meta, _ = twin_of(site, record)
        for name in ("title", "description", "last_reviewed", "status", "owner", "changes"):
            assert meta[name] == record[name], (record["path"], name)
        assert meta["url"] == urljoin(SITE_URL, record["url"])
        title, _, rest = by_href[urljoin(SITE_URL, twin_path(record["url"]))]
        assert title == record["title"]
        assert rest.startswith(f": {record['description']}")


def test_pages_link_their_twin_and_show_the_same_title(site: Path, records) -> None:
    """Each article page's <head> links its twin as text/markdown; its title, status and last
    review are the record's (and so the twin's)."""
    for record in records:
        page = parse((site / record["url"] / "index.html").read_text("utf-8"))
        links = page.find_all(lambda e: e.tag == "link" and e.attrs.get("type") == "text/markdown")
        assert [link.attrs["rel"] for link in links] == ["alternate"]
        resolved = urljoin(urljoin(SITE_URL, record["url"]), links[0].attrs["href"])
        assert resolved == urljoin(SITE_URL, twin_path(record["url"]))
        assert [h1.text for h1 in page.find_all(lambda e: e.tag == "h1")] == [record["title"]]
        trust = page.find_all(lambda e: e.has_class("kbgen-trust"))
        assert [line.attrs["data-kb-status"] for line in trust] == [record["status"]]
        reviewed = page.find_all(lambda e: e.has_class("kbgen-trust__reviewed"))[0]
        (day,) = [e.attrs["datetime"] for e in reviewed.iter() if e.tag == "time"]
        assert day == record["last_reviewed"] == twin_of(site, record)[0]["last_reviewed"]


def test_twin_body_is_the_article_markdown_without_frontmatter(site: Path, demo: Path) -> None:
    """The body is the source below its frontmatter, without the H1 the page shows as title."""
    source = (demo / "content/invoices-and-payments/issue-a-refund.md").read_text("utf-8")
    _, _, source_body = source.split("---\n", 2)
    twin = (site / "invoices-and-payments/issue-a-refund.md").read_text("utf-8")
    body = twin.split("---\n", 2)[2]
    assert "# Issue a refund\n" not in body and "owner:" not in body
    assert body.strip() == source_body.strip().removeprefix("# Issue a refund").strip()


def test_no_internal_owner_value_in_any_twin_or_llms_file(site: Path, demo: Path) -> None:
    """Owner ids and contacts from site_config.yml never reach a twin, llms.txt or llms-full."""
    config = load_config(demo / "site_config.yml")
    contacts = [info.contact for info in config.owners.values() if info.contact]
    ids = [owner for owner in config.owners if owner.startswith("@")]
    assert contacts and ids
    for path, text in all_files(site).items():
        if path.suffix in (".md", ".txt"):
            for value in (*contacts, *ids):
                assert value not in text, (path, value)


def test_twin_owner_is_the_public_name(site: Path, records) -> None:
    """The owner in a twin is the name readers see (owners: name), never the frontmatter id."""
    owners = {twin_of(site, record)[0]["owner"] for record in records}
    assert "Billing team" in owners and not any(owner.startswith("@") for owner in owners)


def test_private_linear_items_are_never_named(site: Path, records) -> None:
    """A non-public linked change keeps its date but not its identifier, everywhere."""
    changes = [change for record in records for change in record["changes"]]
    assert any(change["id"] is None for change in changes)
    for path, text in all_files(site).items():
        assert "FIN-2" not in text, path


@pytest.mark.parametrize("marker", [DRAFT_MARKER, UNDERSCORE_MARKER, HIDDEN_MARKER])
def test_drafts_and_underscore_files_appear_nowhere(site: Path, marker: str) -> None:
    """_drafts/, _file.md and .file.md are in no twin, llms.txt, llms-full.txt or page."""
    for path, text in all_files(site).items():
        assert marker not in text, path
    assert not [path for path in site.rglob("*") if "draft-plan" in path.name]


def test_llms_full_holds_every_twin_in_navigation_order(site: Path, llms_lines) -> None:
    """llms-full.txt: each twin in full, under its title and URL, in llms.txt's order."""
    full = (site / "llms-full.txt").read_text("utf-8")
    position = -1
    for line in llms_lines:
        _, href, _ = parsed_line(line)
        twin = (site / href.removeprefix(SITE_URL)).read_text("utf-8")
        here = full.find(f"Source: <{href}>\n\n{twin}")
        assert here > position, href
        position = here


def test_check_says_once_that_urls_are_relative_without_site_url(make_site: Callable) -> None:
    """`kbgen check` on a site without site_url notes the relative URLs, once."""
    config = make_site({"billing/refunds.md": article("Issue a refund")})
    result = CliRunner().invoke(main, ["check", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert result.stderr.count(RELATIVE_URLS_NOTE) == 1


def test_check_is_silent_about_urls_with_site_url(make_site: Callable) -> None:
    """With site_url set there is nothing to say."""
    config = make_site(
        {"billing/refunds.md": article("Issue a refund")},
        config="site_name: Test Help\nsite_url: https://help.example/\n",
    )
    result = CliRunner().invoke(main, ["check", "--config", str(config)])
    assert RELATIVE_URLS_NOTE not in result.stderr


def test_site_without_site_url_uses_relative_urls(make_site: Callable, tmp_path: Path) -> None:
    """No site_url: llms.txt links twins relative to the root; twins carry the root-relative
    page URL."""
    config = make_site({"billing/refunds.md": article("Issue a refund")})
    built = build_site(config, tmp_path / "site")
    text = (built / "llms.txt").read_text("utf-8")
    assert "- [Issue a refund](billing/refunds.md)" in text and "http" not in text
    meta = yaml.safe_load((built / "billing/refunds.md").read_text("utf-8").split("---\n")[1])
    assert meta["url"] == "billing/refunds/"


def test_twin_holds_included_snippets(make_site: Callable, tmp_path: Path) -> None:
    """Text pymdownx.snippets includes into a page is in its twin too, as readers see it."""
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    (snippets / "notice.md").write_text("Included notice text.\n", encoding="utf-8")
    config = make_site(
        {"billing/refunds.md": article("Issue a refund", body='--8<-- "notice.md"\n')},
        config="site_name: Test Help\nmarkdown_extensions:\n  - pymdownx.snippets:\n"
        f"      base_path: [{json.dumps(str(snippets))}]\n      check_paths: true\n",
    )
    built = build_site(config, tmp_path / "site")
    twin = (built / "billing/refunds.md").read_text("utf-8")
    page = html.unescape((built / "billing/refunds/index.html").read_text("utf-8"))
    assert "Included notice text." in twin and "--8<--" not in twin
    assert "Included notice text." in page


def test_every_twin_folder_answers_the_alternate_sitemap(site: Path, records) -> None:
    """Material fetches sitemap.xml beside each <link rel="alternate">: no 404 per page view."""
    for record in records:
        assert (site / twin_path(record["url"])).parent.joinpath("sitemap.xml").is_file()


def test_hidden_owners_leave_twins_and_llms_without_owner(
    make_site: Callable, tmp_path: Path
) -> None:
    """review.show_owner: false: no owner key in twins; no owner id, name or contact anywhere."""
    config = make_site(
        {"billing/refunds.md": article("Issue a refund", owner="'@ana-lima'")},
        config="site_name: Test Help\nowners:\n  '@ana-lima': {name: Refunds crew, "
        "contact: '#refunds-internal'}\nreview:\n  show_owner: false\n",
    )
    built = build_site(config, tmp_path / "site")
    twin = (built / "billing/refunds.md").read_text("utf-8")
    assert "owner" not in yaml.safe_load(twin.split("---\n")[1])
    for name in ("billing/refunds.md", "llms.txt", "llms-full.txt", "api/articles.json"):
        text = (built / name).read_text("utf-8")
        for value in ("@ana-lima", "Refunds crew", "#refunds-internal"):
            assert value not in text, (name, value)


@pytest.mark.parametrize("name", ['say-"hi"-now', "fish-&-chips", "a'b", "x<y>z"])
def test_hostile_file_names_stay_inside_the_twin_link(
    make_site: Callable, tmp_path: Path, name: str
) -> None:
    """A file name with quotes, & or angle brackets cannot break out of the <head> link; the
    link still leads to the twin."""
    config = make_site({f"billing/{name}.md": article("Odd name")})
    built = build_site(config, tmp_path / "site")
    record = json.loads((built / "api/articles.json").read_text("utf-8"))["articles"][0]
    page = parse((built / unquote(record["url"]) / "index.html").read_text("utf-8"))
    (link,) = page.find_all(lambda e: e.tag == "link" and e.attrs.get("type") == "text/markdown")
    assert set(link.attrs) == {"rel", "type", "href"}
    twin = urljoin("https://x.example/" + record["url"], link.attrs["href"])
    assert unquote(twin) == unquote("https://x.example/" + twin_path(record["url"]))
    twin_file = built / unquote(twin_path(record["url"]))
    assert twin_file.read_text("utf-8").startswith("---\ntitle: Odd name\n")
    line = next(
        line for line in (built / "llms.txt").read_text("utf-8").splitlines() if "Odd" in line
    )
    assert unquote(parsed_line(line)[1]) == unquote(twin_path(record["url"]))
