"""The pure in-memory model of a Wialon server: users, tokens, sessions, items, events.

No HTTP here. The HTTP layer asks the model for a session (:meth:`World.session_for`), hands
calls to :func:`wialon_mock.registry.dispatch`, and uses the admin operations
(:meth:`World.reset`, :meth:`World.expire_sessions`, :meth:`World.snapshot`,
:meth:`World.advance`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .clock import Clock
from .config import MockConfig
from .errors import ApiError


@dataclass
class Session:
    """One logged-in session (``eid``)."""

    sid: str
    user_id: int
    token: str | None
    created: float
    last_seen: float
    #: events waiting for the next ``avl_evts`` of this session
    events: list[dict[str, Any]] = field(default_factory=list)


class World:
    """The whole state of one fake server."""

    def __init__(self, config: MockConfig | None = None) -> None:
        self.config = config or MockConfig()
        self.clock = Clock(
            self.config.clock_start,
            frozen=self.config.clock_frozen,
            scale=self.config.clock_scale,
        )
        self.sessions: dict[str, Session] = {}
        self.tokens: dict[str, int] = {}
        #: set by the fault engine: returns the error a batch item must fail with, if any
        self.batch_item_fault: Callable[[str], ApiError | None] | None = None
        self.reset()

    def reset(self) -> None:
        """Forget every session and rebuild the fleet from the config (same seed, same fleet)."""
        self.sessions.clear()
        self.tokens = dict.fromkeys(self.config.effective_tokens(), 1)

    def sync(self) -> None:
        """Bring the simulation up to the clock's current time."""

    def advance(self, seconds: float) -> None:
        """Move the clock forward and simulate the span at once."""
        self.clock.advance(seconds)
        self.sync()

    def open_session(self, user_id: int, token: str | None) -> Session:
        """Create a session with a fresh 32-hex ``eid``."""
        now = self.clock.now()
        session = Session(secrets.token_hex(16), user_id, token, now, now)
        self.sessions[session.sid] = session
        return session

    def close_session(self, sid: str) -> None:
        """Log a session out; later calls with its sid get ``{"error":1}``."""
        self.sessions.pop(sid, None)

    def session_for(self, sid: str | None) -> Session | None:
        """The live session for ``sid`` (touched, so it stays alive), or ``None``."""
        if not sid:
            return None
        session = self.sessions.get(sid)
        if session is None:
            return None
        now = self.clock.now()
        idle = self.config.limits.session_idle_seconds
        if self.config.limits.enabled and idle is not None and now - session.last_seen > idle:
            self.close_session(sid)
            return None
        session.last_seen = now
        return session

    def expire_sessions(self, sid: str | None = None) -> int:
        """Kill one session (or all) as idle expiry would; returns how many died."""
        if sid is None:
            count = len(self.sessions)
            self.sessions.clear()
            return count
        return 1 if self.sessions.pop(sid, None) is not None else 0

    def snapshot(self) -> dict[str, Any]:
        """A JSON-able summary for ``GET /_mock/state``."""
        return {
            "clock": self.clock.snapshot(),
            "sessions": len(self.sessions),
            "tokens": len(self.tokens),
        }
