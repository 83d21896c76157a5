"""An events file as numbered text lines, each bounded and decoded on its own.

Bad bytes or an over-long line cost that line only (a LineError with the reason), never
the file: an export is appended to by every visitor, so one of them cannot spoil the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

MAX_LINE_BYTES = 64 * 1024
"""Longer than any event the site sends (queries are cut to 200 characters)."""
_BOM = b"\xef\xbb\xbf"


class LineError(ValueError):
    """One line cannot be read as text; the message says why, ``text`` is what could be read
    (bad bytes as U+FFFD, so a CSV reader can still find where the record ends)."""

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(message)
        self.text = text


def numbered_lines(handle: BinaryIO) -> Iterator[tuple[int, str | LineError]]:
    """``(line number, text without its line break)`` per line, or a LineError for it."""
    number = 0
    while chunk := handle.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(chunk) > MAX_LINE_BYTES and not chunk.endswith(b"\n"):
            skip_rest_of_line(handle)
            yield number, LineError(f"line longer than {MAX_LINE_BYTES} bytes")
            continue
        if number == 1:
            chunk = chunk.removeprefix(_BOM)
        yield number, decode_line(chunk.rstrip(b"\r\n"))


def skip_rest_of_line(handle: BinaryIO) -> None:
    """Read past the end of the current line, a bounded chunk at a time."""
    while (chunk := handle.readline(MAX_LINE_BYTES)) and not chunk.endswith(b"\n"):
        pass


def decode_line(raw: bytes) -> str | LineError:
    """The line as UTF-8 text, or a LineError naming the first bad byte's column."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = raw[error.start : error.start + 1].hex()
        where = f"byte 0x{byte} at column {error.start + 1}"
        text = raw.decode("utf-8", errors="replace")
        return LineError(f"not UTF-8 text: {where} ({error.reason})", text)
