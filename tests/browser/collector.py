"""A local events collector on 127.0.0.1: what a site owner's ``analytics.endpoint`` receives.

It records every request (method, path, headers, body) and answers POSTs with 204, as an
analytics endpoint would. ``GET /support`` serves a tiny page standing in for the support
portal, so a reader following the support link stays on loopback.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.browser.harness import LoopbackServer

SUPPORT_PAGE = (
    b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Support</title>'
    b'<link rel="icon" href="data:,"></head><body><main><h1>Support</h1></main></body></html>'
)


@dataclass(frozen=True)
class Received:
    """One request the collector got."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body.decode("utf-8"))


class Collector(LoopbackServer):
    """A loopback HTTP server recording what it is sent."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self, body: bytes = b"") -> None:
                headers = {key.lower(): value for key, value in self.headers.items()}
                collector.received.append(Received(self.command, self.path, headers, body))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self._record(self.rfile.read(length))
                self.send_response(204)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()

            def do_GET(self) -> None:
                self._record()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(SUPPORT_PAGE)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        super().__init__(Handler)

    def events(self) -> list[dict[str, Any]]:
        """The JSON events POSTed so far, in arrival order."""
        return [item.json() for item in self.received if item.method == "POST"]

    def wait_for(self, name: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The events named ``name``, once at least ``count`` arrived (or the timeout passed)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [event for event in self.events() if event.get("event") == name]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)
