"""Which event loop a client works on: one at a time, and a fresh start on a new one."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable

from ._options import loop_name
from .errors import WialonEventLoopError

__all__ = ["LoopBinding"]

_log = logging.getLogger("aiowialon.client")


class LoopBinding:
    """The event loop of one client.

    :param rebuild: called when the client moves to a new loop after its old one closed, to
        make what belongs to a loop (the rate limiter, the semaphore, the HTTP session) anew.
    """

    __slots__ = ("_loop", "_rebuild")

    def __init__(self, rebuild: Callable[[], None]) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._rebuild = rebuild

    def check(self) -> None:
        """Bind to the running loop unless already bound to it (the cheap test comes first)."""
        if asyncio.get_running_loop() is not self._loop:
            self.adopt()

    def adopt(self) -> None:
        """Bind the client to the running event loop, or refuse a second live one.

        A module-level client used by two ``asyncio.run()`` calls in turn (log in, work, log
        out, then again) gets a fresh rate limiter, semaphore and HTTP session for the new
        loop, since the first loop is closed. A loop that still runs keeps the client: use
        from another loop or thread raises ``WialonEventLoopError`` instead of the raw
        ``RuntimeError`` asyncio and aiohttp would give somewhere deeper.
        """
        loop = asyncio.get_running_loop()
        old = self._loop
        if old is loop:
            return
        if old is not None:
            if not old.is_closed():
                raise WialonEventLoopError(
                    f"this client works on another event loop ({loop_name(old)}); it was "
                    f"used from {loop_name(loop)} in thread {threading.current_thread().name!r}."
                    " Use it from its own loop (asyncio.run_coroutine_threadsafe from other "
                    "threads), make one client per loop, or use aiowialon.sync.Wialon"
                )
            _log.debug("new event loop: rate limiter, concurrency limit and HTTP session rebuilt")
            self._rebuild()
        self._loop = loop
