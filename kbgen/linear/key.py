"""The Linear API key: its form checked where it enters, and scrubbed from any text shown.

A server may echo the key back changed (upper-cased, cut short, inside a longer word), so
redaction removes every run of 8 or more characters of the key, ignoring case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kbgen.linear.errors import KEY_VARIABLE, LinearAuthError

MIN_FRAGMENT = 8
MAX_KEY_CHARS = 512
REDACTED = "[redacted]"
_KEY_FORM = re.compile(rf"^[\x21-\x7e]{{{MIN_FRAGMENT},{MAX_KEY_CHARS}}}$")
_KNOWN_PREFIXES = ("lin_api_", "lin_oauth_")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def check_api_key(value: str) -> str:
    """The key without surrounding whitespace; LinearAuthError (never showing it) if malformed."""
    key = value.strip()
    if not key:
        raise LinearAuthError(f"{KEY_VARIABLE} is empty; set it to a Linear personal API key")
    if not _KEY_FORM.match(key):
        raise LinearAuthError(
            f"{KEY_VARIABLE} is not a Linear API key: it must be one line of {MIN_FRAGMENT} to "
            f"{MAX_KEY_CHARS} printable ASCII characters, without spaces or line breaks; "
            "copy the key again"
        )
    return key


class Redactor:
    """Replaces every case-insensitive run of ``MIN_FRAGMENT``+ characters of a secret."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.translate(_ASCII_LOWER)
        grams = {
            self._secret[start : start + MIN_FRAGMENT]
            for start in range(len(self._secret) - MIN_FRAGMENT + 1)
        }
        # A window inside 'lin_api_' reveals nothing and would blot out docs about keys.
        self._grams = sorted(g for g in grams if not any(g in p for p in _KNOWN_PREFIXES))
        self._pattern = re.compile("|".join(map(re.escape, self._grams)))

    def __call__(self, text: str) -> str:
        """``text`` with every fragment of the secret replaced by ``[redacted]``."""
        lower = text.translate(_ASCII_LOWER)  # same length as text, unlike str.lower()
        if not any(gram in lower for gram in self._grams):  # fast path: C-speed searches
            return text
        pieces: list[str] = []
        done = 0
        while found := self._pattern.search(lower, done):
            start, end = found.start(), found.end()
            while end < len(text) and lower[start : end + 1] in self._secret:
                end += 1
            while start > done and lower[start - 1 : end] in self._secret:
                start -= 1
            pieces += [text[done:start], REDACTED]
            done = end
        return "".join([*pieces, text[done:]])

    def scrub(self, value: Any) -> Any:
        """A parsed JSON value with every string (and key) redacted."""
        return _walk(value, self)


def _walk(value: Any, redact: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_walk(item, redact) for item in value]
    if isinstance(value, dict):
        return {redact(str(k)): _walk(v, redact) for k, v in value.items()}
    return value
