"""The emulated Linear workspace: plain records the resolvers serve.

Every record carries ``expect``: the status kbgen must publish it with, or None when it
must never appear. The generators set it by hand, so tests compare kbgen's selection with
an oracle written independently of kbgen's rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class Team:
    id: str
    key: str
    name: str
    visibility: str = "public"  # public | private | restricted


@dataclass
class User:
    id: str
    name: str
    email: str


@dataclass
class Label:
    id: str
    name: str
    team: Team | None = None
    archived_at: datetime | None = None


@dataclass
class Customer:
    id: str
    name: str
    revenue: int


@dataclass
class Need:
    id: str
    customer: Customer
    body: str


@dataclass
class Comment:
    id: str
    body: str
    user: User


@dataclass
class Issue:
    id: str
    identifier: str
    team: Team
    title: str
    description: str
    state_type: str  # triage | backlog | unstarted | started | completed | canceled | duplicate
    created_at: datetime
    updated_at: datetime
    labels: list[Label] = field(default_factory=list)
    completed_at: datetime | None = None
    archived_at: datetime | None = None
    trashed: bool | None = None
    assignee: User | None = None
    creator: User | None = None
    needs: list[Need] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    due_date: date | None = None
    expect: str | None = None
    started_at: datetime | None = None
    canceled_at: datetime | None = None
    previous_identifiers: list[str] = field(default_factory=list)  # held before moving teams

    @property
    def number(self) -> int:
        """The team-scoped number: 123 in TAL-123."""
        return int(self.identifier.rpartition("-")[2])


@dataclass
class Project:
    id: str
    slug_id: str
    name: str
    description: str
    content: str
    status_type: str  # backlog | planned | started | paused | completed | canceled
    teams: list[Team]
    created_at: datetime
    updated_at: datetime
    labels: list[Label] = field(default_factory=list)
    completed_at: datetime | None = None
    archived_at: datetime | None = None
    trashed: bool | None = None
    target_date: date | None = None
    target_resolution: str | None = None  # month | quarter | halfYear | year
    lead: User | None = None
    needs: list[Need] = field(default_factory=list)
    expect: str | None = None
    started_at: datetime | None = None
    canceled_at: datetime | None = None


@dataclass
class Workspace:
    name: str
    teams: list[Team]
    users: list[User]
    issue_labels: list[Label]
    project_labels: list[Label]
    issues: list[Issue]
    projects: list[Project]

    def expected(self) -> dict[str, str]:
        """Public id -> status, as kbgen must publish them (identifier or project slug)."""
        found = {issue.identifier: issue.expect for issue in self.issues if issue.expect}
        found.update({p.slug_id: p.expect for p in self.projects if p.expect})
        return found

    def team(self, key: str) -> Team:
        return next(team for team in self.teams if team.key == key)

    def find_issue(self, reference: str) -> Issue | None:
        """The issue ``issue(id:)`` answers for: its id, identifier or a previous identifier."""
        for issue in self.issues:
            if reference in (issue.id, issue.identifier, *issue.previous_identifiers):
                return issue
        return None

    def issue_label(self, name: str) -> Label:
        return next(label for label in self.issue_labels if label.name == name)

    def project_label(self, name: str) -> Label:
        return next(label for label in self.project_labels if label.name == name)
