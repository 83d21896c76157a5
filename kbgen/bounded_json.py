"""JSON from outside, read within bounds: size, nesting, string length, number size.

Every JSON document kbgen did not just write itself (the committed snapshot, link data and
history, Linear's answers) is parsed here. Anything out of bounds or malformed raises
:class:`JsonBoundsError` (a :class:`~kbgen.errors.KbgenError` and a ``ValueError``) with the
line or the JSON path where it was found, never another exception.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from kbgen.errors import KbgenError


@dataclass(frozen=True, slots=True)
class JsonLimits:
    """What a document may hold; the defaults suit kbgen's committed data files."""

    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 32
    max_string: int = 1_000_000  # characters in one string or key
    max_number: int = 32  # characters in one number's text
    max_values: int = 2_000_000  # values in the whole document


DEFAULT_LIMITS = JsonLimits()


class JsonBoundsError(KbgenError, ValueError):
    """The document is not JSON, or holds something out of bounds.

    ``line`` is the 1-based line of a syntax error (None when the fault is found by JSON
    path after parsing); the message names the place in either case.
    """

    def __init__(self, message: str, line: int | None = None, token: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.token = token  # the offending text, when a parse hook found it


class JsonSyntaxError(JsonBoundsError):
    """Not JSON at all: bad bytes, bad syntax, NaN or Infinity."""


class JsonLimitError(JsonBoundsError):
    """Valid JSON holding something out of bounds (too big, too deep, too long)."""


def loads_bounded(data: bytes | str, limits: JsonLimits = DEFAULT_LIMITS) -> Any:
    """The document in ``data``, checked against ``limits`` (see the module docstring)."""
    if len(data) > limits.max_bytes:
        raise JsonLimitError(f"larger than {limits.max_bytes:,} bytes")
    text = _decode(data) if isinstance(data, bytes) else data
    try:
        document = json.loads(
            text,
            parse_int=_number_parser(int, limits),
            parse_float=_number_parser(float, limits),
            parse_constant=_reject_constant,
        )
    except JsonBoundsError as error:
        raise type(error)(error.message, error.line or _line_of(text, error.token)) from None
    except json.JSONDecodeError as error:
        raise JsonSyntaxError(f"not valid JSON: {error.msg}", error.lineno) from None
    except RecursionError:
        raise JsonLimitError(f"nested too deeply (more than {limits.max_depth} levels)") from None
    except ValueError as error:  # int() over Python's digit limit
        raise JsonLimitError(f"a number is too large ({error})") from None
    check_bounds(document, limits)
    return document


def check_bounds(document: Any, limits: JsonLimits = DEFAULT_LIMITS) -> None:
    """Raise JsonLimitError naming the JSON path of the first value out of bounds."""
    stack: list[tuple[Any, str, int]] = [(document, "$", 1)]
    values = 0
    while stack:
        value, where, depth = stack.pop()
        values += 1
        if values > limits.max_values:
            raise JsonLimitError(f"more than {limits.max_values:,} values")
        if depth > limits.max_depth:
            where = where if len(where) <= 80 else where[:77] + "..."
            deep = f"nested too deeply (more than {limits.max_depth} levels)"
            raise JsonLimitError(f"{where}: {deep}")
        if isinstance(value, str):
            _check_string(value, where, limits)
        elif isinstance(value, dict):
            for key, inner in value.items():
                _check_string(key, f"{where} (a key)", limits)
                stack.append((inner, f"{where}.{_shown(key)}", depth + 1))
        elif isinstance(value, list):
            stack.extend(
                (inner, f"{where}[{index}]", depth + 1) for index, inner in enumerate(value)
            )


def _line_of(text: str, token: str | None) -> int | None:
    """The line where ``token`` first appears (how a parse hook's fault is located)."""
    found = text.find(token) if token else -1
    return text.count("\n", 0, found) + 1 if found >= 0 else None


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise JsonSyntaxError(
            f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})", line
        ) from None


def _number_parser(kind: type[int] | type[float], limits: JsonLimits) -> Any:
    def parse(text: str) -> int | float:
        if len(text) > limits.max_number:
            raise JsonLimitError(
                f"a number of {len(text):,} characters (at most {limits.max_number})", token=text
            )
        number = kind(text)
        if isinstance(number, float) and not math.isfinite(number):
            raise JsonLimitError(f"the number {text} is out of range", token=text)
        return number

    return parse


def _reject_constant(name: str) -> None:
    raise JsonSyntaxError(f"not valid JSON: {name} is not a JSON value", token=name)


def _check_string(value: str, where: str, limits: JsonLimits) -> None:
    if len(value) > limits.max_string:
        raise JsonLimitError(
            f"{where}: a string of {len(value):,} characters (at most {limits.max_string:,})"
        )
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise JsonLimitError(
                f"{where}: a string holds a lone surrogate (\\ud800-\\udfff)"
            ) from None


def _shown(key: str) -> str:
    """A key as a JSON path shows it: plain names bare, anything else quoted and cut short."""
    if key.isidentifier() and len(key) <= 40:
        return key
    return json.dumps(key[:40] + ("…" if len(key) > 40 else ""))


def located(path: object, error: JsonBoundsError) -> str:
    """``path:line: message`` (``path: message`` when the fault has no line)."""
    return f"{path}:{error.line}: {error.message}" if error.line else f"{path}: {error.message}"
