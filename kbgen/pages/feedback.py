"""The "Was this page helpful?" follow-up link: a form or issue URL prefilled per page."""

from __future__ import annotations

from kbgen.pages.link_template import fill_template

# Only what the reader can see anyway (the title and the page's address): never the source
# path or the owner's handle, which a public issue form would put in front of customers.
GITHUB_ISSUE_TEMPLATE = (
    "{repo_url}/issues/new?title=Help%20article%20feedback%3A%20{title}"
    "&body=Page%3A%20{url}%0A%0AWhat%20was%20missing%3F"
)


def default_form_template(repo_url: str | None) -> str | None:
    """A GitHub new-issue URL for GitHub repositories; no link otherwise."""
    if repo_url and "github.com/" in repo_url:
        return GITHUB_ISSUE_TEMPLATE.replace("{repo_url}", repo_url.rstrip("/"))
    return None


def feedback_url(
    template: str | None, *, title: str, path: str, url: str, owner: str
) -> str | None:
    """Fill ``{title}``, ``{path}``, ``{url}`` and ``{owner}`` (URL-encoded) into the template."""
    if not template:
        return None
    return fill_template(template, {"title": title, "path": path, "url": url, "owner": owner})
