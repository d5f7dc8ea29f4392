"""What one ``avl_evts`` call returns to a session.

Message events (``t:"m"``, or ``t:"u"`` with ``pos`` for position-only registrations) are
computed, not queued: each session keeps a cursor (the server time up to which it has seen
messages) and, per watched unit, the time it started watching.
A poll returns every message with ``cursor < t <= now`` of the units it watches, merged in
time order with the queued events (renames, deletions, uploads, invalidation), then moves the
cursor. Nothing is lost or sent twice, whatever the order of polls and clock jumps.

One reply carries at most :data:`MAX_MESSAGE_EVENTS` message events; when more are due the
cursor stops early (at a whole second) and the next poll continues from there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from wialon_protocol.flags import UnitsDataFlag

from . import sensors, sim
from .gcpause import collector_paused

if TYPE_CHECKING:
    from .state import Session, World

#: message events in one avl_evts reply (a long clock jump is spread over several polls)
MAX_MESSAGE_EVENTS = 20_000
#: a unit registered with 0x400000 (position) but neither 0x400 nor 0x20 gets ``t:"u"``
#: events carrying the new ``pos`` instead of whole messages
POSITION_ONLY = int(UnitsDataFlag.POS)
POSITION_ONLY_MASK = int(UnitsDataFlag.POS | UnitsDataFlag.LAST_MSG_N_POS | UnitsDataFlag.MSGS)
#: the shortest reporting interval the fleet generator uses (seconds)
MIN_INTERVAL = 15
#: replies to sessions watching at least this many units are built with the cyclic collector
#: paused
PAUSE_GC_FROM = 2_000
# a due message is one int, time above unit id (Wialon item ids are 32-bit)
_ID_BITS = 32
_ID_MASK = (1 << _ID_BITS) - 1


def _window_end(world: World, session: Session, now: int) -> int:
    """The latest time up to which the due messages fit in one reply."""
    cursor = session.cursor
    # no unit reports more often than every MIN_INTERVAL seconds: most polls stop here
    if len(session.msg_start) * (now - cursor) / MIN_INTERVAL <= MAX_MESSAGE_EVENTS:
        return now
    expected = 0.0
    for unit_id, start in session.msg_start.items():
        unit = world.units.get(unit_id)
        if unit is not None:
            expected += (now - max(cursor, start)) / unit.interval
    if expected <= MAX_MESSAGE_EVENTS:
        return now
    return max(cursor + 1, cursor + int((now - cursor) * MAX_MESSAGE_EVENTS / expected))


def collect(world: World, session: Session) -> dict[str, Any]:
    """Build the ``avl_evts`` reply and advance the session past what it delivers."""
    now = world.now()
    end = _window_end(world, session, now) if session.msg_start else now
    plan = _plan(world, session)
    # some 40,000 fresh dicts for 10,000 messages: measured a quarter of such a poll
    with collector_paused(len(session.msg_start) >= PAUSE_GC_FROM):
        if plan.fits(session.cursor, end):
            events, times = plan.events(session.cursor, end)
        else:
            events, times = _by_unit(world, session, plan, end)
    if session.events and session.events[0][0] < end + 1:
        events = _merge(session, events, times, end)
    session.cursor = end
    if session.closing and not session.events:
        world.close_session(session.sid)
    values = sensors.collect(events, plan.sensor_units, world) if plan.sensor_units else []
    return {"tm": now, "events": events, "sensors": values}


#: one watched unit: its id, its motion, the time its messages start after, position-only
_Entry = tuple[int, sim.Motion, int, bool]


class Plan:
    """Who of a session's watched units reports when, worked out once per registration.

    A unit reports at ``phase + k * interval``: grouping the units by interval and by phase
    modulo it tells, for any second, which units report then without looking at the others.
    A poll then costs per message delivered, not per unit watched (10,000 watched units with
    30 seconds to deliver are 30 seconds times a handful of intervals to look up). The plan is
    rebuilt whenever the registrations it was made from change.
    """

    __slots__ = ("_groups", "entries", "msg_start", "sensor_units", "subs")

    def __init__(self, world: World, session: Session) -> None:
        self.msg_start = dict(session.msg_start)
        self.subs = dict(session.subs)
        flag = sensors.SENSORS_FLAG
        #: watched units whose sensor values the replies carry
        self.sensor_units = frozenset(i for i, f in self.subs.items() if f & flag)
        seed, units = world.config.seed, world.units
        self.entries: dict[int, _Entry] = {}
        by_interval: dict[int, dict[int, list[_Entry]]] = {}
        for unit_id, start in self.msg_start.items():
            unit = units.get(unit_id)
            if unit is None:
                continue
            flags = self.subs.get(unit_id, 0)
            entry = (
                unit_id,
                sim.motion(unit, seed),
                max(start, unit.ct - 1),
                flags & POSITION_ONLY_MASK == POSITION_ONLY,
            )
            self.entries[unit_id] = entry
            residues = by_interval.setdefault(unit.interval, {})
            residues.setdefault(unit.phase % unit.interval, []).append(entry)
        for residues in by_interval.values():
            for entries in residues.values():
                entries.sort()  # ids are unique: the motions are never compared
        self._groups = sorted(by_interval.items())

    def current(self, session: Session) -> bool:
        """Whether the session's registrations are still the ones the plan was made from."""
        return session.msg_start == self.msg_start and session.subs == self.subs

    def fits(self, cursor: int, end: int) -> bool:
        """Whether walking the seconds beats walking the units (a short span, many units)."""
        return (end - cursor) * len(self._groups) <= len(self.entries)

    def events(self, cursor: int, end: int) -> tuple[list[dict[str, Any]], list[int]]:
        """Message events with ``cursor < t <= end`` in (time, unit id) order, and their times."""
        events: list[dict[str, Any]] = []
        times: list[int] = []
        groups = self._groups
        message_at = sim.message_at
        for t in range(cursor + 1, end + 1):
            due: list[_Entry] | None = None
            for interval, residues in groups:
                hits = residues.get(t % interval)
                if hits:
                    due = hits if due is None else sorted(due + hits)
            if due is None:
                continue
            for unit_id, motion, after, position_only in due:
                if t <= after:
                    continue
                msg = message_at(motion, t)
                if position_only:
                    events.append({"i": unit_id, "t": "u", "d": {"pos": {"t": t, **msg["pos"]}}})
                else:
                    events.append({"i": unit_id, "t": "m", "d": msg})
                times.append(t)
        return events, times


#: per session, who reports when: made from its registrations, remade when they change (weak
#: keys: a session that ends takes its plan with it)
_PLANS: WeakKeyDictionary[Session, Plan] = WeakKeyDictionary()


def _plan(world: World, session: Session) -> Plan:
    plan = _PLANS.get(session)
    if plan is None or not plan.current(session):
        plan = _PLANS[session] = Plan(world, session)
    return plan


def _by_unit(
    world: World, session: Session, plan: Plan, end: int
) -> tuple[list[dict[str, Any]], list[int]]:
    """The same events as :meth:`Plan.events`, found unit by unit (for long spans)."""
    cursor, units = session.cursor, world.units
    due: list[int] = []
    append = due.append
    for unit_id in plan.entries:
        unit = units[unit_id]
        # the first message time after max(cursor, start, creation), as sim.times_between
        lo = max(cursor, plan.entries[unit_id][2])
        step = unit.interval
        t = unit.phase + ((lo - unit.phase) // step + 1) * step
        while t <= end:
            append(t << _ID_BITS | unit_id)
            t += step
    # one int per message sorts several times faster than (time, id) tuples, in the same order
    due.sort()
    events: list[dict[str, Any]] = []
    times: list[int] = []
    message_at = sim.message_at
    for key in due:
        unit_id, t = key & _ID_MASK, key >> _ID_BITS
        _, motion, _, position_only = plan.entries[unit_id]
        msg = message_at(motion, t)
        if position_only:
            events.append({"i": unit_id, "t": "u", "d": {"pos": {"t": t, **msg["pos"]}}})
        else:
            events.append({"i": unit_id, "t": "m", "d": msg})
        times.append(t)
    return events, times


def _merge(
    session: Session, messages: list[dict[str, Any]], times: list[int], end: int
) -> list[dict[str, Any]]:
    """Queued events due by ``end`` placed after the messages of the same second."""
    merged: list[dict[str, Any]] = []
    i = 0
    while session.events and session.events[0][0] < end + 1:
        at, event = session.events.popleft()
        while i < len(messages) and times[i] <= int(at):
            merged.append(messages[i])
            i += 1
        merged.append(event)
    merged.extend(messages[i:])
    return merged
