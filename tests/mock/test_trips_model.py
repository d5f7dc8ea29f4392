"""The trip search reads speeds only; its trips are those a reading of every message finds."""

from __future__ import annotations

from typing import Any

import pytest

from wialon_mock.config import MockConfig
from wialon_mock.model import sim, trips
from wialon_mock.model.items import Unit
from wialon_mock.model.state import World

START = 1_750_000_000


def _reference(unit: Unit, times: range | list[int], seed: int) -> list[tuple[Any, ...]]:
    """Trips as a walk over whole messages finds them: moving messages in a row, ended by
    the first stopped one (or by the span's end)."""
    found: list[tuple[Any, ...]] = []
    run: list[dict[str, Any]] = []
    for t in times:
        msg = sim.message(unit, t, seed)
        if msg["pos"]["s"] > 0:
            run.append(msg)
            continue
        if run:
            found.append((run[0], msg, max(run, key=lambda m: m["pos"]["s"])))
            run = []
    if run:
        found.append((run[0], run[-1], max(run, key=lambda m: m["pos"]["s"])))
    return found


@pytest.mark.parametrize("seed", [3, 17])
def test_speed_at_is_the_speed_of_the_message(seed: int) -> None:
    world = World(MockConfig(seed=seed, units=4, clock_start=START, clock_frozen=True))
    for unit in world.units.values():
        m = sim.motion(unit, seed)
        times = sim.times_between(unit, START - 6 * 3600, START)
        assert any(sim.speed_at(m, t) > 0 for t in times)
        assert any(sim.speed_at(m, t) == 0 for t in times)
        assert [sim.speed_at(m, t) for t in times] == [
            sim.message_at(m, t)["pos"]["s"] for t in times
        ]


@pytest.mark.parametrize("seed", [3, 17])
@pytest.mark.parametrize("hours", [1, 5, 30])
def test_trips_are_those_of_every_message_read(seed: int, hours: int) -> None:
    world = World(MockConfig(seed=seed, units=3, clock_start=START, clock_frozen=True))
    for unit in world.units.values():
        # spans that start and end at odd moments, mid-trip as often as not
        start, end = START - hours * 3600 - 37, START - 11
        every = sim.times_between(unit, start - 1, end)
        # and the same span with messages missing (deleted ones are left out of ``times``)
        for times in (every, [t for i, t in enumerate(every) if i % 7 != 3]):
            got = trips.find(unit, start, end, seed, times=times)
            want = _reference(unit, times, seed)
            assert want, "hours of a unit that drives every cycle hold trips"
            assert [(t.first, t.last, t.max_msg) for t in got] == want
            assert [t.max_speed for t in got] == [w[2]["pos"]["s"] for w in want]
