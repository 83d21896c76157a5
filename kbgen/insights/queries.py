"""Search queries as the report counts them: redacted, lower case, single spaces."""

from __future__ import annotations

import re

# The same rules as the site's support.js applies before anything is sent.
EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+")
# \d is any Unicode decimal digit (category Nd) in a str pattern: full-width and Arabic-Indic too.
DIGITS = re.compile(r"\d(?:[\s.\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D\uFF0E]?\d){5,}")
# Control characters (terminal escapes among them) never reach a report.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def redact(text: str) -> str:
    """Replace e-mail addresses and runs of six or more digits."""
    return DIGITS.sub("[number]", EMAIL.sub("[email]", text))


def normalise_query(query: str) -> str:
    """``  Refund  VAT `` -> ``refund vat``: one query however readers typed it."""
    return " ".join(redact(CONTROL.sub(" ", query)).lower().split())
