"""A local Linear API: HTTP on 127.0.0.1, Linear's schema run by graphql-core, faults on demand.

Behaviour modelled on Linear's documentation: personal keys in ``Authorization`` as-is;
RATELIMITED errors on HTTP 400 with ``X-RateLimit-Requests-Reset`` (epoch ms); "Query too
complex" over 10,000 points; invalid arguments as HTTP 200 with ``data: null`` and ``errors``.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, execute, parse, validate

from .resolvers import ISSUE_FIELDS, LABEL_FIELDS, PROJECT_FIELDS, Nodes
from .schema import MAX_COMPLEXITY, complexity, linear_schema
from .workspace import Workspace

REQUEST_LIMIT = 5_000


@dataclass(frozen=True)
class Fault:
    """One injected failure.

    kind is ratelimited | status | slow | drop | echo | trickle | redirect | mutate | endless.
    """

    kind: str
    status: int = 500
    seconds: float = 0.0  # slow: delay; ratelimited: reset in; 429: Retry-After; trickle: gap
    phase: str = "body"  # trickle: 'headers' or 'body'
    transform: Callable[[dict[str, Any]], Any] | None = None  # mutate: the answer to send

    @classmethod
    def ratelimited(cls, reset_in: float = 0.05, status: int = 400) -> Fault:
        return cls("ratelimited", status=status, seconds=reset_in)

    @classmethod
    def http(cls, status: int, retry_after: float | None = None) -> Fault:
        return cls("status", status=status, seconds=retry_after or 0.0)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        return cls("slow", seconds=seconds)

    @classmethod
    def drop(cls) -> Fault:
        return cls("drop")

    @classmethod
    def echo(cls, status: int = 400) -> Fault:
        """An error message quoting the Authorization header: as sent, cased, cut short."""
        return cls("echo", status=status)

    @classmethod
    def trickle(cls, every: float, phase: str = "body") -> Fault:
        """Send the real answer one byte every ``every`` seconds (status line on, or body)."""
        return cls("trickle", status=200, seconds=every, phase=phase)

    @classmethod
    def redirect(cls, status: int = 307) -> Fault:
        """Redirect to the same URL: followed blindly, a loop."""
        return cls("redirect", status=status)

    @classmethod
    def endless(cls, seconds: float = 0.0) -> Fault:
        """Answer after ``seconds`` with an empty page that always has a next one (a new
        cursor each time): pagination that never ends, as a broken or hostile server."""
        return cls("endless", status=200, seconds=seconds)

    @classmethod
    def mutate(cls, transform: Callable[[dict[str, Any]], Any]) -> Fault:
        """Compute the real answer, then send ``transform(answer)`` instead."""
        return cls("mutate", status=200, transform=transform)


@dataclass
class RecordedRequest:
    number: int
    operation: str | None
    variables: dict[str, Any]
    authorization: str | None
    status: int = 0
    complexity: int | None = None
    errors: list[str] = field(default_factory=list)


class LinearEmulator:
    """Start with ``with LinearEmulator(workspace, api_key) as emulator:``; use ``emulator.url``."""

    def __init__(self, workspace: Workspace, api_key: str, auth_status: int = 400) -> None:
        linear_schema()  # parse the schema now, not inside the first (timed) request
        self.workspace = workspace
        self.api_key = api_key
        self.auth_status = auth_status
        self.faults: dict[int, Fault] = {}  # request number (1-based) -> fault
        self.outage: Fault | None = None  # applied to every request while set
        self.ignore_filters = False  # serve everything, as a buggy or changed API might
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = False
        self._server.block_on_close = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/graphql"

    def __enter__(self) -> LinearEmulator:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def queue(self, *faults: Fault) -> None:
        """Apply these faults to the next requests, one each, in order."""
        with self._lock:
            start = max([len(self.requests), *self.faults]) + 1
            for offset, fault in enumerate(faults):
                self.faults[start + offset] = fault

    @property
    def valid_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.status == 200 and not r.errors]

    def _record(self, body: dict[str, Any], authorization: str | None) -> RecordedRequest:
        with self._lock:
            record = RecordedRequest(
                number=len(self.requests) + 1,
                operation=body.get("operationName") or _operation_name(body.get("query")),
                variables=body.get("variables") or {},
                authorization=authorization,
            )
            self.requests.append(record)
            return record

    def _fault(self, number: int) -> Fault | None:
        with self._lock:
            return self.faults.pop(number, None) or self.outage

    def _answer(self, record: RecordedRequest, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if record.authorization != self.api_key:
            return self.auth_status, _error(
                "Authentication required, not authenticated", "AUTHENTICATION_ERROR"
            )
        try:
            document = parse(body.get("query") or "")
        except GraphQLError as error:
            return 400, _error(error.message, "GRAPHQL_PARSE_FAILED")
        problems = validate(linear_schema(), document)
        if problems:
            return 400, {"errors": [p.formatted for p in problems]}
        variables = body.get("variables") or {}
        record.complexity = complexity(document, variables)
        if record.complexity > MAX_COMPLEXITY:
            return 400, _error("Query too complex", "INVALID_INPUT")
        result = execute(
            linear_schema(), document, root_value=_Root(self), variable_values=variables
        )
        answer: dict[str, Any] = {"data": result.data}
        if result.errors:
            answer["errors"] = [error.formatted for error in result.errors]
        return 200, answer


class _Root:
    """Query fields the emulator serves."""

    def __init__(self, emulator: LinearEmulator) -> None:
        ws = emulator.workspace
        nodes = Nodes(ws, emulator.ignore_filters)
        self.issues = lambda info, **a: nodes.page(
            _ordered(ws.issues), a, nodes.issue, ISSUE_FIELDS
        )
        self.projects = lambda info, **a: nodes.page(
            _ordered(ws.projects), a, nodes.project, PROJECT_FIELDS
        )
        self.issue = lambda info, id: nodes.issue(_issue_or_error(ws, id))
        self.teams = lambda info, **a: nodes.page(ws.teams, a, nodes.team)
        self.issueLabels = lambda info, **a: nodes.page(
            ws.issue_labels, a, nodes.label, LABEL_FIELDS
        )
        self.projectLabels = lambda info, **a: nodes.page(
            ws.project_labels, a, nodes.label, LABEL_FIELDS
        )
        self.organization = {"id": "org-1", "name": ws.name, "urlKey": "tallyflow"}
        self.viewer = nodes.user(ws.users[0])
        remaining = REQUEST_LIMIT - len(emulator.requests)
        self.rateLimitStatus = {
            "identifier": None,
            "kind": "api key",
            "limits": [
                {
                    "type": "requestLimit",
                    "allowedAmount": REQUEST_LIMIT,
                    "period": 3_600_000,
                    "remainingAmount": remaining,
                    "requestedAmount": 1,
                    "reset": (time.time() + 3600) * 1000,
                },
                {
                    "type": "complexityLimit",
                    "allowedAmount": 3_000_000,
                    "period": 3_600_000,
                    "remainingAmount": 2_990_000,
                    "requestedAmount": 171,
                    "reset": (time.time() + 3600) * 1000,
                },
            ],
        }


def _issue_or_error(ws: Workspace, reference: str) -> Any:
    """Linear's ``issue(id:)``: by id, identifier or previous identifier, else its error."""
    issue = ws.find_issue(reference)
    if issue is None:
        raise GraphQLError(
            "Entity not found: Issue",
            extensions={
                "type": "invalid input",
                "code": "INVALID_INPUT",
                "userError": True,
                "userPresentableMessage": "Could not find referenced Issue.",
            },
        )
    return issue


def _ordered(records: list[Any]) -> list[Any]:
    """Linear's default order: creation time, then id for ties."""
    return sorted(records, key=lambda record: (record.created_at, record.id))


def _never_ending(answer: dict[str, Any], number: int) -> dict[str, Any]:
    """Every connection in ``answer`` empty, with a next page behind a fresh cursor."""
    data = answer.get("data")
    for connection in (data or {}).values():
        if isinstance(connection, dict) and "pageInfo" in connection:
            connection["nodes"] = []
            connection["pageInfo"] = {"hasNextPage": True, "endCursor": f"endless-{number}"}
    return answer


def _error(message: str, code: str) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


def _operation_name(query: object) -> str | None:
    try:
        document = parse(str(query))
    except GraphQLError:
        return None
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and definition.name:
            return definition.name.value
    return None


def _handler(emulator: LinearEmulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw)
            except ValueError:
                body = {}
            record = emulator._record(body, self.headers.get("Authorization"))
            fault = emulator._fault(record.number)
            if fault and fault.kind == "drop":
                record.status = -1
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            if fault and fault.kind in ("slow", "endless"):
                emulator._stopping.wait(fault.seconds)
            if fault and fault.kind == "endless":
                body = {**body, "variables": {**(body.get("variables") or {}), "after": None}}
            if fault and fault.kind in ("ratelimited", "status", "echo", "redirect"):
                self._send_fault(record, fault)
                return
            status, answer = emulator._answer(record, body)
            if fault and fault.kind == "mutate" and fault.transform:
                answer = fault.transform(answer)
            if fault and fault.kind == "endless":
                answer = _never_ending(answer, record.number)
            errors = answer.get("errors") if isinstance(answer, dict) else None
            record.errors = [str(e) for e in errors or []]
            if fault and fault.kind == "trickle":
                self._trickle(record, status, answer, fault)
                return
            self._send(record, status, answer)

        def _trickle(self, record: RecordedRequest, status: int, answer: Any, fault: Fault) -> None:
            record.status = status
            data = json.dumps(answer).encode("utf-8")
            head = (
                f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(data)}\r\n\r\n"
            ).encode("ascii")
            if fault.phase == "body":
                self.wfile.write(head)
                self.wfile.flush()
            slow = head + data if fault.phase == "headers" else data
            try:
                for index in range(len(slow)):
                    self.wfile.write(slow[index : index + 1])
                    self.wfile.flush()
                    if emulator._stopping.wait(fault.seconds):
                        break
            except OSError:
                pass  # the client gave up, as it should
            self.close_connection = True

        def _send_fault(self, record: RecordedRequest, fault: Fault) -> None:
            headers = {}
            authorization = self.headers.get("Authorization") or ""
            if fault.kind == "echo":
                echoed = (
                    f"Invalid key {authorization} ({authorization.upper()}); "
                    f"starts {authorization[:16]}, ends {authorization[-12:].lower()}"
                )
                answer = {"errors": [{"message": echoed, "extensions": {"code": "BAD"}}]}
            elif fault.kind == "redirect":
                headers["Location"] = emulator.url
                answer = {"errors": [{"message": f"moved {authorization}"}]}
            elif fault.kind == "ratelimited":
                headers["X-RateLimit-Requests-Remaining"] = "0"
                headers["X-RateLimit-Requests-Reset"] = str(
                    int((time.time() + fault.seconds) * 1000)
                )
                answer = _error("Rate limit exceeded", "RATELIMITED")
            else:
                answer = {"errors": [{"message": f"HTTP {fault.status}"}]}
                if fault.seconds:
                    headers["Retry-After"] = f"{fault.seconds:g}"
            record.errors = [answer["errors"][0]["message"]]
            self._send(record, fault.status, answer, headers)

        def _send(
            self,
            record: RecordedRequest,
            status: int,
            answer: dict[str, Any],
            extra: dict[str, str] | None = None,
        ) -> None:
            record.status = status
            data = json.dumps(answer).encode("utf-8")
            headers = {
                "Content-Type": "application/json",
                "Content-Length": str(len(data)),
                "X-RateLimit-Requests-Limit": str(REQUEST_LIMIT),
                "X-RateLimit-Requests-Remaining": str(max(0, REQUEST_LIMIT - record.number)),
                "X-RateLimit-Requests-Reset": str(int((time.time() + 3600) * 1000)),
                **(extra or {}),
            }
            if record.complexity is not None:
                headers["X-Complexity"] = str(record.complexity)
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to answer

    return Handler
