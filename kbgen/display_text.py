"""Text from outside (reader events, frontmatter, file names) made safe to show in a report.

One sanitiser for every renderer (terminal table, Markdown, CSV, JSON, GitHub annotations):
control characters never reach the owner's terminal or a report file. That covers C0 (ESC
among them), DEL, C1 (CSI ``\\x9b`` among them), bidirectional overrides and isolates (which
reorder what a reader sees), invisible format characters (zero-width space, BOM, tag
characters), line and paragraph separators, and lone surrogates (which no UTF-8 file or
terminal can hold). Whole ANSI escape sequences go, not just their ESC byte.
"""

from __future__ import annotations

import json
import re

REPLACEMENT = "\ufffd"
# ESC [ ... final, ESC ] ... BEL/ST (OSC), ESC P/X/^/_ ... ST, CSI as one C1 byte, ESC + one byte.
_ANSI = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\x20-\x7e]?"
)
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Invisible characters that hide or smuggle text: every format character (Unicode category
# Cf: soft hyphen, Arabic and Syriac marks, Mongolian vowel separator, zero-width space, word
# joiner and invisible operators, deprecated format controls, BOM, interlinear annotation,
# Egyptian, Brahmi and Kaithi format controls, shorthand and musical format controls, tag
# characters; the bidi ones are in _BIDI) and the Hangul fillers, letters that show nothing.
# (Zero-width joiner and non-joiner stay: emoji sequences and Persian words need them.)
_INVISIBLE = (
    "\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u2060-\u2064"
    "\u206a-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f"
    "\u115f\u1160\u3164\uffa0"
)
_SEPARATORS = "\u2028\u2029"
_SURROGATES = "\ud800-\udfff"
# Whitespace controls become a space (one line stays one line); every other control a U+FFFD.
_WHITESPACE = re.compile(r"[\t\n\v\f\r\x1c-\x1f\x85" + _SEPARATORS + "]")
_CONTROL = re.compile(
    r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f" + _BIDI + _INVISIBLE + _SURROGATES + "]"
)
UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f" + _BIDI + _INVISIBLE + _SEPARATORS + _SURROGATES + "]")
"""Every character no report may contain (its own line breaks aside)."""
# What json.dumps(ensure_ascii=False) leaves raw (it escapes C0 itself).
_JSON_RAW = re.compile(r"[\x7f-\x9f" + _BIDI + _INVISIBLE + _SEPARATORS + _SURROGATES + "]")


def display_text(text: str) -> str:
    """``text`` on one line with no control character: escape sequences removed as a whole
    (shown as one U+FFFD), line breaks and tabs as spaces, other controls as U+FFFD."""
    if not UNSAFE.search(text):
        return text
    text = _ANSI.sub(REPLACEMENT, text)
    return _CONTROL.sub(REPLACEMENT, _WHITESPACE.sub(" ", text))


def display_lines(text: str) -> str:
    """``text`` with its own line breaks (LF) kept and each line through ``display_text``:
    a message of several lines (every problem at once) shown without a control character."""
    return "\n".join(display_text(line) for line in text.split("\n"))


def escape_json_controls(encoded: str) -> str:
    """JSON text with every unsafe character written as a ``\\uXXXX`` escape.

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 but writes DEL, C1, bidi controls and
    lone surrogates raw. Such characters only occur inside JSON strings, where the escape is
    the same value: the data stays exact and the file holds no control character.
    """
    return _JSON_RAW.sub(lambda match: json.dumps(match.group())[1:-1], encoded)
