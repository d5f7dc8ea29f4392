"""Trips found in a unit's messages: runs of consecutive messages with non-zero speed.

Used by ``report/exec_report``. Work is counted in messages so that an over-long report
fails like the real one does (error 1005, execution time limit) instead of stalling the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wialon_protocol.errors import ErrorCode as E

from . import sim
from .errors import ApiError
from .items import Unit

#: messages one report may read in total before it is refused with error 1005
MESSAGE_BUDGET = 400_000


@dataclass
class Trip:
    """One drive between two stops."""

    unit: Unit
    first: dict[str, Any]
    last: dict[str, Any]
    max_speed: int
    max_msg: dict[str, Any]

    @property
    def duration(self) -> int:
        """Seconds from the first to the last moving message."""
        return int(self.last["t"] - self.first["t"])

    @property
    def km(self) -> float:
        """Odometer difference over the trip."""
        return float(self.last["p"]["odometer"] - self.first["p"]["odometer"])


def check_budget(units: list[Unit], start: int, end: int) -> None:
    """Refuse (error 1005) a report that would read more than :data:`MESSAGE_BUDGET` messages."""
    if sum(len(sim.times_between(u, start - 1, end)) for u in units) > MESSAGE_BUDGET:
        raise ApiError(E.EXECUTION_TIME_LIMIT)


def find(
    unit: Unit, start: int, end: int, seed: int, *, times: Sequence[int] | None = None
) -> list[Trip]:
    """Trips of ``unit`` with messages in ``[start, end]``: all of the span's, or only those
    at ``times`` (the ones left after deletions: see ``edits.live``)."""
    if times is None:
        times = sim.times_between(unit, start - 1, end)
    # a month of one unit is tens of thousands of messages: only the speed of each is read,
    # and whole messages are made for the few that start, end or top a trip
    m = sim.motion(unit, seed)
    speed_at = sim.speed_at
    trips: list[Trip] = []
    first = last = top = max_speed = 0
    moving = False
    for t in times:
        speed = speed_at(m, t)
        if speed > 0:
            if not moving:
                moving, first, top, max_speed = True, t, t, speed
            elif speed > max_speed:
                top, max_speed = t, speed
            last = t
        elif moving:
            # the trip ends where the unit stopped
            trips.append(_trip(unit, m, first, t, top, max_speed))
            moving = False
    if moving:
        trips.append(_trip(unit, m, first, last, top, max_speed))
    return trips


def _trip(unit: Unit, m: sim.Motion, first: int, last: int, top: int, max_speed: int) -> Trip:
    first_msg = sim.message_at(m, first)
    top_msg = first_msg if top == first else sim.message_at(m, top)
    return Trip(unit, first_msg, sim.message_at(m, last), max_speed, top_msg)
