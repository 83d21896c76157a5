"""The "Was this page helpful?" follow-up link (a form prefilled per page) and whether the
widget is shown at all: only where answers land (a form or an analytics provider)."""

from __future__ import annotations

from kbgen.pages.link_template import fill_template

WIDGET_HIDDEN_NOTE = (
    "the 'Was this page helpful?' widget is not shown: its answers would go nowhere. "
    "Set analytics.provider or feedback.form_url in site_config.yml to collect them"
)


def feedback_lands(form_url: str | None, analytics_provider: str | None) -> bool:
    """Whether a reader's answer reaches anyone: a form to open or a provider recording it."""
    return bool(form_url) or analytics_provider is not None


def feedback_note(form_url: str | None, analytics_provider: str | None) -> str | None:
    """The one note ``kbgen check`` prints when the widget is hidden, else None."""
    return None if feedback_lands(form_url, analytics_provider) else WIDGET_HIDDEN_NOTE


def feedback_url(
    template: str | None, *, title: str, path: str, url: str, owner: str
) -> str | None:
    """Fill ``{title}``, ``{path}``, ``{url}`` and ``{owner}`` (URL-encoded) into the template."""
    if not template:
        return None
    return fill_template(template, {"title": title, "path": path, "url": url, "owner": owner})
