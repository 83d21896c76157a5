"""LinearClient against the local emulator: auth, bounded retries, errors, pagination."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator

import pytest
from linear_emulator import TEST_KEY, Fault, LinearEmulator

from kbgen.linear.client import LinearClient
from kbgen.linear.errors import (
    LinearAuthError,
    LinearRateLimitError,
    LinearResponseError,
    LinearUnavailableError,
)

PING = "query Ping { organization { name } }"
ISSUES = """query Page($first: Int!, $after: String) {
  issues(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { identifier } }
}"""


class Sleeps(list):
    """Records requested waits and sleeps briefly, so reset times do pass."""

    def __call__(self, seconds: float) -> None:
        import time

        self.append(seconds)
        time.sleep(min(seconds, 0.3))


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def client(emulator: LinearEmulator, sleeps: Sleeps) -> Iterator[LinearClient]:
    with LinearClient(
        TEST_KEY, emulator.url, timeout=0.5, max_retries=3, backoff=0.01, sleep=sleeps
    ) as running:
        yield running


def test_personal_key_is_sent_as_is(client: LinearClient, emulator: LinearEmulator) -> None:
    """Personal API keys go in Authorization without a scheme."""
    assert client.execute(PING) == {"organization": {"name": "Tallyflow"}}
    assert emulator.requests[0].authorization == TEST_KEY


def test_oauth_token_uses_bearer(emulator: LinearEmulator) -> None:
    """OAuth access tokens are sent with the Bearer scheme."""
    with LinearClient("lin_oauth_abc", emulator.url) as oauth, pytest.raises(LinearAuthError):
        oauth.execute(PING)
    assert emulator.requests[0].authorization == "Bearer lin_oauth_abc"


def test_ratelimited_answer_waits_for_the_reset(
    client: LinearClient, emulator: LinearEmulator, sleeps: Sleeps
) -> None:
    """HTTP 400 RATELIMITED is retried after X-RateLimit-Requests-Reset, not the backoff."""
    emulator.queue(Fault.ratelimited(reset_in=0.2))
    assert client.execute(PING)
    assert len(emulator.requests) == 2 and 0.1 < sleeps[0] <= 0.2


def test_429_honours_retry_after(
    client: LinearClient, emulator: LinearEmulator, sleeps: Sleeps
) -> None:
    """A plain 429 with Retry-After waits that long."""
    emulator.queue(Fault.http(429, retry_after=0.05))
    assert client.execute(PING)
    assert sleeps == [0.05]


def test_ratelimited_on_429_with_code_is_retried(
    client: LinearClient, emulator: LinearEmulator
) -> None:
    """RATELIMITED may also come with HTTP 429."""
    emulator.queue(Fault.ratelimited(reset_in=0.01, status=429))
    assert client.execute(PING)
    assert len(emulator.requests) == 2


def test_server_errors_are_retried(client: LinearClient, emulator: LinearEmulator) -> None:
    """500, 502 and 503 are transient: retried with backoff."""
    emulator.queue(Fault.http(500), Fault.http(502), Fault.http(503))
    assert client.execute(PING)
    assert [r.status for r in emulator.requests] == [500, 502, 503, 200]


def test_timeouts_are_retried(client: LinearClient, emulator: LinearEmulator) -> None:
    """A slow answer past the timeout is abandoned and retried."""
    emulator.queue(Fault.slow(1.5))
    assert client.execute(PING) == {"organization": {"name": "Tallyflow"}}
    assert len(emulator.requests) == 2


def test_dropped_connections_are_retried(client: LinearClient, emulator: LinearEmulator) -> None:
    """A connection closed without an answer is retried."""
    emulator.queue(Fault.drop(), Fault.drop())
    assert client.execute(PING)
    assert len(emulator.requests) == 3


def test_retries_are_bounded(
    client: LinearClient, emulator: LinearEmulator, sleeps: Sleeps
) -> None:
    """An outage ends in LinearUnavailableError after max_retries + 1 attempts."""
    emulator.outage = Fault.http(503)
    with pytest.raises(LinearUnavailableError, match="after 4 attempts: Linear answered HTTP 503"):
        client.execute(PING)
    assert len(emulator.requests) == 4
    assert sleeps == [0.01, 0.02, 0.04]


def test_distant_rate_limit_reset_fails_without_waiting(
    client: LinearClient, emulator: LinearEmulator, sleeps: Sleeps
) -> None:
    """A reset an hour away is beyond the wait budget: fail now, say so."""
    emulator.queue(Fault.ratelimited(reset_in=3600))
    with pytest.raises(LinearRateLimitError, match="rate-limiting"):
        client.execute(PING)
    assert sleeps == [] and len(emulator.requests) == 1


@pytest.mark.parametrize("status", [400, 401])
def test_auth_failure_names_the_variable_never_the_key(
    emulator: LinearEmulator, status: int
) -> None:
    """A rejected key is reported as LINEAR_API_KEY; the key itself appears nowhere."""
    emulator.auth_status = status
    wrong = "lin_api_WRONGKEY987654321zzz"
    with LinearClient(wrong, emulator.url) as client, pytest.raises(LinearAuthError) as caught:
        client.execute(PING)
    assert "LINEAR_API_KEY" in str(caught.value)
    assert wrong not in str(caught.value) and wrong not in repr(caught.value)
    assert len(emulator.requests) == 1  # not retried


def test_repr_hides_the_key(client: LinearClient) -> None:
    """The client's repr shows the endpoint only."""
    assert TEST_KEY not in repr(client) and "127.0.0.1" in repr(client)


def test_empty_key_is_refused() -> None:
    """An empty LINEAR_API_KEY is an auth error before any request."""
    with pytest.raises(LinearAuthError, match="LINEAR_API_KEY is empty"):
        LinearClient("  ")


def test_errors_on_http_200_are_raised(client: LinearClient) -> None:
    """Invalid arguments come back as HTTP 200 with data null and errors: still an error."""
    with pytest.raises(LinearResponseError, match="first must be between"):
        client.execute("query { issues(first: 300) { nodes { identifier } } }")


def test_invalid_query_is_rejected(client: LinearClient, emulator: LinearEmulator) -> None:
    """A field missing from Linear's schema fails validation, and is not retried."""
    with pytest.raises(LinearResponseError, match="Cannot query field 'secretField'"):
        client.execute("query { organization { secretField } }")
    assert len(emulator.requests) == 1


def test_too_complex_query_is_rejected(client: LinearClient) -> None:
    """Unbounded nested connections exceed 10,000 points and are refused."""
    query = """query { issues(first: 250) {
      nodes { labels { nodes { name } } children { nodes { id } } } } }"""
    with pytest.raises(LinearResponseError, match="Query too complex"):
        client.execute(query)


def test_pagination_follows_every_cursor(client: LinearClient, emulator: LinearEmulator) -> None:
    """All issues arrive, one request per page, in order and without repeats."""
    pages = list(client.paginate(ISSUES, {}, "issues", 7))
    identifiers = [node["identifier"] for page in pages for node in page]
    total = len([i for i in emulator.workspace.issues if i.archived_at is None])
    assert len(identifiers) == len(set(identifiers)) == total
    assert len(emulator.requests) == math.ceil(total / 7) == client.requests_made


def test_retry_logs_never_show_the_key(
    client: LinearClient, emulator: LinearEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Retry messages are logged without the key."""
    emulator.queue(Fault.http(503), Fault.drop())
    with caplog.at_level(logging.DEBUG):
        client.execute(PING)
    assert "retrying" in caplog.text and TEST_KEY not in caplog.text
