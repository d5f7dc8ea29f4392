"""Slow and greedy clients: deadlines, a connection cap below the fd limit, quiet accept errors.

Without these, a thousand half-open connections (a client that opens a socket and never
finishes its request) held every file descriptor, so honest clients could not connect, and
each refused ``accept()`` logged a full traceback. Now:

* a connection that has not sent a complete request head within ``header_seconds`` (30 s by
  default, :class:`~wialon_mock.config.MockConfig`), or stays idle that long between
  requests, is closed (aiohttp's keep-alive timer, which in aiohttp 3.14 also runs from the
  moment a connection opens);
* a request body must arrive within ``body_seconds`` (60 s; enforced where it is read);
* at start the soft limit on open files is raised towards the hard one, and connections beyond
  :func:`connection_cap` of it are closed at once, so the server itself never runs out;
* the event loop's "out of system resource" accept errors become one line per
  :data:`ACCEPT_LOG_SECONDS`, without traceback, saying how many were folded into it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from aiohttp import web

__all__ = [
    "ACCEPT_LOG_SECONDS",
    "cap_connections",
    "connection_cap",
    "quiet_accept_errors",
    "raise_fd_limit",
]

logger = logging.getLogger(__name__)

#: one accept-error line at most per this many seconds
ACCEPT_LOG_SECONDS = 10.0
#: the soft limit is not raised past this (a dev server needs no more)
FD_TARGET = 65536
#: descriptors kept free for files, the listening sockets and the interpreter itself
FD_RESERVE = 64


def raise_fd_limit(target: int = FD_TARGET) -> int:
    """Raise the soft limit on open files towards ``target`` (never past the hard limit).

    Returns the soft limit now in force, or 0 where the platform has no such limit.
    """
    try:
        import resource
    except ImportError:  # Windows
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = target if hard == resource.RLIM_INFINITY else min(target, hard)
    if soft != resource.RLIM_INFINITY and soft < want:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
            soft = want
        except (ValueError, OSError):
            logger.debug("could not raise the open-file limit from %d", soft)
    return int(soft) if soft != resource.RLIM_INFINITY else target


def connection_cap(soft_limit: int) -> int:
    """How many client connections to keep open at most under a soft fd limit."""
    if soft_limit <= 0:
        return 0
    return max(16, soft_limit - max(FD_RESERVE, soft_limit // 8))


class _CappedServer(web.Server):
    """aiohttp's connection manager, closing connections past its cap at once."""

    max_connections = 0

    def connection_made(self, handler: Any, transport: asyncio.Transport) -> None:
        super().connection_made(handler, transport)
        if self.max_connections and len(self._connections) > self.max_connections:
            # the client sees its connection close before any byte; those already being
            # served go on, and the server keeps descriptors for its own needs
            transport.abort()


def cap_connections(server: web.Server, cap: int) -> None:
    """Make ``server`` (an app runner's ``server``) close connections beyond ``cap``."""
    if cap <= 0:
        return
    # aiohttp offers no hook on accepted connections; the manager's class is swapped for a
    # subclass that only adds the check (same attributes, so the swap is safe)
    server.__class__ = _CappedServer
    assert isinstance(server, _CappedServer)
    server.max_connections = cap


class _AcceptErrors(logging.Filter):
    """Folds the loop's accept-error records into one line per interval."""

    PREFIXES = ("socket.accept() out of system resource", "Error on transport creation")

    def __init__(self, interval: float = ACCEPT_LOG_SECONDS) -> None:
        super().__init__()
        self.interval = interval
        self._last = float("-inf")
        self._folded = 0

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if not message.startswith(self.PREFIXES):
            return True
        now = time.monotonic()
        if now - self._last < self.interval:
            self._folded += 1
            return False
        exc = record.exc_info[1] if record.exc_info else None
        folded, self._folded, self._last = self._folded, 0, now
        text = message.splitlines()[0]
        if exc is not None:
            text = f"{text}: {type(exc).__name__}: {exc}"
        if folded:
            text = f"{text} ({folded} more in the last {self.interval:.0f} s)"
        record.msg, record.args = text, ()
        record.exc_info, record.exc_text = None, None
        return True


_ACCEPT = _AcceptErrors()


def quiet_accept_errors() -> None:
    """Install the accept-error folding on the ``asyncio`` logger (once)."""
    loop_logger = logging.getLogger("asyncio")
    if _ACCEPT not in loop_logger.filters:
        loop_logger.addFilter(_ACCEPT)
