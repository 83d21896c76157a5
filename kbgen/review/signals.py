"""What readers said about one article: helpful and unhelpful answers, reasons, contacts."""

from __future__ import annotations

from dataclasses import dataclass

OUTDATED = "outdated"


@dataclass(frozen=True, slots=True)
class ArticleSignals:
    """Reader signals for one article; ``reasons`` are (reason id, count), most given first."""

    helpful: int = 0
    unhelpful: int = 0
    reasons: tuple[tuple[str, int], ...] = ()
    contacts: int = 0

    @property
    def outdated(self) -> int:
        """How many readers said the article is out of date."""
        return dict(self.reasons).get(OUTDATED, 0)

    @property
    def is_empty(self) -> bool:
        """True when readers said nothing about the article."""
        return not (self.helpful or self.unhelpful or self.contacts)

    def reasons_dict(self) -> dict[str, int]:
        """The reasons as ``{id: count}``, most given first."""
        return dict(self.reasons)


def describe_reasons(signals: ArticleSignals) -> str:
    """``outdated 2, unclear 1`` (empty when no reason was given)."""
    return ", ".join(f"{reason} {count}" for reason, count in signals.reasons)


def describe_signals(signals: ArticleSignals) -> str:
    """``2 unhelpful (outdated 2), 1 helpful, 1 support contact``."""
    unhelpful = f"{signals.unhelpful} unhelpful"
    if signals.reasons:
        unhelpful += f" ({describe_reasons(signals)})"
    contacts = f"{signals.contacts} support contact" + ("" if signals.contacts == 1 else "s")
    return f"{unhelpful}, {signals.helpful} helpful, {contacts}"
