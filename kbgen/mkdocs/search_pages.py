"""What kbgen's search data learns from the pages Pagefind indexed, and what the build adds
to a page before Pagefind reads it (synonyms, no headerlink pilcrows).

A page's searchable text is read back from Pagefind's own fragment (its content, title,
headings and meta): exactly what Pagefind indexed, so both searches see the same words. Only
the description (not indexed by Pagefind) is read from the page's ``<meta>``.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kbgen.errors import BuildError
from kbgen.pages.search import ARTICLE, SearchRecord
from kbgen.search.bundle import SearchDoc
from kbgen.search.synonyms import synonyms_for

FRAGMENT_ATTEMPTS = 20
FRAGMENT_RETRY_SECONDS = 0.1
_TERMS = re.compile(
    r'<div hidden data-pagefind-weight="5" data-pagefind-meta="terms_words:(\d+)">(.*?)</div>',
    re.S,
)
_BODY = re.compile(r"data-pagefind-body>")
_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_HEADERLINK = '<a class="headerlink"'
SUMMARY_WORDS = 30


def prepared(page: str, groups: Sequence[tuple[str, ...]]) -> str:
    """The page as Pagefind should read it: headerlink pilcrows ignored, and every synonym
    its text calls for appended to its hidden terms (the written page is unchanged)."""
    page = page.replace(_HEADERLINK, '<a data-pagefind-ignore class="headerlink"')
    body = _BODY.search(page)
    terms = _TERMS.search(page, body.start()) if body else None
    if not groups or terms is None or body is None:
        return page
    # The body's own text: from data-pagefind-body to its hidden terms (last in the body).
    added = synonyms_for(_text_of(page[body.start() : terms.end()]), groups)
    if not added:
        return page
    old = html.unescape(terms.group(2)).split()
    new_terms = " ".join([*old, *" ".join(added).split()])
    replacement = (
        '<div hidden data-pagefind-weight="5" '
        f'data-pagefind-meta="terms_words:{len(new_terms.split())}">{html.escape(new_terms)}</div>'
    )
    return page[: terms.start()] + replacement + page[terms.end() :]


def description_of(page: str) -> str:
    """The page's meta description ('' without one)."""
    found = _DESCRIPTION.search(page)
    return html.unescape(found.group(1)) if found else ""


def read_fragments(bundle: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    """Each indexed URL's Pagefind page id and fragment (content, meta, anchors)."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        fragment = read_fragment(path)
        found[str(fragment["url"])] = (path.name.removesuffix(".pf_fragment"), fragment)
    return found


def read_fragment(path: Path, attempts: int = FRAGMENT_ATTEMPTS) -> dict[str, Any]:
    """One Pagefind fragment (a signature, then JSON, gzipped). Pagefind may still be
    flushing a file when it reports the bundle written, so an empty or cut one is read again
    a few times; one that stays unreadable fails the build naming it, never a traceback."""
    for attempt in range(attempts):
        try:
            raw = gzip.decompress(path.read_bytes())
            fragment = json.loads(raw[raw.index(b"{") :])
            if isinstance(fragment, dict) and isinstance(fragment.get("url"), str):
                return fragment
        except (OSError, EOFError, ValueError):
            pass
        if attempt + 1 < attempts:
            time.sleep(FRAGMENT_RETRY_SECONDS)
    raise BuildError(f"{path}: Pagefind wrote a search fragment kbgen cannot read")


def page_doc(url: str, fragment: Mapping[str, Any], description: str) -> SearchDoc:
    """The search document of one article page, from its Pagefind fragment."""
    meta = fragment.get("meta") or {}
    title = str(meta.get("title") or url)
    content = str(fragment.get("content", ""))
    headings = " ".join(
        str(anchor.get("text", ""))
        for anchor in fragment.get("anchors") or ()
        if str(anchor.get("element", "")).startswith("h")
    )
    visible = content.split()
    hidden = int(meta.get("terms_words") or 0)
    shown = visible[: len(visible) - hidden] if hidden else visible
    summary = description or " ".join(shown[:SUMMARY_WORDS])
    text = ". ".join(part for part in (title, description, headings, content) if part)
    return SearchDoc(url, title, ARTICLE, str(meta.get("category") or ""), summary, text)


def record_doc(record: SearchRecord) -> SearchDoc:
    """The search document of a roadmap card or changelog entry."""
    summary = " ".join(record.content.split()[:SUMMARY_WORDS])
    return SearchDoc(record.url, record.title, record.kind, "", summary, record.content)


def _text_of(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())
