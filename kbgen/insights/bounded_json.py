"""JSON from outside, parsed with bounds: nesting depth, number length, no NaN or Infinity.

``json.loads`` alone recurses once per ``[`` (a line of 100,000 brackets is a RecursionError)
and hands a 5,000-digit number to ``int`` (a ValueError past Python's conversion limit).
Here the depth is measured before parsing and numbers are parsed by length-checked hooks,
so any input gives a value or a BoundedJsonError.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

MAX_DEPTH = 16
MAX_NUMBER_CHARS = 32
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class BoundedJsonError(ValueError):
    """The text is not JSON within the bounds; the message says what is wrong."""


def loads_bounded(text: str) -> Any:
    """Parse one JSON value nested at most MAX_DEPTH deep, numbers at most MAX_NUMBER_CHARS."""
    if nesting_depth(text) > MAX_DEPTH:
        raise BoundedJsonError(f"nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(
            text, parse_int=bounded_int, parse_float=bounded_float, parse_constant=no_constant
        )
    except BoundedJsonError:
        raise
    except json.JSONDecodeError as error:
        raise BoundedJsonError(f"{error.msg} (column {error.colno})") from None
    except (ValueError, RecursionError) as error:  # int conversion limit, anything deeper
        raise BoundedJsonError(f"not JSON within bounds: {type(error).__name__}") from None


def nesting_depth(text: str) -> int:
    """The deepest bracket nesting outside strings (an upper bound for malformed text)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(_STEP[mark] for mark in brackets), default=0)


def bounded_int(digits: str) -> int:
    """A JSON integer of at most MAX_NUMBER_CHARS characters."""
    check_length(digits)
    return int(digits)


def bounded_float(digits: str) -> float:
    """A JSON fraction or exponent of at most MAX_NUMBER_CHARS characters."""
    check_length(digits)
    return float(digits)


def check_length(digits: str) -> None:
    """Refuse a number written with more than MAX_NUMBER_CHARS characters."""
    if len(digits) > MAX_NUMBER_CHARS:
        raise BoundedJsonError(f"a number longer than {MAX_NUMBER_CHARS} characters")


def no_constant(name: str) -> Any:
    """NaN, Infinity and -Infinity are not JSON."""
    raise BoundedJsonError(f"{name} is not JSON")
