"""The emulator itself: it must be as strict as Linear, or the other tests prove little."""

from __future__ import annotations

from typing import Any

import requests
from linear_emulator import TEST_KEY, LinearEmulator


def post(
    emulator: LinearEmulator,
    query: str,
    variables: dict[str, Any] | None = None,
    key: str = TEST_KEY,
) -> requests.Response:
    with requests.Session() as session:
        return session.post(
            emulator.url,
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": key},
            timeout=5,
        )


def test_queries_outside_the_schema_fail(emulator: LinearEmulator) -> None:
    """A field Linear does not have is a validation error (HTTP 400)."""
    answer = post(emulator, "{ issues(first: 1) { nodes { secret } } }")
    assert answer.status_code == 400 and "Cannot query field 'secret'" in answer.text


def test_unbounded_nested_connections_are_too_complex(emulator: LinearEmulator) -> None:
    """Nested connections without first count 50 each and push the score over 10,000."""
    query = (
        "{ issues(first: 100) { nodes { labels { nodes { name } } comments { nodes { body } } } } }"
    )
    answer = post(emulator, query)
    assert (
        answer.status_code == 400 and answer.json()["errors"][0]["message"] == "Query too complex"
    )


def test_invalid_arguments_answer_200_with_errors(emulator: LinearEmulator) -> None:
    """first over 250: HTTP 200, data null, errors — as Linear does."""
    answer = post(emulator, "{ issues(first: 251) { nodes { id } } }")
    assert answer.status_code == 200 and answer.json()["data"] is None and answer.json()["errors"]


def test_cursor_pagination_is_real(emulator: LinearEmulator) -> None:
    """first/after walk the whole list with no overlap and hasNextPage false at the end."""
    query = """query($after: String) { teams(first: 2, after: $after) {
      nodes { key } pageInfo { hasNextPage endCursor } } }"""
    keys, after = [], None
    while True:
        page = post(emulator, query, {"after": after}).json()["data"]["teams"]
        keys += [node["key"] for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert keys == ["ENG", "WEB", "MOB", "FIN", "SEC"]


def test_filters_are_applied(emulator: LinearEmulator) -> None:
    """Label filters match exact names; decoys do not match."""
    query = '{ issueLabels(first: 50, filter: { name: { eq: "Public" } }) { nodes { name } } }'
    names = [n["name"] for n in post(emulator, query).json()["data"]["issueLabels"]["nodes"]]
    assert names == ["Public", "Public"]  # workspace label and a team-scoped twin


def test_unmodelled_filters_fail_loudly(emulator: LinearEmulator) -> None:
    """A filter the emulator does not model is an error, never a silent match-all."""
    query = "{ issues(first: 5, filter: { priority: { eq: 1 } }) { nodes { id } } }"
    assert "not modelled" in post(emulator, query).text


def test_wrong_key_is_an_authentication_error(emulator: LinearEmulator) -> None:
    """Linear answers AUTHENTICATION_ERROR for a bad key."""
    answer = post(emulator, "{ viewer { id } }", key="lin_api_nope")
    assert answer.json()["errors"][0]["extensions"]["code"] == "AUTHENTICATION_ERROR"


def test_requests_are_recorded(emulator: LinearEmulator) -> None:
    """Each request is recorded with its operation name, status and complexity."""
    post(emulator, "query Ping { organization { name } }")
    (record,) = emulator.requests
    assert (record.operation, record.status, record.complexity) == ("Ping", 200, 2)
