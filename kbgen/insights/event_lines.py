"""An events file as numbered text lines, each bounded and decoded on its own.

Bad bytes or an over-long line cost that line only (a LineError with the reason), never
the file: an export is appended to by every visitor, so one of them cannot spoil the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

MAX_LINE_BYTES = 64 * 1024
"""Longer than any event the site sends (queries are cut to 200 characters)."""
_BOM = b"\xef\xbb\xbf"
_LINE_BREAK = re.compile(rb"\r\n?|\n")
CHUNK_BYTES = 64 * 1024
"""How much is read at a time."""


class LineError(ValueError):
    """One line cannot be read as text; the message says why, ``text`` is what could be read
    (bad bytes as U+FFFD, so a CSV reader can still find where the record ends)."""

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(message)
        self.text = text


def numbered_lines(
    handle: BinaryIO, chunk_bytes: int = CHUNK_BYTES
) -> Iterator[tuple[int, str | LineError]]:
    """``(line number, text without its line break)`` per line, or a LineError for it.

    A line ends at LF, CR LF or a lone CR (old Mac and some spreadsheet exports), so a file
    with another convention is still read line by line, never as one line."""
    for number, raw in enumerate(_raw_lines(handle, chunk_bytes), start=1):
        if raw is None:
            yield number, LineError(f"line longer than {MAX_LINE_BYTES} bytes")
            continue
        yield number, decode_line(raw.removeprefix(_BOM) if number == 1 else raw)


def _raw_lines(handle: BinaryIO, chunk_bytes: int) -> Iterator[bytes | None]:
    """Each line's bytes without its break (None: longer than MAX_LINE_BYTES), read a
    bounded chunk at a time, so no line is held past its limit."""
    pending, overlong = b"", False
    while True:
        chunk = handle.read(chunk_bytes)
        data, start = pending + chunk, 0
        for found in _LINE_BREAK.finditer(data):
            if chunk and found.group() == b"\r" and found.end() == len(data):
                break  # the next chunk may start with the LF of a CR LF
            line = data[start : found.start()]
            yield None if overlong or len(line) > MAX_LINE_BYTES else line
            overlong, start = False, found.end()
        pending = data[start:]
        if len(pending) > MAX_LINE_BYTES + 1:
            overlong, pending = True, pending[-1:]  # keep a last CR: it may pair with an LF
        if not chunk:
            if pending or overlong:
                yield None if overlong else pending
            return


def decode_line(raw: bytes) -> str | LineError:
    """The line as UTF-8 text, or a LineError naming the first bad byte's column."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = raw[error.start : error.start + 1].hex()
        where = f"byte 0x{byte} at column {error.start + 1}"
        text = raw.decode("utf-8", errors="replace")
        return LineError(f"not UTF-8 text: {where} ({error.reason})", text)
