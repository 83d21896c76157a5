"""A seeded Tallyflow workspace for tests: public items plus everything that must stay private.

Every private string contains PRIVATE, so a test can grep any output for it. Public items
hide private text outside their public section, in assignees, customers and comments.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime, timedelta, timezone

from .workspace import Comment, Customer, Issue, Label, Need, Project, Team, User, Workspace

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=timezone.utc)
TODAY = NOW.date()
PRIVATE = "ZZPRIV"
TEST_KEY = "lin_api_TESTKEY0123456789abcdefSECRETSECRET"

HOSTILE_TITLE = "<script>alert(1)</script> Export invoices {{ 7*7 }} {% raw %}x{% endraw %}"
MARKDOWN_TITLE = "**Bold** _claims_ [click](javascript:alert(2)) # not a heading"
XML_TITLE = "Fix ]]></content> & <entry> in feeds\x0c with \u202eevil bidi"
HOSTILE_SECTION = """Hello <script>alert('summary')</script> and <img src=x onerror=alert(1)>.

[click me](javascript:alert(3)) · [docs](https://help.tallyflow.example/export) ·
[in Linear](https://linear.app/tallyflow/issue/ENG-1) · [mail](mailto:help@tallyflow.example)

![screenshot](https://uploads.linear.app/7f/3c/screenshot.png)

Template markers: {{ 7*7 }} and {% raw %} and {# comment #}\x0b.
"""

_FEATURES = [
    "Recurring invoices",
    "Stripe payouts",
    "Multi-currency quotes",
    "Late payment reminders",
    "Bank feed matching",
    "PDF invoice themes",
    "Partial payments",
    "Client portal",
    "Expense receipts",
    "Tax reports",
    "QuickBooks sync",
    "Xero export",
    "Payment links",
    "Credit notes",
    "Time tracking import",
    "Deposit invoices",
]
_VERBS = ["Improve", "Add", "Speed up", "Redesign", "Support", "Simplify"]


class _Ids:
    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self._numbers: dict[str, itertools.count[int]] = {}

    def id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._counter):08d}"

    def number(self, team: Team) -> str:
        counter = self._numbers.setdefault(team.key, itertools.count(1))
        return f"{team.key}-{next(counter)}"


def generate_workspace(
    seed: int = 7,
    public_issues: int = 40,
    public_projects: int = 6,
    noise_issues: int = 30,
) -> Workspace:
    """A workspace needing several pages, with every kind of item that must not leak."""
    rng = random.Random(seed)
    ids = _Ids()
    ws = _base_workspace(ids)
    for n in range(public_issues):
        ws.issues.append(_public_issue(ws, ids, rng, n))
    for n in range(public_projects):
        ws.projects.append(_public_project(ws, ids, rng, n))
    ws.issues.extend(_private_issues(ws, ids, rng))
    ws.issues.extend(_hostile_issues(ws, ids, rng))
    ws.projects.extend(_private_projects(ws, ids, rng))
    for n in range(noise_issues):
        ws.issues.append(
            _issue(ws, ids, rng, ws.team("ENG"), f"{PRIVATE} noise {n}", [], "started")
        )
    return ws


def _base_workspace(ids: _Ids) -> Workspace:
    teams = [
        Team(ids.id("team"), "ENG", "Engineering"),
        Team(ids.id("team"), "WEB", "Web app"),
        Team(ids.id("team"), "MOB", "Mobile"),
        Team(ids.id("team"), "FIN", f"Finance ops {PRIVATE}", "private"),
        Team(ids.id("team"), "SEC", f"Security {PRIVATE}", "restricted"),
    ]
    users = [
        User(ids.id("user"), f"{PRIVATE} Person {n}", f"{PRIVATE.lower()}{n}@tallyflow.example")
        for n in range(3)
    ]
    names = [
        "Public",
        "public",
        "Publicity",
        "Invoicing",
        "Payments",
        "Reporting",
        "Mobile",
        "Bug",
        f"Escalation {PRIVATE}",
    ]
    issue_labels = [Label(ids.id("label"), name) for name in names]
    issue_labels.append(Label(ids.id("label"), "Public", team=teams[1]))  # team-scoped twin
    project_labels = [Label(ids.id("plabel"), name) for name in names[:5]]
    return Workspace("Tallyflow", teams, users, issue_labels, project_labels, [], [])


def _when(rng: random.Random, days_ago: int) -> datetime:
    return NOW - timedelta(days=days_ago, hours=rng.randint(0, 20), minutes=rng.randint(0, 59))


def _description(n: int, public: str | None) -> str:
    section = f"\n\n## Public\n\n{public}\n" if public is not None else ""
    return (
        f"Customer {PRIVATE}-ctx-{n} asked for this in a call.{section}\n"
        f"## Implementation notes\n\n{PRIVATE}-impl-{n}: see "
        f"https://linear.app/tallyflow/issue/ENG-{n} and ask {PRIVATE} Person 1.\n"
    )


def _issue(
    ws: Workspace,
    ids: _Ids,
    rng: random.Random,
    team: Team,
    title: str,
    labels: list[Label],
    state: str,
    expect: str | None = None,
    public: str | None = None,
    shipped_days_ago: int | None = None,
) -> Issue:
    created = _when(rng, rng.randint(60, 700))
    completed = _when(rng, shipped_days_ago) if shipped_days_ago is not None else None
    customers = [
        Customer(ids.id("cust"), f"{PRIVATE} Customer {k} GmbH", 120_000) for k in range(2)
    ]
    return Issue(
        id=ids.id("issue"),
        identifier=ids.number(team),
        team=team,
        title=title,
        description=_description(rng.randint(1, 9999), public),
        state_type=state,
        created_at=created,
        updated_at=max(created, completed or _when(rng, rng.randint(0, 50))),
        labels=labels,
        completed_at=completed,
        assignee=ws.users[0],
        creator=ws.users[1],
        needs=[
            Need(ids.id("need"), c, f"{PRIVATE} need body") for c in customers[: rng.randint(0, 2)]
        ],
        comments=[Comment(ids.id("comment"), f"{PRIVATE} comment", ws.users[2])],
        expect=expect,
    )


def _public_issue(ws: Workspace, ids: _Ids, rng: random.Random, n: int) -> Issue:
    team = ws.teams[n % 3]
    state, expect, shipped = [
        ("backlog", "planned", None),
        ("unstarted", "planned", None),
        ("started", "in_progress", None),
        ("completed", "shipped", rng.randint(0, 360)),
    ][n % 4]
    public_label = ws.issue_labels[-1] if team.key == "WEB" and n % 2 else ws.issue_label("Public")
    extra = rng.sample(
        [
            ws.issue_label("Invoicing"),
            ws.issue_label("Payments"),
            ws.issue_label("Bug"),
            ws.issue_label(f"Escalation {PRIVATE}"),
        ],
        2,
    )
    title = f"{rng.choice(_VERBS)} {rng.choice(_FEATURES).lower()} (item {n})"
    summary = f"Public summary of item {n}: **faster** invoicing for everyone."
    return _issue(
        ws, ids, rng, team, title, [public_label, *extra], state, expect, summary, shipped
    )


def _private_issues(ws: Workspace, ids: _Ids, rng: random.Random) -> list[Issue]:
    eng, public = ws.team("ENG"), ws.issue_label("Public")

    def private(
        title: str, labels: list[Label], state: str = "started", team: Team = eng, **changes: object
    ) -> Issue:
        issue = _issue(
            ws,
            ids,
            rng,
            team,
            f"{PRIVATE} {title}",
            labels,
            state,
            None,
            f"{PRIVATE} public section of a private item",
        )
        for name, value in changes.items():
            setattr(issue, name, value)
        return issue

    return [
        private("unlabelled", []),
        private("decoy lowercase label", [ws.issue_label("public")]),
        private("decoy Publicity label", [ws.issue_label("Publicity")]),
        private("archived", [public], archived_at=NOW - timedelta(days=3)),
        private("trashed", [public], trashed=True, archived_at=NOW - timedelta(days=1)),
        private("private team", [public], team=ws.team("FIN")),
        private("restricted team", [public], team=ws.team("SEC")),
        private("triage", [public], "triage"),
        private("canceled", [public], "canceled"),
        private("duplicate", [public], "duplicate"),
        private(
            "shipped too long ago", [public], "completed", completed_at=NOW - timedelta(days=500)
        ),
    ]


def _hostile_issues(ws: Workspace, ids: _Ids, rng: random.Random) -> list[Issue]:
    public, eng = ws.issue_label("Public"), ws.team("ENG")
    long_title = "Invoice numbering " + "very " * 400 + "long title"
    return [
        _issue(ws, ids, rng, eng, HOSTILE_TITLE, [public], "backlog", "planned", HOSTILE_SECTION),
        _issue(ws, ids, rng, eng, MARKDOWN_TITLE, [public], "started", "in_progress", "Fine."),
        _issue(ws, ids, rng, eng, long_title[:2000], [public], "completed", "shipped", "Long.", 3),
        _issue(ws, ids, rng, eng, XML_TITLE, [public], "completed", "shipped", HOSTILE_SECTION, 5),
    ]


def _project(
    ws: Workspace,
    ids: _Ids,
    rng: random.Random,
    name: str,
    status: str,
    labels: list[Label],
    teams: list[Team],
    expect: str | None,
    shipped_days_ago: int | None = None,
    public: str | None = None,
) -> Project:
    created = _when(rng, rng.randint(100, 600))
    completed = _when(rng, shipped_days_ago) if shipped_days_ago is not None else None
    slug = f"{rng.getrandbits(48):012x}"
    return Project(
        id=ids.id("project"),
        slug_id=slug,
        name=name,
        description=f"{PRIVATE} short internal description",
        content=_description(rng.randint(1, 9999), public),
        status_type=status,
        teams=teams,
        created_at=created,
        updated_at=max(created, completed or _when(rng, rng.randint(0, 40))),
        labels=labels,
        completed_at=completed,
        target_date=date(2027, rng.randint(1, 12), 15),
        target_resolution=rng.choice(["quarter", "month", "halfYear", "year", None]),
        lead=ws.users[0],
        needs=[Need(ids.id("need"), Customer(ids.id("cust"), f"{PRIVATE} Big Customer", 9), "x")],
        expect=expect,
    )


def _public_project(ws: Workspace, ids: _Ids, rng: random.Random, n: int) -> Project:
    status, expect, shipped = [
        ("planned", "planned", None),
        ("backlog", "planned", None),
        ("started", "in_progress", None),
        ("paused", "in_progress", None),
        ("completed", "shipped", rng.randint(0, 300)),
    ][n % 5]
    teams = [ws.teams[n % 3], ws.teams[(n + 1) % 3]][: 1 + n % 2]
    labels = [ws.project_label("Public"), ws.project_label("Invoicing")]
    name = f"{rng.choice(_FEATURES)} project {n}"
    return _project(
        ws,
        ids,
        rng,
        name,
        status,
        labels,
        teams,
        expect,
        shipped,
        f"What project {n} brings to customers.",
    )


def _private_projects(ws: Workspace, ids: _Ids, rng: random.Random) -> list[Project]:
    public, eng = ws.project_label("Public"), ws.team("ENG")

    def private(
        name: str,
        labels: list[Label],
        status: str = "started",
        teams: list[Team] | None = None,
        **changes: object,
    ) -> Project:
        project = _project(
            ws,
            ids,
            rng,
            f"{PRIVATE} {name}",
            status,
            labels,
            teams or [eng],
            None,
            public=f"{PRIVATE} public section",
        )
        for key, value in changes.items():
            setattr(project, key, value)
        return project

    hostile = _project(
        ws,
        ids,
        rng,
        "<b>Bold</b> {{ 7*7 }} payouts",
        "planned",
        [public],
        [eng],
        "planned",
        public=HOSTILE_SECTION,
    )
    return [
        hostile,
        private("unlabelled", []),
        private("decoy lowercase", [ws.project_label("public")]),
        private("decoy Publicity", [ws.project_label("Publicity")]),
        private("archived", [public], archived_at=NOW - timedelta(days=2)),
        private("canceled", [public], "canceled"),
        private("shared with a private team", [public], teams=[eng, ws.team("FIN")]),
        private("trashed", [public], trashed=True, archived_at=NOW - timedelta(days=1)),
    ]
