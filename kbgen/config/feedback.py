"""The ``feedback:`` section: the "Was this page helpful?" widget's link and reasons."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kbgen.config.checks import check_section
from kbgen.config.source import ConfigSource

_FEEDBACK_KEYS: dict[str, type | tuple[type, ...]] = {"form_url": str, "reasons": list}
_REASON_KEYS: dict[str, type | tuple[type, ...]] = {"id": str, "label": str}


@dataclass(frozen=True, slots=True)
class FeedbackReason:
    """One answer to "What went wrong?": ``id`` is sent in events, ``label`` is shown."""

    id: str
    label: str


DEFAULT_REASONS = (
    FeedbackReason("outdated", "It's out of date"),
    FeedbackReason("unclear", "It's hard to understand"),
    FeedbackReason("not-solved", "It didn't solve my problem"),
    FeedbackReason("other", "Something else"),
)


@dataclass(frozen=True, slots=True)
class FeedbackSettings:
    """Where "No" on *Was this page helpful?* links, and the reasons it offers."""

    form_url: str | None = None
    reasons: tuple[FeedbackReason, ...] = DEFAULT_REASONS


def parse_feedback(source: ConfigSource, data: object) -> FeedbackSettings:
    """Validate ``feedback:``; ``reasons`` lists labels or ``{id, label}`` mappings."""
    section = check_section(source, data, ("feedback",), _FEEDBACK_KEYS)
    reasons = section.get("reasons")
    parsed = [parse_reason(source, item, index) for index, item in enumerate(reasons or ())]
    kept = tuple(reason for reason in parsed if reason is not None)
    if reasons is not None and not reasons:
        source.fail(("feedback", "reasons"), "'feedback.reasons' must list at least one reason")
    ids = [reason.id for reason in kept]
    if len(set(ids)) != len(ids):
        source.fail(("feedback", "reasons"), "'feedback.reasons' has the same id twice")
    return FeedbackSettings(form_url=section.get("form_url"), reasons=kept or DEFAULT_REASONS)


def parse_reason(source: ConfigSource, item: object, index: int) -> FeedbackReason | None:
    """A label (its id derived from it) or a mapping with ``label`` and optional ``id``."""
    keys = ("feedback", "reasons", index)
    key = f"feedback.reasons[{index}]"
    if isinstance(item, str):
        item = {"label": item}
    if not isinstance(item, dict):
        source.fail(keys, f"'{key}' must be a label or a mapping with 'label'")
        return None
    section = check_section(source, item, keys, _REASON_KEYS)
    label = " ".join(str(section.get("label") or "").split())
    reason_id = reason_slug(section.get("id") or label)
    if not label or not reason_id:
        source.fail(keys, f"'{key}.label' must be a non-empty text")
        return None
    return FeedbackReason(reason_id, label)


def reason_slug(text: str) -> str:
    """``Didn't solve my problem`` -> ``didnt-solve-my-problem``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "").replace("’", "")).strip("-")
