"""Owner names as readers see them: the public name from ``owners:``, or nothing at all."""

from __future__ import annotations

from kbgen.config import SiteConfig


def public_owner(owner: str | None, site: SiteConfig) -> str | None:
    """The name readers see for ``owner``; None when unknown or ``review.show_owner`` is false.

    An owner missing from ``owners:`` is shown as written in the frontmatter.
    """
    if owner is None or not site.review.show_owner:
        return None
    info = site.owners.get(owner)
    return info.name if info else owner
