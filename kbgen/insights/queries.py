"""Search queries as the report counts them: redacted, lower case, single spaces."""

from __future__ import annotations

import re
import unicodedata

# The same rules as the site's support.js applies before anything is sent.
EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+")
# Separators allowed inside a digit run: any space, dot, hyphen or dash, full-width ones too.
# The same class, character for character, as support.js (JavaScript's and Python's \s differ).
_SEPARATOR = re.compile(
    "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
    ".\\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d\uff0e]"
)
# Six or more number characters (d), each with its combining marks (m), one separator (s) apart.
_RUN = re.compile(r"dm*(?:s?dm*){5,}")
# Control characters (terminal escapes among them) never reach a report.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def redact(text: str) -> str:
    """Replace e-mail addresses and runs of six or more digits of any script."""
    return redact_numbers(EMAIL.sub("[email]", text))


def redact_numbers(text: str) -> str:
    """Runs of six or more number characters (Unicode category N: ASCII, full-width,
    Arabic-Indic, superscript, circled...), each with its combining marks (keycaps), become
    ``[number]``, as support.js's ``\\p{N}\\p{M}*`` runs. Judged on the text's shape: one
    letter per character, so positions match."""
    shape = "".join(map(shape_of, text))
    for run in reversed(list(_RUN.finditer(shape))):
        text = text[: run.start()] + "[number]" + text[run.end() :]
    return text


def shape_of(char: str) -> str:
    """``d`` for a number character, ``m`` for a combining mark, ``s`` for a separator."""
    major = unicodedata.category(char)[0]
    if major == "N":
        return "d"
    if major == "M":
        return "m"
    return "s" if _SEPARATOR.fullmatch(char) else "x"


def normalise_query(query: str) -> str:
    """``  Refund  VAT `` -> ``refund vat``: one query however readers typed it."""
    return " ".join(redact(CONTROL.sub(" ", query)).lower().split())
