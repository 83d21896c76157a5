"""Search queries as the report counts them: redacted, lower case, single spaces."""

from __future__ import annotations

import re
import unicodedata

# The same rules as the site's support.js applies before anything is sent.
EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+")
# Separators allowed inside a digit run: any space, dot, comma, slash, underscore, bracket,
# hyphen or dash, full-width ones too. The same class, character for character, as support.js
# and search-engine.js (JavaScript's and Python's \s differ).
_SEPARATOR = re.compile(
    "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    ".,/_()\\-\u2010-\u2015\u2212\ufe58\ufe63\uff08\uff09\uff0c\uff0d\uff0e\uff0f\uff3f]"
)
# Six or more number characters (d), each with its combining marks and invisible format
# characters (m: keycaps, a zero-width space or soft hyphen between digits), separators (s)
# between them.
_RUN = re.compile(r"dm*(?:s*dm*){5,}")
# Control characters (terminal escapes among them) never reach a report.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def redact(text: str) -> str:
    """Replace e-mail addresses and runs of six or more digits of any script."""
    return redact_numbers(EMAIL.sub("[email]", text))


def redact_numbers(text: str) -> str:
    """Runs of six or more number characters (Unicode category N: ASCII, full-width,
    Arabic-Indic, superscript, circled...), each with its combining marks (keycaps) and
    invisible format characters, become ``[number]``, as support.js's and search-engine.js's
    ``\\p{N}[\\p{M}\\p{Cf}]*`` runs. Judged on the text's shape: one letter per character
    (no character is both a mark and a separator), so positions match and nothing backtracks."""
    shape = "".join(map(shape_of, text))
    for run in reversed(list(_RUN.finditer(shape))):
        text = text[: run.start()] + "[number]" + text[run.end() :]
    return text


def shape_of(char: str) -> str:
    """``d`` for a number character, ``m`` for a combining mark or an invisible format
    character (Unicode ``Cf``), ``s`` for a separator."""
    category = unicodedata.category(char)
    if category[0] == "N":
        return "d"
    if category[0] == "M" or category == "Cf":
        return "m"
    return "s" if _SEPARATOR.fullmatch(char) else "x"


def normalise_query(query: str) -> str:
    """``  Refund  VAT `` -> ``refund vat``: one query however readers typed it."""
    return " ".join(redact(CONTROL.sub(" ", query)).lower().split())
