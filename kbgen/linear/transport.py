"""HTTP for the Linear client: a session whose every request ends by a wall-clock deadline.

A socket timeout bounds each read, not a whole answer: a server trickling one byte a
second never trips it. Connections made through :func:`new_session` register their socket for
the calling thread; :func:`deadline` shuts that socket down when time is up, which ends
any blocking connect, TLS handshake, header or body read at once.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


@dataclass
class _Watch:
    """A thread's last connected socket (kept across reused connections) and its deadline."""

    sock: socket.socket | None = None
    round: int = 0  # which deadline is running; a late timer must not cut the next request
    expired: bool = False

    def cut(self) -> None:
        if self.sock is not None:
            with suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)


_WATCHES: dict[int, _Watch] = {}
_LOCK = threading.Lock()


def _watch() -> _Watch:
    return _WATCHES.setdefault(threading.get_ident(), _Watch())


class _Watched:
    """Mixin for urllib3 connections: tell the thread's watch about each new socket.

    Registered as soon as TCP connects, so a TLS handshake can be cut too.
    """

    def _new_conn(self) -> socket.socket:
        sock: socket.socket = super()._new_conn()  # type: ignore[misc]
        with _LOCK:
            watch = _watch()
            watch.sock = sock
            if watch.expired:
                watch.cut()
        return sock


class _HTTPConnection(_Watched, HTTPConnection):
    pass


class _HTTPSConnection(_Watched, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _WatchedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}


def new_session() -> requests.Session:
    """A requests session whose connections :func:`deadline` can cut."""
    made = requests.Session()
    adapter = _WatchedAdapter()
    made.mount("http://", adapter)
    made.mount("https://", adapter)
    return made


@contextmanager
def deadline(seconds: float) -> Iterator[Callable[[], bool]]:
    """Within the block, this thread's connection is cut after ``seconds``; yields 'expired?'."""
    with _LOCK:
        watch = _watch()
        watch.round += 1
        watch.expired = False
        mine = watch.round

    def expire() -> None:
        with _LOCK:
            if watch.round == mine:
                watch.expired = True
                watch.cut()

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield lambda: watch.expired and watch.round == mine
    finally:
        timer.cancel()
        with _LOCK:
            watch.round += 1
            watch.expired = False
