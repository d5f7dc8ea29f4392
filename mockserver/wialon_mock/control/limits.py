"""The per-session and per-IP limits of the real server, as counters around each call.

Which answer each breach gets, and the documentation it follows:

* more than ``max_concurrent`` (10) requests at once in one session: ``{"error":10}``, "reached
  limit of concurrent requests" in the Wialon error-codes reference (sdk.wialon.com
  .../apiref/errors/errors); the limit itself is on the "Limitations" page.
* a heavy call while ``max_heavy`` (3) run, or while another heavy call runs in the session
  when ``heavy_exclusive`` is on: ``{"error":1003,"reason":"LIMIT api_concurrent"}``, the
  reason the error-codes reference (kit edition) lists for 1003 and the one the
  exchange/export_json page names for concurrent heavy requests.
* more than ``avl_evts_per_10s`` (10) ``avl_evts`` in 10 s of one session: the same 1003 body
  (no page documents a separate code for it).
* logins from one IP beyond 10 failed or 120 good ones a minute: ``{"error":1003}``, the code
  the token/login page lists for "too many requests"; the IP then stays blocked for
  ``login_block_seconds`` (one minute, per the Wialon Local "Limitations" admin page).

Time for the rate windows is real monotonic time plus every span the server clock was
advanced by, so ``POST /_mock/clock {"advance": 10}`` also opens the windows again.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from wialon_protocol.errors import ErrorCode as E
from wialon_protocol.services import SERVICES

from ..config import Limits
from ..model.errors import ApiError

#: calls that open a session without one: counted by the per-IP login limits
LOGIN_SVCS = frozenset(name for name, row in SERVICES.items() if row.login and not row.session)

CONCURRENT = ApiError(E.CONCURRENT_REQUEST_LIMIT)
HEAVY = ApiError(E.REQUEST_LIMIT, "LIMIT api_concurrent")
LOGIN_BLOCKED = ApiError(E.REQUEST_LIMIT)

#: poll windows kept before the stale ones are swept
SWEEP_AT = 1024


def _prune(window: deque[float], since: float) -> None:
    while window and window[0] <= since:
        window.popleft()


class Limiter:
    """Counts what runs and what ran; says which call must be refused."""

    def __init__(self, limits: Limits, source: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._source = source
        self._skew = 0.0
        self._inflight: dict[str, int] = {}
        self._heavy: dict[str, int] = {}
        self._evts: dict[str, deque[float]] = {}
        self._logins_ok: dict[str, deque[float]] = {}
        self._logins_bad: dict[str, deque[float]] = {}
        self._blocked_until: dict[str, float] = {}

    def now(self) -> float:
        """Time of the rate windows (see the module docstring)."""
        return self._source() + self._skew

    def advance(self, seconds: float) -> None:
        """Move the rate windows on, as the server clock was."""
        self._skew += seconds

    def reset(self) -> None:
        """Forget every counter and block."""
        for table in (self._evts, self._logins_ok, self._logins_bad, self._blocked_until):
            table.clear()

    def enter(self, sid: str, heavy: bool) -> ApiError | None:
        """Count one call of session ``sid`` as running, or return the error refusing it.

        Every successful ``enter`` must be paired with :meth:`leave`.
        """
        limits = self.limits
        if not limits.enabled:
            return None
        running = self._inflight.get(sid, 0)
        if limits.max_concurrent is not None and running >= limits.max_concurrent:
            return CONCURRENT
        if heavy:
            heavy_running = self._heavy.get(sid, 0)
            cap = 1 if limits.heavy_exclusive else limits.max_heavy
            if cap is not None and heavy_running >= cap:
                return HEAVY
            self._heavy[sid] = heavy_running + 1
        self._inflight[sid] = running + 1
        return None

    def leave(self, sid: str, heavy: bool) -> None:
        """The call counted by :meth:`enter` has finished."""
        running = self._inflight.get(sid, 0) - 1
        if running > 0:
            self._inflight[sid] = running
        else:
            self._inflight.pop(sid, None)
        if heavy:
            heavy_running = self._heavy.get(sid, 0) - 1
            if heavy_running > 0:
                self._heavy[sid] = heavy_running
            else:
                self._heavy.pop(sid, None)

    def tracked(self) -> int:
        """How many sessions have counters (for the state view and tests)."""
        return len(self._inflight.keys() | self._heavy.keys() | self._evts.keys())

    def forget_idle(self) -> None:
        """Drop the poll windows of sessions that have not polled for 10 s."""
        since = self.now() - 10.0
        for sid in [sid for sid, w in self._evts.items() if not w or w[-1] <= since]:
            del self._evts[sid]

    def running(self, sid: str) -> int:
        """How many calls of ``sid`` run right now (for the state view and tests)."""
        return self._inflight.get(sid, 0)

    def poll(self, sid: str) -> ApiError | None:
        """Count one ``avl_evts`` of ``sid``, or return the error refusing it."""
        limits = self.limits
        cap = limits.avl_evts_per_10s
        if not limits.enabled or cap is None:
            return None
        now = self.now()
        if len(self._evts) >= SWEEP_AT and sid not in self._evts:
            # sessions that logged out or died keep no window for long
            self.forget_idle()
        window = self._evts.setdefault(sid, deque())
        _prune(window, now - 10.0)
        if len(window) >= cap:
            return HEAVY
        window.append(now)
        return None

    def login_allowed(self, remote: str) -> ApiError | None:
        """Refuse a login from ``remote`` while it is blocked or over a login limit."""
        limits = self.limits
        if not limits.enabled:
            return None
        now = self.now()
        if self._blocked_until.get(remote, 0.0) > now:
            return LOGIN_BLOCKED
        over = False
        for cap, table in (
            (limits.failed_logins_per_min, self._logins_bad),
            (limits.logins_per_min, self._logins_ok),
        ):
            window = table.get(remote)
            if cap is None or window is None:
                continue
            _prune(window, now - 60.0)
            over = over or len(window) >= cap
        if over:
            self._blocked_until[remote] = now + limits.login_block_seconds
            return LOGIN_BLOCKED
        return None

    def login_done(self, remote: str, ok: bool) -> None:
        """Record the outcome of a login that was allowed."""
        if not self.limits.enabled:
            return
        table = self._logins_ok if ok else self._logins_bad
        table.setdefault(remote, deque()).append(self.now())
