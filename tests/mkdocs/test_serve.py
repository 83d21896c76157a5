"""``kbgen serve`` writes nowhere in the project: it previews from a temporary folder."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.mkdocs.test_build_safety import copy_project, tree


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, deadline: float) -> str:
    """The body at ``url``, retrying until the server is up or the deadline passes."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            assert time.monotonic() < deadline, f"{url} never answered"
            time.sleep(0.2)


def test_serve_leaves_the_project_untouched(tmp_path: Path) -> None:
    """A live preview serves the site yet adds, changes and removes nothing in the project."""
    project = tmp_path / "proj"
    copy_project(project)
    before = tree(project)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kbgen", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        home = fetch(f"http://127.0.0.1:{port}/", time.monotonic() + 90)
        page = fetch(f"http://127.0.0.1:{port}/help/reset-password/", time.monotonic() + 10)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    assert "Tiny Help" in home
    assert "Reset your password" in page
    assert tree(project) == before
