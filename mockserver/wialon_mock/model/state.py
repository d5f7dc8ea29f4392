"""The pure in-memory model of a Wialon server: users, tokens, sessions, items, events.

No HTTP here. The HTTP layer asks the model for a session (:meth:`World.session_for`), hands
calls to :func:`wialon_mock.api.registry.dispatch`, and uses the admin operations
(:meth:`World.reset`, :meth:`World.expire_sessions`, :meth:`World.snapshot`,
:meth:`World.advance`).

Unit messages are not stored: :mod:`wialon_mock.model.sim` computes them from the seed and the
clock, so "simulating up to now" only means reading the clock (see :meth:`World.sync`).
Per-session event queues hold only the events that cannot be recomputed (renames, deletions,
upload completions, session invalidation); message events are computed at ``avl_evts`` time
from each session's delivery cursor (:mod:`wialon_mock.model.delivery`).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import secrets
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from wialon_protocol.errors import ErrorCode as E

from ..config import MockConfig
from .clock import Clock
from .edits import Edits, forget
from .errors import ApiError
from .fleet import Progress, generate
from .gcpause import collector_paused
from .items import Group, Item, Resource, Unit, User
from .names import NameOrder, table_of

logger = logging.getLogger(__name__)

#: queued (non-message) events kept per session; beyond it the oldest are dropped with a
#: warning. Message events are not queued at all, so the cap only matters for a session that
#: never polls while thousands of items are renamed or deleted.
EVENT_QUEUE_CAP = 10_000
#: an auth hash from core/create_auth_hash is good for two minutes
AUTH_HASH_SECONDS = 120
#: fleets at least this big are moved out of the cyclic garbage collector's sight (see reset)
FREEZE_FLEET_UNITS = 10_000


@dataclass
class Loader:
    """The message set ``messages/load_*`` left in a session."""

    unit_id: int
    #: message times, in order (a ``range`` for plain intervals, so any span costs nothing)
    times: Sequence[int]
    extra: dict[int, dict[str, Any]] = field(default_factory=dict)  # index -> command message


# eq=False: a session is itself, not its field values; so it hashes by identity and the
# layers above (and delivery) can keep what they derive from it in weak-keyed maps of their own
@dataclass(eq=False)
class Session:
    """One logged-in session (``eid``)."""

    sid: str
    user_id: int
    token: str | None
    created: float
    last_seen: float
    #: queued events as ``(time, event)``, waiting for the next ``avl_evts``
    events: deque[tuple[float, dict[str, Any]]] = field(default_factory=deque)
    #: item id -> data flags registered with core/update_data_flags
    subs: dict[int, int] = field(default_factory=dict)
    #: unit id -> time after which its messages reach this session
    msg_start: dict[int, int] = field(default_factory=dict)
    #: message events with ``t`` up to this time have been delivered
    cursor: int = 0
    #: subscribed to access changes (update_data_flags type "access")
    access: bool = False
    loader: Loader | None = None
    report: Any = None
    #: set by render/set_locale (a :class:`wialon_mock.model.render_locale.Locale`); ``None`` means
    #: the user's own settings
    locale: Any = None
    #: the server invalidated the session: it dies after delivering the -2 event
    closing: bool = False
    app: str = "Wialon Mock"
    #: the client address the session was opened from (for the per-IP session limit)
    remote: str = ""

    def queue(self, time: float, event: dict[str, Any]) -> None:
        """Add one event for the next ``avl_evts``, dropping the oldest beyond the cap."""
        if len(self.events) >= EVENT_QUEUE_CAP:
            self.events.popleft()
            logger.warning("event queue of session %s full; oldest event dropped", self.sid[:6])
        self.events.append((time, event))


class World:
    """The whole state of one fake server."""

    def __init__(self, config: MockConfig | None = None, progress: Progress | None = None) -> None:
        self.config = config or MockConfig()
        self.clock = Clock(
            self.config.clock_start,
            frozen=self.config.clock_frozen,
            scale=self.config.clock_scale,
        )
        self.sessions: dict[str, Session] = {}
        self.tokens: dict[str, int] = {}
        #: auth hash -> (user id, expiry time, sid of the session that created it)
        self.auth_hashes: dict[str, tuple[int, float, str]] = {}
        self.users: dict[int, User] = {}
        self.units: dict[int, Unit] = {}
        self.resources: dict[int, Resource] = {}
        self.groups: dict[int, Group] = {}
        self.owner_id: int = 0
        self.account_id: int = 0
        self.next_id: int = 0
        #: bumped on every change of names or membership; search caches key on it
        self.version = 0
        #: per ``itemsType``, its items in name order (built by the first search that needs
        #: it); names change only through rename, add and delete, which keep it current
        self.name_orders: dict[str, NameOrder] = {}
        #: what clients wrote (custom fields, sensors, access, deleted messages, images)
        self.edits = Edits()
        self._progress = progress
        self.reset()

    # -- lifecycle -------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget every session and rebuild the fleet from the config (same seed, same fleet)."""
        self.sessions.clear()
        self.auth_hashes.clear()
        self.edits = Edits()
        big = self.config.units >= FREEZE_FLEET_UNITS
        if big:
            # Collected now, while the heap is small (an earlier fleet is frozen, unwalked):
            # whatever cyclic garbage exists must not be frozen with the new fleet below.
            gc.collect()
        # The collector stays off until the fleet is frozen: enabled between the two, its
        # first collection would walk every unit that piled up (a second or more for 1M).
        with collector_paused(big):
            self._build_fleet()
            if big:
                # sorting 100,000 names takes tens of milliseconds: pay it with the generation
                # rather than in the first search a client makes
                self.name_order("avl_unit")
                # Every full collection walks all tracked objects: with 100,000 units that is
                # tens of milliseconds, paid again every other avl_evts of a busy session.
                # Units hold no reference cycles (plain refcounting frees them), so freezing
                # the heap as it is now costs nothing but spares each later collection the walk.
                gc.freeze()

    def _build_fleet(self) -> None:
        """Generate the configured fleet and make it the world's items."""
        fleet = generate(
            self.config.seed,
            self.config.units,
            clock_start=self.config.clock_start,
            progress=self._progress,
        )
        self.users, self.units = fleet.users, fleet.units
        self.resources, self.groups = fleet.resources, fleet.groups
        self.owner_id, self.account_id = fleet.owner_id, fleet.account_id
        self.next_id = fleet.next_id
        self.tokens = dict.fromkeys(self.config.effective_tokens(), self.owner_id)
        self.version += 1
        self.name_orders.clear()

    def name_order(self, items_type: str) -> NameOrder:
        """The table's name order, built now when no search needed it before."""
        order = self.name_orders.get(items_type)
        if order is None:
            order = self.name_orders[items_type] = NameOrder(self.items_of(items_type))
        return order

    def token_list(self) -> list[str]:
        """Tokens that log in, in configuration order (for the CLI's ``token:`` lines)."""
        return list(self.tokens)

    def sync(self) -> None:
        """Bring the simulation up to the clock's current time.

        Messages are a function of time, so there is nothing to compute ahead: every reader
        (``messages/*``, item ``pos``/``lmsg``, ``avl_evts``) sees exactly the messages with
        ``t <= clock.now()``. Kept as the one place to hook future stateful simulation.
        """

    def advance(self, seconds: float) -> None:
        """Move the clock forward and simulate the span at once."""
        self.clock.advance(seconds)
        self.sync()

    def now(self) -> int:
        """Server time in whole UTC seconds, as replies carry it."""
        return int(self.clock.now())

    # -- sessions --------------------------------------------------------------------------

    def open_session(
        self, user_id: int, token: str | None, app: str = "Wialon Mock", remote: str = ""
    ) -> Session:
        """Create a session with a fresh 32-hex ``eid``.

        Raises ``ApiError(E.REQUEST_LIMIT)`` when ``user_id`` already has
        ``sessions_per_user_ip`` live sessions from ``remote`` (the Limitations page: 100 active
        sessions of one user from one IP; the code is the one token/login lists for its
        request limits).
        """
        now = self.clock.now()
        limits = self.config.limits
        cap = limits.sessions_per_user_ip
        if limits.enabled and cap is not None:
            idle = limits.session_idle_seconds
            live = sum(
                1
                for s in self.sessions.values()
                if s.user_id == user_id
                and s.remote == remote
                and (idle is None or now - s.last_seen <= idle)
            )
            if live >= cap:
                raise ApiError(E.REQUEST_LIMIT)
        session = Session(secrets.token_hex(16), user_id, token, now, now, app=app, remote=remote)
        session.cursor = int(now)
        self.sessions[session.sid] = session
        return session

    def close_session(self, sid: str) -> None:
        """Log a session out; later calls with its sid get ``{"error":1}``.

        The auth hashes the session created and nobody used yet die with it.
        """
        self.sessions.pop(sid, None)
        self._drop_auth_hashes({sid})

    def _drop_auth_hashes(self, sids: set[str] | None) -> None:
        if not self.auth_hashes:
            return
        if sids is None:
            self.auth_hashes.clear()
            return
        for value in [v for v, entry in self.auth_hashes.items() if entry[2] in sids]:
            del self.auth_hashes[value]

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
            logger.info("session %s expired after %.0f s idle", sid[:6], now - session.last_seen)
            self.close_session(sid)
            return None
        session.last_seen = now
        self.sync()
        return session

    def expire_sessions(self, sid: str | None = None) -> int:
        """Kill one session (or all) as idle expiry would; returns how many died."""
        if sid is None:
            count = len(self.sessions)
            self.sessions.clear()
            self._drop_auth_hashes(None)
            return count
        if self.sessions.pop(sid, None) is None:
            return 0
        self._drop_auth_hashes({sid})
        return 1

    def invalidate_session(self, sid: str) -> bool:
        """Queue the ``-2`` event for ``sid``; the session dies once ``avl_evts`` delivered it."""
        session = self.sessions.get(sid)
        if session is None:
            return False
        session.queue(self.clock.now(), {"i": -2, "d": {}})
        session.closing = True
        return True

    # -- items -----------------------------------------------------------------------------

    def item(self, item_id: int) -> Item | None:
        """Any item by id."""
        return (
            self.units.get(item_id)
            or self.resources.get(item_id)
            or self.groups.get(item_id)
            or self.users.get(item_id)
        )

    def items_of(self, items_type: str) -> Iterator[Item]:
        """Every item of an ``itemsType`` (hardware types are served apart)."""
        table: dict[str, dict[int, Any]] = {
            "avl_unit": self.units,
            "avl_resource": self.resources,
            "avl_unit_group": self.groups,
            "user": self.users,
        }
        yield from table.get(items_type, {}).values()

    def notify(self, item_id: int, event: dict[str, Any], need: int = 0x1) -> None:
        """Queue ``event`` to every session registered to ``item_id`` with any of ``need``."""
        now = self.clock.now()
        for session in self.sessions.values():
            flags = session.subs.get(item_id)
            if flags is not None and flags & need:
                session.queue(now, dict(event))

    def rename(self, item: Item, name: str) -> None:
        """Change an item's name and tell the sessions that watch it."""
        order = self.name_orders.get(table_of(item) or "")
        if order is not None:
            order.remove(item.nm, item.id)
            order.add(name, item.id)
        item.nm = name
        self.version += 1
        self.notify(item.id, {"i": item.id, "t": "u", "d": {"nm": name}})

    def delete(self, item: Item) -> None:
        """Remove an item; registered sessions get a ``t:"d"`` event."""
        for table in (self.units, self.resources, self.groups, self.users):
            table.pop(item.id, None)
        order = self.name_orders.get(table_of(item) or "")
        if order is not None:
            order.remove(item.nm, item.id)
        if isinstance(item, Unit):
            for group in self.groups.values():
                if item.id in group.units:
                    group.units.remove(item.id)
        forget(self, item.id)
        self.version += 1
        self.notify(item.id, {"i": item.id, "t": "d"}, need=~0)
        for session in self.sessions.values():
            session.subs.pop(item.id, None)
            session.msg_start.pop(item.id, None)

    def add(self, item: Item) -> None:
        """Put a newly created item in the world."""
        if isinstance(item, Unit):
            self.units[item.id] = item
        elif isinstance(item, Resource):
            self.resources[item.id] = item
        elif isinstance(item, User):
            self.users[item.id] = item
        else:
            self.groups[item.id] = item
        order = self.name_orders.get(table_of(item) or "")
        if order is not None:
            order.add(item.nm, item.id)
        self.version += 1

    def new_id(self) -> int:
        """A fresh item id."""
        self.next_id += 1
        return self.next_id

    # -- auth ------------------------------------------------------------------------------

    def token_hash(self, token: str) -> str:
        """The 72-character ``th`` the login reply carries for a token."""
        a = hashlib.sha256(("th:" + token).encode()).hexdigest()
        return (a + hashlib.sha256(a.encode()).hexdigest())[:72]

    def create_auth_hash(self, user_id: int, creator_sid: str) -> str:
        """A 32-character hash that logs ``user_id`` in once, within two minutes.

        help.wialon.com .../api-reference/core/create_auth_hash: "valid within 2 minutes from
        the moment of its creation". The page says nothing of reuse or of the creating session
        ending; a hash is a hand-over of one login, so here it is spent by the first
        core/use_auth_hash and dies when the session that made it logs out or expires (the
        safe reading, and the one that lets a test meet both failures).
        """
        now = self.clock.now()
        expired = [v for v, entry in self.auth_hashes.items() if entry[1] < now]
        for value in expired:
            del self.auth_hashes[value]
        value = secrets.token_hex(16)
        self.auth_hashes[value] = (user_id, now + AUTH_HASH_SECONDS, creator_sid)
        return value

    def use_auth_hash(self, value: str) -> int | None:
        """Spend an auth hash: the user it stands for, if it is known and not expired."""
        entry = self.auth_hashes.pop(value, None)
        if entry is None or entry[1] < self.clock.now():
            return None
        return entry[0]

    # -- admin -----------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """A JSON-able summary for ``GET /_mock/state``."""
        return {
            "clock": self.clock.snapshot(),
            "seed": self.config.seed,
            "users": len(self.users),
            "units": len(self.units),
            "groups": len(self.groups),
            "resources": len(self.resources),
            "sessions": len(self.sessions),
            "tokens": len(self.tokens),
        }
