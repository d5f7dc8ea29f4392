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

from . import sim

if TYPE_CHECKING:
    from .items import Unit
    from .state import Session, World

#: message events in one avl_evts reply (a long clock jump is spread over several polls)
MAX_MESSAGE_EVENTS = 20_000
#: a unit registered with 0x400000 (position) but neither 0x400 nor 0x20 gets ``t:"u"``
#: events carrying the new ``pos`` instead of whole messages
POSITION_ONLY = 0x400000
POSITION_ONLY_MASK = 0x400000 | 0x400 | 0x20
#: the shortest reporting interval the fleet generator uses (seconds)
MIN_INTERVAL = 15


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
    cursor, seed, units = session.cursor, world.config.seed, world.units
    due: list[tuple[int, int, Unit]] = []
    append = due.append
    for unit_id, start in session.msg_start.items():
        unit = units.get(unit_id)
        if unit is None:
            continue
        # the first message time after max(cursor, start, creation), as sim.times_between
        lo = cursor if cursor > start else start
        if lo < unit.ct - 1:
            lo = unit.ct - 1
        step = unit.interval
        t = unit.phase + ((lo - unit.phase) // step + 1) * step
        while t <= end:
            append((t, unit_id, unit))
            t += step
    # (time, id) pairs are unique, so the sort never gets to compare the units themselves
    due.sort()
    message = sim.message
    subs = session.subs
    position_only = {
        unit_id for unit_id, flags in subs.items() if flags & POSITION_ONLY_MASK == POSITION_ONLY
    }
    events: list[dict[str, Any]] = []
    for t, unit_id, unit in due:
        msg = message(unit, t, seed)
        if position_only and unit_id in position_only:
            events.append({"i": unit_id, "t": "u", "d": {"pos": {"t": t, **msg["pos"]}}})
        else:
            events.append({"i": unit_id, "t": "m", "d": msg})
    if session.events and session.events[0][0] < end + 1:
        events = _merge(session, events, [entry[0] for entry in due], end)
    session.cursor = end
    if session.closing and not session.events:
        world.close_session(session.sid)
    return {"tm": now, "events": events, "sensors": []}


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
