"""The stale report model, its four renderers and the parallel scan."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import pickle
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kbgen.config import ReviewPolicy
from kbgen.content.articles import iter_markdown
from kbgen.content.selection import Target
from kbgen.display_text import display_text
from kbgen.review.changes import Change
from kbgen.review.render import (
    render_csv,
    render_json,
    render_markdown,
    render_table,
)
from kbgen.review.report import ReportEntry, build_report, fails, owners_by_urgency
from kbgen.review.scan import entry_from_row, entry_to_row, scan_targets
from kbgen.review.status import ReviewStatus
from tests.conftest import article

AS_OF = date(2026, 11, 25)
OVERDUE, DUE_SOON, OK, INVALID = (
    ReviewStatus.OVERDUE,
    ReviewStatus.DUE_SOON,
    ReviewStatus.OK,
    ReviewStatus.INVALID,
)


def entry(
    path: str, status: ReviewStatus, owner: str | None = "identity-team", **values
) -> ReportEntry:
    """A report entry with plausible values for ``status``."""
    defaults = {
        OVERDUE: (date(2026, 5, 1), date(2026, 8, 1), 116),
        DUE_SOON: (date(2026, 9, 1), date(2026, 12, 1), 0),
        OK: (date(2026, 11, 1), date(2027, 2, 1), 0),
        INVALID: (None, None, 0),
    }[status]
    reviewed, due, late = defaults
    fields = {
        "path": path,
        "title": path.rsplit("/", 1)[-1].removesuffix(".md").title(),
        "owner": owner,
        "last_reviewed": reviewed,
        "review_every": "3 months",
        "due": due,
        "status": status,
        "days_overdue": late,
        "problems": ("line 1: missing review date",) if status is INVALID else (),
    }
    fields.update(values)
    return ReportEntry(**fields)


SAMPLE = [
    entry("billing/refunds.md", OK, owner="billing-team"),
    entry("account/reset-password.md", OVERDUE, days_overdue=116),
    entry("account/two-factor.md", DUE_SOON),
    entry(
        "billing/invoices.md", OVERDUE, owner="@maria-chen", due=date(2026, 10, 1), days_overdue=55
    ),
    entry("misc/orphan.md", INVALID, owner=None, title="Orphan"),
    entry("account/profile.md", OK),
]


def test_entries_are_sorted_by_path_and_counted() -> None:
    """Summary and per-owner counts add up; articles come sorted by path."""
    report = build_report(SAMPLE, AS_OF, 14)
    assert [item.path for item in report.entries] == sorted(item.path for item in SAMPLE)
    assert report.summary.as_dict() == {
        "overdue": 2,
        "changed": 0,
        "due_soon": 1,
        "ok": 2,
        "invalid": 1,
    }
    assert report.summary.total == 6
    assert list(report.owners) == ["@maria-chen", "billing-team", "identity-team", None]
    assert report.owners["identity-team"].as_dict() == {
        "overdue": 1,
        "changed": 0,
        "due_soon": 1,
        "ok": 1,
        "invalid": 0,
    }


def test_owner_filter_ignores_case_and_repeats() -> None:
    """--owner may be given several times, in any case; counts describe the filtered report."""
    report = build_report(SAMPLE, AS_OF, 14, owners=["IDENTITY-team", "@Maria-Chen"])
    assert {item.owner for item in report.entries} == {"identity-team", "@maria-chen"}
    assert report.summary.total == 4


def test_status_filter() -> None:
    """--status keeps only the statuses asked for."""
    report = build_report(SAMPLE, AS_OF, 14, statuses=[OVERDUE, INVALID])
    assert [item.path for item in report.entries] == [
        "account/reset-password.md",
        "billing/invoices.md",
        "misc/orphan.md",
    ]
    assert report.summary.as_dict() == {
        "overdue": 2,
        "changed": 0,
        "due_soon": 0,
        "ok": 0,
        "invalid": 1,
    }


def test_owners_most_overdue_first() -> None:
    """The owner with the most overdue article leads; the unknown owner comes last."""
    groups = owners_by_urgency(build_report(SAMPLE, AS_OF, 14))
    assert [owner for owner, _ in groups] == ["identity-team", "@maria-chen", "billing-team", None]
    identity = groups[0][1]
    assert [item.status for item in identity] == [OVERDUE, DUE_SOON, OK]


@pytest.mark.parametrize(
    ("fail_on", "statuses", "expected"),
    [
        ("never", [OVERDUE, INVALID], False),
        ("overdue", [OVERDUE], True),
        ("overdue", [DUE_SOON, INVALID, OK], False),
        ("due-soon", [DUE_SOON], True),
        ("due-soon", [OVERDUE], True),
        ("due-soon", [OK, INVALID], False),
        ("invalid", [INVALID], True),
        ("invalid", [OVERDUE, DUE_SOON], False),
    ],
)
def test_fail_on(fail_on: str, statuses: list[ReviewStatus], expected: bool) -> None:
    """The CI gate trips exactly on what --fail-on names (due-soon includes overdue)."""
    entries = [entry(f"a/{n}.md", status) for n, status in enumerate(statuses)]
    assert fails(build_report(entries, AS_OF, 14), fail_on) is expected


def test_json_has_exactly_the_documented_shape() -> None:
    """Keys, null rules, ISO dates, counts and path order are as the issue specifies."""
    report = build_report([SAMPLE[1], SAMPLE[4]], AS_OF, 14)
    assert json.loads(render_json(report)) == {
        "as_of": "2026-11-25",
        "due_within_days": 14,
        "summary": {"total": 2, "overdue": 1, "changed": 0, "due_soon": 0, "ok": 0, "invalid": 1},
        "owners": {
            "identity-team": {"overdue": 1, "changed": 0, "due_soon": 0, "ok": 0, "invalid": 0},
            "(no owner)": {"overdue": 0, "changed": 0, "due_soon": 0, "ok": 0, "invalid": 1},
        },
        "articles": [
            {
                "path": "account/reset-password.md",
                "title": "Reset-Password",
                "owner": "identity-team",
                "last_reviewed": "2026-05-01",
                "review_every": "3 months",
                "due": "2026-08-01",
                "status": "overdue",
                "days_overdue": 116,
                "problems": [],
                "changes": [],
            },
            {
                "path": "misc/orphan.md",
                "title": "Orphan",
                "owner": None,
                "last_reviewed": None,
                "review_every": "3 months",
                "due": None,
                "status": "invalid",
                "days_overdue": 0,
                "problems": ["line 1: missing review date"],
                "changes": [],
            },
        ],
    }


def test_json_key_order_and_empty_report() -> None:
    """Top-level keys come in the documented order; an empty report is still valid JSON."""
    data = json.loads(render_json(build_report([], AS_OF, 7)))
    assert list(data) == ["as_of", "due_within_days", "summary", "owners", "articles"]
    assert data["articles"] == [] and data["owners"] == {}
    assert data["summary"] == {
        "total": 0, "overdue": 0, "changed": 0, "due_soon": 0, "ok": 0, "invalid": 0
    }  # fmt: skip


def test_csv_one_row_per_article() -> None:
    """CSV: header, then one row per article by path; unknown values are empty cells."""
    rows = list(csv.reader(io.StringIO(render_csv(build_report(SAMPLE, AS_OF, 14)))))
    assert rows[0] == [
        "path",
        "title",
        "owner",
        "last_reviewed",
        "review_every",
        "due",
        "status",
        "days_overdue",
        "problems",
        "changes",
    ]
    assert len(rows) == 7
    assert rows[-1] == [
        "misc/orphan.md",
        "Orphan",
        "",
        "",
        "3 months",
        "",
        "invalid",
        "0",
        "line 1: missing review date",
        "",
    ]
    assert rows[1][0] == "account/profile.md"


def test_markdown_lists_what_needs_review_per_owner() -> None:
    """Checkboxes for overdue, due-soon and invalid articles; ok ones are only counted."""
    text = render_markdown(build_report(SAMPLE, AS_OF, 14))
    assert "| 2 | 0 | 1 | 1 | 2 | 6 |" in text
    assert "- [ ] `account/reset-password.md` Reset-Password: **overdue** by 116 days" in text
    assert "- [ ] `account/two-factor.md` Two-Factor: due 2026-12-01" in text
    assert "- [ ] `misc/orphan.md` Orphan: **invalid**: line 1: missing review date" in text
    assert "refunds.md" not in text and "### `billing-team`" not in text
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert headings == ["### `identity-team`", "### @maria-chen", "### No owner"]


def test_markdown_mentions_only_github_handles() -> None:
    """@handles and @org/team are mentioned; Slack names and channels are not."""
    entries = [
        entry("a.md", OVERDUE, owner="@maria-chen"),
        entry("b.md", OVERDUE, owner="@acme/docs-team"),
        entry("c.md", OVERDUE, owner="@nila.patel"),
        entry("d.md", OVERDUE, owner="#govuk-2ndline"),
    ]
    text = render_markdown(build_report(entries, AS_OF, 14))
    assert text.rstrip().splitlines()[-1] == "cc @acme/docs-team @maria-chen"
    assert "### `@nila.patel`" in text and "### `#govuk-2ndline`" in text


def test_markdown_escapes_titles() -> None:
    """A title cannot break the list or inject HTML."""
    item = entry("a.md", OVERDUE, title="Use <script> *now* | [link](x)")
    text = render_markdown(build_report([item], AS_OF, 14))
    assert r"Use \<script\> \*now\* \| \[link\](x)" in text


def test_markdown_lists_ok_articles_when_asked() -> None:
    """With --status ok the ok articles are listed (without checkboxes)."""
    text = render_markdown(build_report(SAMPLE, AS_OF, 14, statuses=[OK]))
    assert "- `billing/refunds.md` Refunds: ok, next review 2027-02-01" in text


def test_markdown_says_when_nothing_is_due() -> None:
    """All ok: the issue body says so instead of being empty."""
    text = render_markdown(build_report([SAMPLE[0]], AS_OF, 14))
    assert "Nothing to review." in text


def test_table_groups_by_owner_with_summary() -> None:
    """The table starts with the most overdue owner, has column headers, ends with a summary."""
    lines = render_table(build_report(SAMPLE, AS_OF, 14)).splitlines()
    assert lines[0] == "Review status as of 2026-11-25 (due soon: within 14 days)"
    assert lines[2] == "identity-team: 1 overdue, 1 due soon, 1 ok, 0 invalid"
    assert lines[3].split() == ["STATUS", "DUE", "LATE", "PATH"]
    assert lines[4].split() == ["overdue", "2026-08-01", "116", "days", "account/reset-password.md"]
    assert lines[-1] == "6 articles: 2 overdue, 1 due soon, 2 ok, 1 invalid"
    assert "line 1: missing review date" in lines[-3]


def write_articles(root: Path, count: int) -> None:
    """``count`` articles over a few folders, some broken, with a _defaults.yml owner."""
    (root / "team").mkdir(parents=True)
    (root / "team" / "_defaults.yml").write_text("owner: docs-team\nreview_every: 6 months\n")
    for number in range(count):
        folder = root / ("team" if number % 3 else f"misc-{number % 4}")
        folder.mkdir(exist_ok=True)
        owner = None if folder.name == "team" else "@ops"
        text = article(f"A {number}", owner=owner, last_reviewed=f"2026-{number % 12 + 1:02d}-15")
        if number % 17 == 0:
            text = "---\ntitle: [broken\n---\n"
        (folder / f"a{number:04d}.md").write_text(text)


def test_parallel_scan_matches_one_process(tmp_path: Path) -> None:
    """Two worker processes produce exactly the entries one process does."""
    write_articles(tmp_path, 120)
    target = Target(tmp_path, tuple(iter_markdown(tmp_path)))
    policy = ReviewPolicy()
    alone = scan_targets([target], policy, AS_OF, 14, processes=1)
    shared = scan_targets([target], policy, AS_OF, 14, processes=2, parallel_from=0)
    assert sorted(shared.entries, key=lambda e: e.path) == sorted(
        alone.entries, key=lambda e: e.path
    )
    assert len(alone.entries) == 120
    inherited = [e for e in alone.entries if e.path.startswith("team/") and e.problems == ()]
    assert inherited and all(
        e.owner == "docs-team" and e.review_every == "6 months" for e in inherited
    )


def test_scan_reports_progress(tmp_path: Path) -> None:
    """The progress callback ends at the total number of files."""
    write_articles(tmp_path, 30)
    seen: list[tuple[int, int]] = []
    target = Target(tmp_path, tuple(iter_markdown(tmp_path)))
    scan_targets([target], ReviewPolicy(), AS_OF, 14, progress=lambda *p: seen.append(p))
    assert seen[-1] == (30, 30)


def test_scan_warns_about_bad_folder_defaults_once(tmp_path: Path) -> None:
    """A broken _defaults.yml is a warning (once, even across workers), not a crash."""
    write_articles(tmp_path, 40)
    (tmp_path / "team" / "_defaults.yml").write_text("owner: [unclosed\n")
    target = Target(tmp_path, tuple(iter_markdown(tmp_path)))
    result = scan_targets([target], ReviewPolicy(), AS_OF, 14, processes=2, parallel_from=0)
    assert len(result.warnings) == 1 and result.warnings[0].startswith("team/_defaults.yml")


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
        "  =1", "\uff1d1+1", "\x1b[31m=1",
    ],
    ids=["equals", "plus", "minus", "at", "tab", "cr", "spaces", "fullwidth", "escape"],
)  # fmt: skip
@pytest.mark.parametrize("column", ["title", "owner", "path", "review_every"])
def test_csv_neutralises_formula_cells(text: str, column: str) -> None:
    """A cell a spreadsheet would run as a formula starts with `'` (OWASP CSV injection), on
    one line without control characters."""
    plain = dataclasses.replace(entry("help/a.md", OK), **{column: text})
    rows = list(csv.reader(io.StringIO(render_csv(build_report([plain], AS_OF, 14)))))
    cell = rows[1][rows[0].index(column)]
    assert cell.startswith("'") or not cell.lstrip().startswith(("=", "+", "-", "@", "\uff1d"))
    assert cell.lstrip("'") == display_text(text)


def test_csv_leaves_ordinary_cells_alone() -> None:
    """Text, dates and numbers that cannot be formulas are written as they are."""
    report = build_report([entry("help/a-b.md", OVERDUE, owner="ops-team")], AS_OF, 14)
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    assert rows[1][:4] == ["help/a-b.md", "A-B", "ops-team", "2026-05-01"]
    assert rows[1][7] == "116"


@given(
    st.builds(
        ReportEntry,
        path=st.text(max_size=20),
        title=st.text(max_size=20),
        owner=st.none() | st.text(max_size=10),
        last_reviewed=st.none() | st.dates(),
        review_every=st.none() | st.text(max_size=5),
        due=st.none() | st.dates(),
        status=st.sampled_from(ReviewStatus),
        days_overdue=st.integers(0, 10_000),
        problems=st.tuples(st.text(max_size=10)),
        changes=st.lists(
            st.builds(
                Change,
                id=st.text(max_size=8),
                event=st.just("shipped"),
                date=st.dates(),
                linked_as=st.none() | st.text(max_size=8),
            ),
            max_size=3,
        ).map(tuple),
        linear=st.tuples(st.text(max_size=8)),
        reviewed_from_git=st.booleans(),
    )
)
def test_a_helper_row_rebuilds_the_same_entry(entry: ReportEntry) -> None:
    """Any report entry sent by a scan helper as a plain row comes back equal, every field."""
    row = entry_to_row(entry)
    assert pickle.loads(pickle.dumps(row)) == row
    assert entry_from_row(row) == entry
