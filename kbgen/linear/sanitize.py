"""Turn Linear text into safe public text and HTML: plain titles, sanitised summaries.

Titles and label names are plain text (escaped wherever they are shown). A summary is the
Markdown under the public heading of a description, rendered with raw HTML escaped, then
cleaned by nh3 (ammonia): a small tag set, links only to http/https/mailto and never into
Linear, no images (Linear uploads need auth, other hosts would be third-party requests).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from urllib.parse import unquote, urlsplit

import nh3

MAX_TITLE_CHARS = 300
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
_FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\n?")


def clean_text(text: str | None, limit: int = MAX_TITLE_CHARS) -> str:
    """One line of plain text: no control or bidi-override characters, bounded length."""
    line = " ".join(_FORBIDDEN_CHARS.sub("", text or "").split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def strip_unsafe_chars(text: str) -> str:
    """Remove control, bidi-override and XML-invalid characters (keeps newlines)."""
    return _FORBIDDEN_CHARS.sub("", text)


def clean_html(html: str) -> str:
    """Sanitise an HTML fragment to the public tag set; also used on snapshot load."""
    cleaned = nh3.clean(
        _FORBIDDEN_CHARS.sub("", html),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href", "title"}},
        attribute_filter=_drop_linear_links,
        url_schemes=ALLOWED_SCHEMES,
        url_relative="deny",
        link_rel="noopener noreferrer nofollow",
    )
    # Dropped images leave empty paragraphs behind.
    return inert_braces(_EMPTY_PARAGRAPH.sub("", cleaned).strip())


def inert_braces(html: str) -> str:
    """Write ``{`` and ``}`` as character references so no template engine sees markers."""
    return html.replace("{", "&#123;").replace("}", "&#125;")


def _drop_linear_links(tag: str, attribute: str, value: str) -> str | None:
    """Links into the Linear app or its uploads need a login and reveal the workspace."""
    if attribute == "href":
        host = link_host(value)
        if host is None or is_linear_host(host):
            return None  # unparseable: fail closed
    return value


def link_host(url: str) -> str | None:
    """The host a browser would contact for ``url`` (None: unparseable), normalised.

    Browsers drop tabs and newlines, read ``\\`` as ``/``, percent-decode the host, map
    fullwidth and ideographic dots to ``.`` (IDNA), apply NFKC and ignore a trailing dot.
    """
    text = _URL_NOISE.sub("", url).strip("\x00 ").replace("\\", "/")
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return None
    host = unicodedata.normalize("NFKC", unquote(host))
    host = _IDNA_DOTS.sub(".", host).casefold()
    with contextlib.suppress(UnicodeError):  # not a valid IDNA name: keep it as it is
        host = host.encode("idna").decode("ascii").lower()
    return host.rstrip(".")


def is_linear_host(host: str) -> bool:
    """linear.app or any of its subdomains (uploads.linear.app, ...)."""
    return host == "linear.app" or host.endswith(".linear.app")


_URL_NOISE = re.compile("[\t\n\r]")
_IDNA_DOTS = re.compile("[\u3002\uff0e\uff61]")
