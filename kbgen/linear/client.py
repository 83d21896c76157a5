"""LinearClient: one GraphQL request loop with bounded retries, and Relay pagination."""

from __future__ import annotations

import http.client
import logging
import math
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import requests
import urllib3

from kbgen.bounded_json import JsonLimitError, JsonLimits, JsonSyntaxError, loads_bounded
from kbgen.config.linear import DEFAULT_API_URL
from kbgen.linear import LOGGER_NAME
from kbgen.linear.errors import (
    KEY_VARIABLE,
    LinearAuthError,
    LinearDeadlineError,
    LinearNotFoundError,
    LinearRateLimitError,
    LinearResponseError,
    LinearUnavailableError,
)
from kbgen.linear.key import Redactor, check_api_key
from kbgen.linear.shapes import PAGE_INFO, check_shape
from kbgen.linear.transport import deadline, new_session
from kbgen.linear_data.sanitize import clean_text

log = logging.getLogger(LOGGER_NAME)

MAX_PAGES = 200
"""Pages per pull (all connections): 50,000 items at 250 a page, far below Linear's
5,000 requests an hour, so a looping or endless server cannot burn the key's budget."""
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
ANSWER_LIMITS = JsonLimits(max_bytes=MAX_RESPONSE_BYTES, max_depth=32, max_string=2_000_000)
_AUTH_CODES = {"AUTHENTICATION_ERROR", "FORBIDDEN"}
NOT_FOUND = "Entity not found"
"""How Linear's message starts when ``issue(id:)`` and its siblings know no such entity."""


@dataclass(frozen=True, slots=True)
class _Retry:
    """A failed attempt worth repeating after ``wait`` seconds (None: use the backoff)."""

    reason: str
    wait: float | None = None
    rate_limited: bool = False


class LinearClient:
    """Talks to Linear's GraphQL API; the key is sent in a header and shown nowhere else.

    Each request ends after ``timeout`` seconds of wall time; pass a ``session`` made by
    :func:`kbgen.linear.transport.new_session` to keep that bound. With ``pull_deadline``,
    everything the client does (requests, retries, waits, pages) ends that many seconds
    after it was made, with LinearDeadlineError.
    """

    def __init__(
        self,
        api_key: str,
        api_url: str = DEFAULT_API_URL,
        *,
        session: requests.Session | None = None,
        timeout: float = 30.0,
        max_retries: int = 5,
        backoff: float = 1.0,
        max_wait: float = 60.0,
        max_pages: int = MAX_PAGES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        pull_deadline: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        key = check_api_key(api_key)
        self._authorization = _authorization(key)
        self._redact = Redactor(key)
        self.api_url = api_url
        self._session = session or new_session()
        self._owns_session = session is None
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self._sleep = sleep
        self._clock = clock
        self.max_pages = max_pages
        self.requests_made = 0
        self.pages_read = 0
        self.pull_deadline = pull_deadline
        self._monotonic = monotonic
        self._ends_at = None if pull_deadline is None else monotonic() + pull_deadline

    def __repr__(self) -> str:
        return f"LinearClient(api_url={self.api_url!r})"

    def __enter__(self) -> LinearClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP session if this client created it."""
        if self._owns_session:
            self._session.close()

    def execute(self, query: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Run one GraphQL operation and return its ``data``, retrying transient failures."""
        payload = {"query": query, "variables": dict(variables or {})}
        for attempt in range(self.max_retries + 1):
            outcome = self._attempt(payload, self._request_seconds())
            if not isinstance(outcome, _Retry):
                return outcome
            if self._remaining() <= 0:
                raise self._deadline_passed()
            wait = outcome.wait if outcome.wait is not None else self.backoff * 2**attempt
            if attempt == self.max_retries or wait > self.max_wait:
                raise self._give_up(outcome, attempt + 1, wait)
            if wait >= self._remaining():
                raise self._deadline_passed()
            log.info(
                "Linear: %s; retrying in %.1f s (attempt %d of %d)",
                outcome.reason,
                wait,
                attempt + 2,
                self.max_retries + 1,
            )
            self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def paginate(
        self, query: str, variables: Mapping[str, Any], connection: str, page_size: int
    ) -> Iterator[list[dict[str, Any]]]:
        """Yield the nodes of every page of ``connection``, following cursors to the end."""
        after: str | None = None
        seen: set[str] = set()
        while True:
            if self.pages_read >= self.max_pages:
                raise LinearResponseError(
                    f"Linear pull stopped after {self.max_pages} pages (the limit per pull); "
                    "raise linear.page_size or narrow linear.teams"
                )
            data = self.execute(query, {**variables, "first": page_size, "after": after})
            self.pages_read += 1
            nodes, has_next, cursor = _connection_page(data, connection)
            yield nodes
            if not has_next:
                return
            if not cursor or cursor in seen:
                raise LinearResponseError(f"Linear's '{connection}' pagination did not advance")
            seen.add(cursor)
            after = cursor

    def _remaining(self) -> float:
        """Seconds left before the pull deadline (infinite without one)."""
        if self._ends_at is None:
            return math.inf
        return self._ends_at - self._monotonic()

    def _request_seconds(self) -> float:
        """The next request's wall-time bound: the timeout, or less when the deadline is near."""
        remaining = self._remaining()
        if remaining <= 0:
            raise self._deadline_passed()
        return min(self.timeout, remaining)

    def _deadline_passed(self) -> LinearDeadlineError:
        return LinearDeadlineError(
            f"the Linear pull did not finish within linear.pull_deadline_seconds "
            f"({self.pull_deadline:g} s; {self.pages_read} page(s) read in "
            f"{self.requests_made} request(s))"
        )

    def _attempt(self, payload: dict[str, Any], seconds: float) -> dict[str, Any] | _Retry:
        """One request, ended after ``seconds`` of wall time whatever the server does."""
        self.requests_made += 1
        headers = {
            "Authorization": self._authorization,
            "Content-Type": "application/json",
            "Accept-Encoding": "identity",
        }
        with deadline(seconds) as expired:
            try:
                response = self._session.post(
                    self.api_url,
                    json=payload,
                    headers=headers,
                    timeout=seconds,
                    stream=True,
                    allow_redirects=False,
                )
                try:
                    raw = _read_body(response)
                finally:
                    response.close()
            except _TRANSPORT_ERRORS as error:
                return self._transport_failure(error, expired(), seconds)
            if expired():
                return _Retry(f"no complete answer within {seconds:g} s")
        return self._read(response.status_code, response.headers, _parse_json(raw, self._redact))

    def _transport_failure(self, error: Exception, expired: bool, seconds: float) -> _Retry:
        """Timeouts and dropped connections are retried; a request that cannot be sent is not."""
        if expired or isinstance(error, requests.Timeout | urllib3.exceptions.TimeoutError):
            return _Retry(f"no complete answer within {seconds:g} s")
        if isinstance(error, _UNSENDABLE):
            reason = self._redact(str(error).splitlines()[0] if str(error) else "")[:200]
            raise LinearUnavailableError(
                f"cannot send a request to the Linear API at {self.api_url} "
                f"({type(error).__name__}: {reason})"
            )
        return _Retry("the connection failed or was dropped")

    def _read(
        self, status: int, response_headers: Mapping[str, str], body: object
    ) -> dict[str, Any] | _Retry:
        errors = _errors(body)
        codes = {code for code, _ in errors}
        if "RATELIMITED" in codes or status == 429:
            return _Retry("rate limited", self._reset_wait(response_headers), rate_limited=True)
        if status in (401, 403) or codes & _AUTH_CODES:
            raise LinearAuthError(
                f"Linear rejected the key in {KEY_VARIABLE} (HTTP {status}); "
                "check that it holds a valid personal API key with access to the workspace"
            )
        if status >= 500:
            return _Retry(f"Linear answered HTTP {status}")
        if 300 <= status < 400:
            raise LinearResponseError(
                f"Linear answered HTTP {status} (a redirect); kbgen does not follow redirects: "
                "set linear.api_url to the API's final address"
            )
        if errors:
            messages = "; ".join(message for _, message in errors)
            found_none = all(message.startswith(NOT_FOUND) for _, message in errors)
            error = LinearNotFoundError if found_none else LinearResponseError
            raise error(clean_text(f"Linear API error: {messages}", 500))
        data = body.get("data") if isinstance(body, dict) else None
        if status != 200 or not isinstance(data, dict):
            raise LinearResponseError(f"Linear answered HTTP {status} without data")
        return data

    def _reset_wait(self, headers: Mapping[str, str]) -> float | None:
        """Seconds until the server lets us retry: Retry-After, else the exhausted budget's reset.

        Linear sends its reset headers (epoch ms) on every answer; a reset only matters for
        a budget that is used up. None: no hint, so the caller backs off exponentially.
        """
        retry_after = _number(headers.get("Retry-After"))
        if retry_after is not None:
            return max(0.0, retry_after)
        for budget in ("Requests", "Complexity"):
            reset = _number(headers.get(f"X-RateLimit-{budget}-Reset"))
            remaining = _number(headers.get(f"X-RateLimit-{budget}-Remaining"))
            if reset is not None and (remaining is None or remaining <= 0):
                return max(0.0, reset / 1000 - self._clock())
        return None

    def _give_up(self, outcome: _Retry, attempts: int, wait: float) -> Exception:
        if outcome.rate_limited:
            return LinearRateLimitError(
                f"Linear is rate-limiting this key ({attempts} attempts; next retry allowed "
                f"in {wait:.0f} s); try again later"
            )
        return LinearUnavailableError(
            f"Linear API unavailable after {attempts} attempts: {outcome.reason}"
        )


_TRANSPORT_ERRORS = (
    requests.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
    ValueError,
    OverflowError,
)
_UNSENDABLE = (
    requests.exceptions.InvalidURL,
    requests.exceptions.InvalidSchema,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidHeader,
    requests.exceptions.URLRequired,
    ValueError,
    OverflowError,
)


def _read_body(response: requests.Response) -> bytes:
    """The whole body, read as it arrives (so the deadline can end it), bounded in size."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.raw.read1(65_536, decode_content=True):
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise LinearResponseError(
                f"Linear's answer is larger than {MAX_RESPONSE_BYTES // 2**20} MB; "
                "lower linear.page_size"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _parse_json(raw: bytes, redact: Redactor) -> object:
    """The JSON body with every string scrubbed of the key (None when not JSON).

    An answer that is JSON but out of bounds (nesting, string length, a number of hundreds
    of digits) is a LinearResponseError, never a traceback.
    """
    try:
        return redact.scrub(loads_bounded(raw, ANSWER_LIMITS))
    except JsonLimitError as error:
        raise LinearResponseError(f"Linear's answer is out of bounds: {error}") from None
    except JsonSyntaxError:
        return None


def _authorization(key: str) -> str:
    """Personal API keys go as-is; OAuth access tokens need the Bearer scheme."""
    if key.startswith("lin_oauth_"):
        return f"Bearer {key}"
    return key


def _errors(body: object) -> list[tuple[str | None, str]]:
    """(code, message) of every GraphQL error in a response body."""
    if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
        return []
    found = []
    for error in body["errors"]:
        if not isinstance(error, dict):
            continue
        extensions = error.get("extensions")
        code = extensions.get("code") if isinstance(extensions, dict) else None
        message = error.get("message")
        found.append(
            (
                code if isinstance(code, str) else None,
                message if isinstance(message, str) else "unknown error",
            )
        )
    return found


def _connection_page(
    data: Mapping[str, Any], name: str
) -> tuple[list[dict[str, Any]], bool, str | None]:
    """Nodes, hasNextPage and endCursor of one connection page, checked for shape."""
    connection = data.get(name)
    page = connection.get("pageInfo") if isinstance(connection, dict) else None
    nodes = connection.get("nodes") if isinstance(connection, dict) else None
    if not isinstance(page, dict) or not isinstance(nodes, list):
        raise LinearResponseError(f"Linear's answer lacks the '{name}' connection")
    check_shape(page, PAGE_INFO, f"{name}.pageInfo")
    check_shape(nodes, [{}], f"{name}.nodes")
    return nodes, page.get("hasNextPage") is True, page.get("endCursor")


def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None
