"""The browser suite's harness: local static servers and watched Chromium pages.

Chromium is Debian's (``KBGEN_CHROMIUM``, default ``/usr/bin/chromium``), driven by Playwright.
Every page a test opens is watched: console errors, failed requests, dialogs and any request
to a host other than the local servers make the test fail. Requests to other hosts are also
aborted, so a faulty page can never reach the network.

Pages that send keepalive beacons as they go (``fetch(..., {keepalive: true})``) are opened
with ``intercept=False`` in a browser launched with LOOPBACK_ONLY: Playwright's request
interception loses some keepalive requests, so there the resolver keeps other hosts out.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Route

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("KBGEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
LOOPBACK_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
"""A launch argument: every host name but 127.0.0.1 fails to resolve, without interception."""
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
VIEWPORTS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
"""The sizes a reader meets the site at (issue 20): a laptop and a phone (touch), as
``open_tab`` options."""
SCHEMES = ("light", "dark")
TIMEOUT_MS = 10_000
_LOCAL_SCHEMES = ("data", "blob", "about")


class _StaticHandler(SimpleHTTPRequestHandler):
    """Serves a folder; sends CORS headers as a static host like GitHub Pages does."""

    cors = True

    def end_headers(self) -> None:
        if self.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the watch records what matters."""


class LoopbackServer:
    """A threaded HTTP server on a free 127.0.0.1 port, serving while the ``with`` lasts."""

    def __init__(self, handler: Any) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class StaticServer(LoopbackServer):
    """One folder served on 127.0.0.1."""

    def __init__(self, root: Path, cors: bool = True) -> None:
        handler = type("Handler", (_StaticHandler,), {"cors": cors})
        super().__init__(partial(handler, directory=root))

    def url(self, path: str = "") -> str:
        """Absolute URL of a site path such as ``roadmap/``."""
        return f"{self.origin}/{path.lstrip('/')}"


@dataclass
class PageWatch:
    """Everything that went wrong in one browser context, as readable lines."""

    origins: set[str]
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    pending: set[Any] = field(default_factory=set)
    reported: int = 0
    navigations: int = 0
    """Document requests so far: a fetch still in flight when its page navigates on is
    aborted by Chromium (the reader's doing, not the site's)."""
    started_at: dict[Any, int] = field(default_factory=dict)
    unload_beacons: set[str] = field(default_factory=set)
    """URLs of keepalive beacons a test sends as the page navigates away: the page stops
    watching them (Chromium reports ERR_ABORTED) while the browser still delivers them, so
    the test checks their arrival at the receiving server instead."""

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in _LOCAL_SCHEMES or f"{parts.scheme}://{parts.netloc}" in self.origins

    def attach(self, context: BrowserContext, intercept: bool = True) -> None:
        if intercept:
            context.route(lambda url: not self.is_local(url), self._block)
        context.on("request", self._request)
        context.on("requestfailed", self._failed)
        context.on("requestfinished", lambda request: self.pending.discard(request))
        context.on("response", self._response)
        context.on("page", self.attach_page)

    def attach_page(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("dialog", self._dialog)

    def assert_clean(self) -> None:
        """Fail on problems not reported yet (so a teardown check does not repeat a failure)."""
        new, self.reported = self.problems[self.reported :], len(self.problems)
        assert new == [], "\n".join(new)
        assert self.dialogs == [], f"dialogs fired: {self.dialogs}"

    def _request(self, request: Any) -> None:
        self.requests.append(request.url)
        self.pending.add(request)
        if request.is_navigation_request():
            self.navigations += 1
        self.started_at[request] = self.navigations
        if not self.is_local(request.url):
            self.problems.append(f"request to another host: {request.url}")

    def _failed(self, request: Any) -> None:
        self.pending.discard(request)
        if request.failure == "net::ERR_ABORTED" and request.url.endswith("/favicon.png"):
            return  # Chromium cancels its favicon fetch when the page navigates on: not a fault
        if request.failure == "net::ERR_ABORTED" and self.left_during(request):
            return
        if request.failure == "net::ERR_ABORTED" and request.url in self.unload_beacons:
            return
        self.problems.append(f"failed: {request.url} {request.failure}")

    def left_during(self, request: Any) -> bool:
        """True when the page navigated on after ``request`` started (not a navigation itself)."""
        started = self.started_at.get(request, self.navigations)
        return not request.is_navigation_request() and self.navigations > started

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text} ({message.location})")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    @staticmethod
    def _block(route: Route) -> None:
        route.abort("blockedbyclient")


@dataclass
class Tab:
    """A watched page: ``visit`` opens a site path and checks the watch right away."""

    page: Page
    watch: PageWatch
    server: StaticServer

    def visit(self, path: str = "") -> Page:
        self.page.goto(self.server.url(path), wait_until="load")
        self.watch.assert_clean()
        return self.page

    def settle(self, quiet_ms: int = 150, limit_ms: int = 5_000) -> None:
        """Wait until no request has been in flight for ``quiet_ms`` (faster than networkidle)."""
        self.page.wait_for_load_state("load")
        quiet = waited = 0
        while quiet < quiet_ms and waited < limit_ms:
            self.page.wait_for_timeout(25)
            waited += 25
            quiet = 0 if self.watch.pending else quiet + 25

    def finish(self) -> None:
        """Let late requests (search index, worker) land, then check once more."""
        self.settle()
        self.watch.assert_clean()


def open_tab(
    browser: Browser, server: StaticServer, *others: str, intercept: bool = True, **options: Any
) -> Tab:
    """A new isolated context and page, watched, allowed to talk to ``server`` (and ``others``).

    ``intercept=False`` only records requests to other hosts (each still fails the test): for a
    browser launched with LOOPBACK_ONLY, whose resolver already keeps them off the network.
    """
    context = browser.new_context(**{"viewport": DESKTOP, **options})
    context.set_default_timeout(TIMEOUT_MS)
    watch = PageWatch({server.origin, *others})
    watch.attach(context, intercept)
    return Tab(context.new_page(), watch, server)
