"""Words as search sees them, in Python and in the browser alike (search-engine.js)."""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W_]+")
"""Letters and digits; the browser uses ``/[\\p{L}\\p{N}]+/gu`` on the lower-cased text."""

STOP_WORDS = frozenset(
    """a about after all also am an and any are as at be been before being but by can could
    did do does doing for from had has have having he her here hers him his how i if in into
    is it its itself just me might more most my myself no nor not of off on once only or other
    our ours out own same she should so some such than that the their theirs them then there
    these they this those to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself yourselves i'm im ive dont cant isnt
    please want need way get got let make made use using used""".split()  # noqa: SIM905
)
"""Question and stop words: they never have to match (and are never highlighted)."""


def words(text: str) -> list[str]:
    """The lower-cased words of ``text``, in order."""
    return WORD.findall(text.lower())


def content_words(text: str) -> list[str]:
    """The distinct words a query is about: stop words go unless nothing else is left."""
    seen = list(dict.fromkeys(words(text)))
    kept = [word for word in seen if word not in STOP_WORDS]
    return kept or seen


def shard_of(key: str, shards: int) -> int:
    """FNV-1a (32-bit) of the UTF-8 bytes, modulo ``shards``: the same in search-engine.js."""
    value = 0x811C9DC5
    for byte in key.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % shards
