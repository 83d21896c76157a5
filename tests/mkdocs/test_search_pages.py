"""Reading Pagefind's fragments back: a readable one is its JSON, an unreadable one a build
error naming the file (never a traceback)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from kbgen.errors import BuildError
from kbgen.mkdocs.search_pages import read_fragment, read_fragments

FRAGMENT = {"url": "/billing/refunds/", "content": "Refund steps.", "meta": {"title": "Refunds"}}


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_fragment_is_read_after_its_signature(tmp_path: Path) -> None:
    """Pagefind's signature, then JSON, gzipped: the JSON comes back, keyed by URL."""
    payload = b"pagefind_dcd" + json.dumps(FRAGMENT).encode()
    write(tmp_path / "fragment" / "en_abc123.pf_fragment", gzip.compress(payload))
    assert read_fragments(tmp_path) == {"/billing/refunds/": ("en_abc123", FRAGMENT)}


@pytest.mark.parametrize(
    "data",
    [
        b"",  # created, not yet written
        gzip.compress(b"pagefind_dcd" + json.dumps(FRAGMENT).encode())[:20],  # cut short
        gzip.compress(b"pagefind_dcd"),  # no JSON
        gzip.compress(b'pagefind_dcd{"url": 5}'),  # JSON without a URL
        b"not gzip at all",
    ],
    ids=["empty", "cut", "no json", "no url", "not gzip"],
)
def test_an_unreadable_fragment_is_a_build_error_naming_it(tmp_path: Path, data: bytes) -> None:
    """After its retries, the build fails with the fragment's path, not a traceback."""
    path = write(tmp_path / "en_bad.pf_fragment", data)
    with pytest.raises(
        BuildError, match=re.escape("en_bad.pf_fragment: Pagefind wrote a search fragment")
    ):
        read_fragment(path, attempts=2)
