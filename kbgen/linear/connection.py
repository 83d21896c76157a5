"""`kbgen linear check`: is the key accepted, does the public label exist, what budget is left."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kbgen.config.linear import LinearSettings
from kbgen.linear.client import LinearClient
from kbgen.linear.queries import CHECK_QUERY
from kbgen.linear.shapes import CHECK, check_shape
from kbgen.linear_data.sanitize import clean_text


@dataclass(frozen=True, slots=True)
class RateLimit:
    """One of Linear's budgets for this key."""

    kind: str
    allowed: int
    remaining: int
    reset_at: float  # epoch seconds


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What one check request found out about the key and the label."""

    workspace: str
    public_label: str
    issue_label: bool
    project_label: bool
    lookalikes: tuple[str, ...]  # raw names equal but for case: they do not count
    limits: tuple[RateLimit, ...]

    @property
    def ok(self) -> bool:
        """The key works and the label exists as an issue label and as a project label."""
        return self.issue_label and self.project_label


def check_linear(client: LinearClient, settings: LinearSettings) -> CheckReport:
    """Run the check query (one request) and judge its answer."""
    data = client.execute(CHECK_QUERY, {"label": settings.public_label})
    check_shape(data, CHECK, "data")
    issue_names = _names(data.get("issueLabels"))
    project_names = _names(data.get("projectLabels"))
    label = settings.public_label
    return CheckReport(
        workspace=clean_text(str((data.get("organization") or {}).get("name") or "")),
        public_label=label,
        issue_label=label in issue_names,
        project_label=label in project_names,
        lookalikes=tuple(sorted({n for n in issue_names + project_names if n != label})),
        limits=tuple(_limit(raw) for raw in _get_limits(data)),
    )


def _names(connection: Any) -> list[str]:
    nodes = connection.get("nodes") if isinstance(connection, Mapping) else None
    return [node["name"] for node in nodes or [] if isinstance(node.get("name"), str)]


def _get_limits(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return (data.get("rateLimitStatus") or {}).get("limits") or []


def _limit(raw: Mapping[str, Any]) -> RateLimit:
    return RateLimit(
        kind=clean_text(str(raw.get("type") or "unknown"), 60),
        allowed=int(raw.get("allowedAmount") or 0),
        remaining=int(raw.get("remainingAmount") or 0),
        reset_at=float(raw.get("reset") or 0) / 1000,
    )


def describe_check(report: CheckReport, api_url: str, now: float) -> list[str]:
    """The report as terminal lines (``now`` in epoch seconds, for reset times)."""
    label = report.public_label
    lines = [f"Linear API: {api_url}", f"Key: accepted (workspace: {report.workspace})"]
    for kind, found, article in (
        ("Issue", report.issue_label, "an issue"),
        ("Project", report.project_label, "a project"),
    ):
        verdict = "found" if found else f"missing: create {article} label named exactly {label!r}"
        lines.append(f"{kind} label {label!r}: {verdict}")
    lines.extend(
        f"Note: {name!r} is not {label!r} (labels match exactly) and makes nothing public"
        for name in report.lookalikes
    )
    for limit in report.limits:
        minutes = max(0, round((limit.reset_at - now) / 60))
        lines.append(
            f"Rate limit {limit.kind}: {limit.remaining:,} of {limit.allowed:,} left "
            f"(resets in {minutes} min)"
        )
    return lines
