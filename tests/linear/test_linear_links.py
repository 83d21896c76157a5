"""Linked Linear items against the emulator: what a pull records, `changed`, readers, cross-links.

One site is pulled and built per module (see tests/linked_site.py); every test reads it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from linear_emulator import PRIVATE, TEST_KEY, Fault

from kbgen.linear.links import BATCH_SIZE
from tests.linked_site import HOSTILE_ARTICLE, SITE_NAME, LinkedSite, make_linked_site

AS_OF = "2026-11-25"


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LinkedSite]:
    yield from make_linked_site(tmp_path_factory.mktemp("linked"))


def stale_json(linked: LinkedSite, *args: str) -> dict[str, dict[str, object]]:
    result = linked.stale("--as-of", AS_OF, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {entry["path"]: entry for entry in json.loads(result.stdout)["articles"]}


def site_text(linked: LinkedSite) -> str:
    """Every file the build wrote, as one string (HTML, JSON, feeds, search index)."""
    parts = []
    for path in sorted(linked.site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".js"):
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def private_tokens(linked: LinkedSite) -> list[str]:
    """Strings of the non-public linked items that must appear nowhere."""
    workspace = linked.emulator.workspace
    private = workspace.issues[
        [i.identifier for i in workspace.issues].index(linked.ids.private_shipped)
    ]
    return [PRIVATE, private.title, private.team.name, "Finance ops"]


def test_pull_records_only_freshness_facts(linked: LinkedSite) -> None:
    """The link data holds identifier, public flag, state and dates: no title, team or text."""
    document = json.loads((linked.root / "data" / "linear-links.json").read_text("utf-8"))
    items = {item["id"]: item for item in document["items"]}
    assert set(items[linked.ids.private_shipped]) == {
        "id", "public", "state", "state_changed_at", "completed_at"
    }  # fmt: skip
    assert items[linked.ids.private_shipped]["public"] is False
    assert items[linked.ids.private_shipped]["completed_at"] == "2026-11-18T14:00:00Z"
    assert items[linked.ids.public_shipped]["public"] is True
    assert items[linked.ids.private_project_shipped]["public"] is False
    assert items[linked.ids.public_open] | {"completed_at": None} == items[linked.ids.public_open]
    assert document["missing"] == ["ENG-9999"]
    text = json.dumps(document)
    assert not any(token in text for token in private_tokens(linked))


def test_linked_items_are_fetched_in_bounded_batches(linked: LinkedSite) -> None:
    """One request for linked issues and one for projects per pull, well under the limit."""
    operations = [request.operation for request in linked.emulator.requests]
    pulls = operations.count("KbgenPublicIssues")
    assert operations.count("KbgenLinkedIssues") == pulls == 2
    assert operations.count("KbgenLinkedProjects") == pulls
    linked_requests = [r for r in linked.emulator.requests if r.operation.startswith("KbgenLinked")]
    assert all(r.status == 200 and not r.errors for r in linked_requests)
    assert all(r.variables["first"] <= BATCH_SIZE for r in linked_requests)
    assert max(r.complexity or 0 for r in linked_requests) < 10_000


def test_articles_linking_work_shipped_after_review_are_changed(linked: LinkedSite) -> None:
    """Public and private shipped items make `changed`, with the right `changes`."""
    entries = stale_json(linked)
    assert entries["billing/export.md"]["status"] == "changed"
    assert entries["billing/export.md"]["changes"] == [
        {"id": linked.ids.public_shipped, "event": "shipped", "date": "2026-11-20"}
    ]
    assert entries["billing/private.md"]["status"] == "changed"
    assert entries["billing/private.md"]["changes"] == [
        {"id": linked.ids.private_shipped, "event": "shipped", "date": "2026-11-18"}
    ]
    assert entries["billing/projects.md"]["changes"] == [
        {"id": linked.ids.private_project_shipped, "event": "shipped", "date": "2026-11-15"},
        {"id": linked.ids.public_project_shipped, "event": "shipped", "date": "2026-11-10"},
    ]


def test_reviewed_after_shipping_or_unshipped_is_not_changed(linked: LinkedSite) -> None:
    """Reviewed after the ship date, linking open work or nothing: not changed, no changes."""
    entries = stale_json(linked)
    for path in ("billing/after.md", "billing/open.md", "billing/plain.md", "billing/missing.md"):
        assert entries[path]["status"] == "ok", path
        assert entries[path]["changes"] == [], path


def test_overdue_stays_overdue_and_lists_the_change(linked: LinkedSite) -> None:
    """An overdue article keeps its status and still carries the change."""
    entry = stale_json(linked)["billing/old.md"]
    assert entry["status"] == "overdue"
    assert entry["changes"] == [
        {"id": linked.ids.public_shipped, "event": "shipped", "date": "2026-11-20"}
    ]


def test_table_and_markdown_say_what_shipped_after_the_review(linked: LinkedSite) -> None:
    """The pinned sentence, in the terminal table and in the Markdown issue."""
    sentence = f"{linked.ids.public_shipped} shipped 2026-11-20, after the last review (2026-11-02)"
    table = linked.stale("--as-of", AS_OF)
    assert sentence in table.stdout
    markdown = linked.stale("--as-of", AS_OF, "--format", "markdown").stdout
    assert sentence in markdown.replace("\\", "")
    assert "Linked Linear items as recorded by the last pull" in table.stderr


def test_markdown_lists_changed_articles_first(linked: LinkedSite) -> None:
    """The quarterly issue opens with the changed articles, before the per-owner lists."""
    markdown = linked.stale("--as-of", AS_OF, "--format", "markdown").stdout
    changed = markdown.index("## Changed since the last review")
    assert changed < markdown.index("### ")
    section = markdown[changed : markdown.index("## By owner")]
    assert "billing/export.md" in section and "billing/private.md" in section
    assert "billing/after.md" not in section


def test_status_filter_and_gate(linked: LinkedSite) -> None:
    """--status changed lists only changed articles; --fail-on changed exits 1."""
    only = stale_json(linked, "--status", "changed")
    assert set(only) == {
        "billing/export.md", "billing/hostile.md", "billing/private.md", "billing/projects.md"
    }  # fmt: skip
    assert linked.stale("--as-of", AS_OF, "--fail-on", "changed").exit_code == 1
    assert linked.stale("--as-of", AS_OF, "--fail-on", "never").exit_code == 0


def test_stale_report_outputs_carry_no_private_detail(linked: LinkedSite) -> None:
    """JSON, table, Markdown and CSV name a private item by identifier and date only."""
    for fmt in ("json", "table", "markdown", "csv"):
        result = linked.stale("--as-of", AS_OF, "--format", fmt)
        assert not any(token in result.output for token in private_tokens(linked)), fmt


def test_review_clears_changed(linked: LinkedSite, tmp_path: Path) -> None:
    """`kbgen review` moves the date past the ship date, so the article is ok again."""
    from click.testing import CliRunner

    from kbgen.cli import main

    path = linked.root / "content" / "billing" / "export.md"
    before = path.read_bytes()
    try:
        result = CliRunner().invoke(
            main, ["review", str(path), "--date", AS_OF, "--config", str(linked.config)]
        )
        assert result.exit_code == 0, result.output
        entry = stale_json(linked)["billing/export.md"]
        assert entry["status"] == "ok" and entry["changes"] == []
    finally:
        path.write_bytes(before)


def test_failed_pull_keeps_the_link_data(linked: LinkedSite) -> None:
    """Linear down: the pull fails, the recorded link data stays byte for byte."""
    path = linked.root / "data" / "linear-links.json"
    before = path.read_bytes()
    linked.emulator.outage = Fault.http(503)
    try:
        result = linked.linear("pull")
    finally:
        linked.emulator.outage = None
    assert result.exit_code == 1 and "snapshot unchanged" in result.stderr
    assert path.read_bytes() == before
    assert stale_json(linked)["billing/export.md"]["status"] == "changed"
    stale = linked.stale("--as-of", AS_OF)
    assert "Linked Linear items as recorded by the last pull: " in stale.stderr


def test_failed_build_pull_keeps_the_link_data(linked: LinkedSite) -> None:
    """A build whose pull fails falls back to the snapshot and keeps the link data."""
    from kbgen.config import load_config
    from kbgen.linear.build_data import linear_data_for_build

    path = linked.root / "data" / "linear-links.json"
    before = path.read_bytes()
    env = {"LINEAR_API_KEY": TEST_KEY, "KBGEN_LINEAR_API_URL": linked.emulator.url}
    linked.emulator.outage = Fault.http(503)
    try:
        data = linear_data_for_build(
            load_config(linked.config), env, linked=[linked.ids.public_shipped]
        )
    finally:
        linked.emulator.outage = None
    assert data is not None and data.source == "snapshot"
    assert path.read_bytes() == before


def _entry_page(linked: LinkedSite, identifier: str) -> str:
    """The site-relative page of a changelog entry (api/changelog.json's "url")."""
    entries = json.loads((linked.site / "api" / "changelog.json").read_text("utf-8"))["entries"]
    return next(entry["url"] for entry in entries if entry["id"] == identifier)


def test_changed_article_names_the_public_changelog_entry(linked: LinkedSite) -> None:
    """A calm notice with the date, linking the changelog entry's own page of a public change."""
    page = (linked.site / "billing" / "export" / "index.html").read_text("utf-8")
    assert "kbgen-changed-notice" in page
    assert "This feature changed on" in page and "20 November 2026" in page
    assert "some details here may be out of date" in page
    entry_page = _entry_page(linked, linked.ids.public_shipped)
    assert f'href="../../{entry_page}"' in page
    assert (linked.site / entry_page / "index.html").is_file()
    assert html.escape(linked.ids.public_shipped_title, quote=False) in page


def test_private_change_is_only_a_recent_change(linked: LinkedSite) -> None:
    """A non-public change shows its date and "a recent change", nothing else."""
    page = (linked.site / "billing" / "private" / "index.html").read_text("utf-8")
    assert "kbgen-changed-notice" in page and "18 November 2026" in page
    assert "a recent change" in page
    assert linked.ids.private_shipped not in page and "changelog/#" not in page
    assert re.search(r'changelog/[a-z0-9-]+/"', page) is None  # no entry page linked


def test_unchanged_articles_have_no_notice(linked: LinkedSite) -> None:
    """Reviewed after shipping: no changed notice, but its recent update is listed."""
    page = (linked.site / "billing" / "after" / "index.html").read_text("utf-8")
    assert "kbgen-changed-notice" not in page
    assert "Recent updates" in page
    assert f'href="../../{_entry_page(linked, linked.ids.public_shipped)}"' in page


def test_recent_updates_list_only_public_shipped_items(linked: LinkedSite) -> None:
    """Recent updates: the public shipped project, never the private one."""
    page = (linked.site / "billing" / "projects" / "index.html").read_text("utf-8")
    assert "Recent updates" in page and "Payment links v2" in page
    assert linked.ids.private_project_shipped not in page
    assert "Recent updates" not in (linked.site / "billing" / "open" / "index.html").read_text()


def test_changelog_entries_link_their_articles(linked: LinkedSite) -> None:
    """Page, JSON and feed: the entry lists every article linking it, titles escaped."""
    page = (linked.site / "changelog" / "index.html").read_text("utf-8")
    assert "Learn how:" in page and 'href="../billing/export/"' in page
    assert "<b>bold</b>" not in page and "Export &lt;b&gt;bold&lt;/b&gt;" in page
    entries = json.loads((linked.site / "api" / "changelog.json").read_text("utf-8"))["entries"]
    entry = next(e for e in entries if e["id"] == linked.ids.public_shipped)
    urls = {a["url"] for a in entry["articles"]}
    assert {"billing/export/", "billing/after/", "billing/old/", "billing/promise/"} <= urls
    assert {"title": HOSTILE_ARTICLE, "url": "billing/hostile/"} in entry["articles"]
    feed = feedparser.parse((linked.site / "changelog" / "feed.xml").read_bytes())
    slug_end = f"-{linked.ids.public_shipped.lower()}/"  # the entry's own page, changelog/<slug>/
    item = next(e for e in feed.entries if e.link.endswith(slug_end))
    assert "Learn how:" in item.content[0].value
    related = [link.href for link in item.links if link.rel == "related"]
    assert "https://help.tallyflow.example/billing/export/" in related


def test_roadmap_cards_link_their_articles(linked: LinkedSite) -> None:
    """Roadmap page and roadmap.json list related articles for a public card."""
    page = (linked.site / "roadmap" / "index.html").read_text("utf-8")
    assert "Related articles" in page and 'href="../billing/projects/"' in page
    items = json.loads((linked.site / "api" / "roadmap.json").read_text("utf-8"))["items"]
    card = next(i for i in items if i["id"] == linked.ids.public_project_shipped)
    assert card["articles"] == [{"title": "Payment links", "url": "billing/projects/"}]


def test_nothing_private_reaches_the_site_or_the_logs(linked: LinkedSite) -> None:
    """No title, team or description of a non-public item in site/, feeds or pull/build logs."""
    text = site_text(linked)
    for token in private_tokens(linked):
        assert token not in text, token
    assert linked.ids.private_shipped not in text
    logs = "\n".join(linked.logs)
    assert not any(token in logs for token in private_tokens(linked))


def test_feeds_validate_and_carry_the_site_name(linked: LinkedSite) -> None:
    """Changelog, roadmap and per-label feeds parse as Atom with titled, dated entries."""
    paths = {
        "changelog/feed.xml": f"{SITE_NAME} — Changelog",
        "roadmap/feed.xml": f"{SITE_NAME} — Roadmap updates",
        "roadmap/feeds/invoicing.xml": f"{SITE_NAME} — Roadmap updates: Invoicing",
        "roadmap/feeds/payments.xml": f"{SITE_NAME} — Roadmap updates: Payments",
    }
    for path, title in paths.items():
        feed = feedparser.parse((linked.site / path).read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.version == "atom10" and feed.feed.title == title
        assert all(entry.title and entry.updated and entry.id for entry in feed.entries)
    invoicing = feedparser.parse((linked.site / "roadmap/feeds/invoicing.xml").read_bytes())
    everything = feedparser.parse((linked.site / "roadmap/feed.xml").read_bytes())
    assert 0 < len(invoicing.entries) < len(everything.entries)
    assert all(
        "Invoicing" in [tag.term for tag in entry.get("tags", [])] for entry in invoicing.entries
    )


def test_roadmap_feed_has_the_moves_of_the_build_pull(linked: LinkedSite) -> None:
    """The move and the target change made before the build are entries of the roadmap feed."""
    feed = feedparser.parse((linked.site / "roadmap" / "feed.xml").read_bytes())
    titles = [entry.title for entry in feed.entries]
    assert any(t.startswith("Moved to In progress: ") for t in titles)
    assert "Target changed to October 2026: Late public project" in titles
    history = json.loads((linked.root / "data" / "roadmap-history.json").read_text("utf-8"))
    events = [move["event"] for move in history["moves"]]
    assert {"added", "moved", "target_changed"} <= set(events)


def test_every_page_head_links_the_feeds(linked: LinkedSite) -> None:
    """Each page's head has alternate links to the changelog and roadmap feeds."""
    for page in ("index.html", "billing/export/index.html", "roadmap/index.html"):
        head = (linked.site / page).read_text("utf-8").split("</head>")[0]
        assert head.count('rel="alternate" type="application/atom+xml"') == 2, page
        assert f'title="{SITE_NAME} — Changelog"' in head
    roadmap = (linked.site / "roadmap" / "index.html").read_text("utf-8")
    assert 'href="../roadmap/feeds/invoicing.xml"' in roadmap


def test_linear_check_lists_broken_promises(linked: LinkedSite) -> None:
    """Missed public targets and articles still promising shipped work are listed."""
    result = linked.linear("check")
    assert result.exit_code == 0, result.output
    assert (
        f"{linked.ids.public_project_late} (Late public project) missed its target" in result.stdout
    )
    assert "content/billing/promise.md:10: says 'coming soon'" in result.stdout
    assert "promise.md:12: says 'Beta'" in result.stdout
    markdown = linked.stale("--as-of", AS_OF, "--format", "markdown").stdout
    assert "## Broken promises" in markdown and "promise.md:10" in markdown
