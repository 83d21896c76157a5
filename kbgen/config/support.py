"""The ``support:`` section: where readers go when self-service fails."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kbgen.config.checks import check_section
from kbgen.config.source import ConfigSource
from kbgen.config.values import reader_link_problem

_SUPPORT_KEYS: dict[str, type | tuple[type, ...]] = {"url": str, "label": str}
PLACEHOLDERS = ("title", "url", "path", "query")
DEFAULT_LABEL = "Contact support"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class SupportSettings:
    """A support link template (``{title}`` ``{url}`` ``{path}`` ``{query}``) and its label.

    ``url`` is None when the site offers no support channel: then no page promises one.
    """

    url: str | None = None
    label: str = DEFAULT_LABEL


def parse_support(source: ConfigSource, data: object) -> SupportSettings:
    """Validate ``support:``: an http(s) or mailto URL template and an optional label."""
    section = check_section(source, data, ("support",), _SUPPORT_KEYS)
    url = section.get("url")
    if url is not None:
        url = url.strip()
        unknown = [name for name in _PLACEHOLDER.findall(url) if name not in PLACEHOLDERS]
        if unknown:
            known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
            source.fail(
                ("support", "url"),
                f"'support.url' has an unknown placeholder {{{unknown[0]}}} (known: {known})",
            )
            url = None
        elif problem := reader_link_problem(_PLACEHOLDER.sub("x", url)):
            source.fail(("support", "url"), f"'support.url' {problem}")
            url = None
    label = " ".join(str(section.get("label") or DEFAULT_LABEL).split())
    return SupportSettings(url=url or None, label=label)
