"""The ``search:`` section: meaning-aware search on or off, and synonym groups."""

from __future__ import annotations

from dataclasses import dataclass

from kbgen.config.checks import check_section
from kbgen.config.source import ConfigSource, shown

_SEARCH_KEYS: dict[str, type | tuple[type, ...]] = {"semantic": bool, "synonyms": list}


@dataclass(frozen=True, slots=True)
class SearchSettings:
    """``semantic``: write word and page vectors (False: words only); ``synonyms``: groups of
    equivalent terms, each group added to every page that holds one of its terms."""

    semantic: bool = True
    synonyms: tuple[tuple[str, ...], ...] = ()


def parse_search(source: ConfigSource, data: object) -> SearchSettings:
    """Validate ``search:``; every bad synonym group is reported with its line."""
    section = check_section(source, data, ("search",), _SEARCH_KEYS)
    groups = [
        parse_group(source, group, index)
        for index, group in enumerate(section.get("synonyms") or ())
    ]
    return SearchSettings(
        semantic=section.get("semantic", True),
        synonyms=tuple(group for group in groups if group is not None),
    )


def parse_group(source: ConfigSource, group: object, index: int) -> tuple[str, ...] | None:
    """One group: a list of at least two distinct, non-empty terms."""
    keys = ("search", "synonyms", index)
    name = f"search.synonyms[{index}]"
    if not isinstance(group, list):
        source.fail(keys, f"'{name}' must be a list of terms, e.g. [refund, money back]")
        return None
    terms: list[str] = []
    for position, term in enumerate(group):
        text = " ".join(term.split()).lower() if isinstance(term, str) else ""
        if not text:
            source.fail(
                (*keys, position),
                f"'{name}[{position}]' must be a non-empty text, got {shown(term)}",
            )
            return None
        if text not in terms:
            terms.append(text)
    if len(terms) < 2:
        source.fail(keys, f"'{name}' must list at least two different terms")
        return None
    return tuple(terms)
