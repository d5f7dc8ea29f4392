"""The fleet generator: determinism from the seed, realistic values, progress reports."""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import math
import os
import subprocess
import sys
from dataclasses import asdict
from typing import Any

from wialon_mock.model import sim
from wialon_mock.model.fleet import generate
from wialon_mock.model.fleet_data import CITIES, HW_TYPES

T = 1_760_000_000


def _summary(seed: int) -> list[list[Any]]:
    fleet = generate(seed, 40)
    units = [asdict(u) for u in fleet.units.values()]
    res = [(r.id, r.nm, r.drivers, r.zones) for r in fleet.resources.values()]
    groups = [(g.id, g.nm, g.units) for g in fleet.groups.values()]
    users = [(u.id, u.nm, u.prp) for u in fleet.users.values()]
    history = [sim.message(u, t, seed) for u in fleet.units.values() for t in (T, T + 3600)]
    return [units, res, groups, users, history]


def test_same_seed_same_fleet() -> None:
    assert _summary(3) == _summary(3)


def test_different_seed_different_fleet() -> None:
    a, b = _summary(3), _summary(4)
    assert [u["nm"] for u in a[0]] != [u["nm"] for u in b[0]]
    assert a[4] != b[4]


def test_units_are_plausible() -> None:
    fleet = generate(9, 60)
    hw_ids = {h.id for h in HW_TYPES}
    ids = set()
    for unit in fleet.units.values():
        assert unit.id not in ids
        ids.add(unit.id)
        assert len(unit.uid) == 15
        assert unit.uid.isdigit()
        assert unit.ph.startswith("+")
        assert unit.hw in hw_ids
        assert unit.resource in fleet.resources
        city = CITIES[unit.city]
        for t in range(T, T + 7200, 613):
            msg = sim.message(unit, t, 9)
            pos = msg["pos"]
            north = (pos["y"] - city.lat) * 111.32
            east = (pos["x"] - city.lon) * 111.32 * math.cos(math.radians(city.lat))
            assert math.hypot(north, east) < 6.0, "units stay within a few km of their city"
            assert 0 <= pos["c"] < 360
            assert 0 <= pos["s"] < 100
            assert 7 <= pos["sc"] <= 14
            assert 11.0 < msg["p"]["pwr_ext"] < 15.0
            assert 0.0 <= msg["p"]["adc1"] <= 10.0


def test_units_move_and_odometer_grows() -> None:
    fleet = generate(2, 10)
    unit = next(iter(fleet.units.values()))
    times = list(sim.times_between(unit, T, T + unit.cycle * 2))
    msgs = [sim.message(unit, t, 2) for t in times]
    assert any(m["pos"]["s"] > 0 for m in msgs)
    assert any(m["pos"]["s"] == 0 for m in msgs), "units also stop"
    odometer = [m["p"]["odometer"] for m in msgs]
    assert odometer == sorted(odometer)
    assert odometer[-1] > odometer[0]
    assert len({(m["pos"]["y"], m["pos"]["x"]) for m in msgs}) > 10


def test_message_schedule_is_regular() -> None:
    unit = next(iter(generate(2, 3).units.values()))
    times = list(sim.times_between(unit, T, T + 600))
    assert all(b - a == unit.interval for a, b in itertools.pairwise(times))
    assert all(T < t <= T + 600 for t in times)
    assert sim.last_time_at(unit, times[-1]) == times[-1]
    assert sim.last_time_at(unit, unit.ct - 1) is None


def test_progress_is_reported() -> None:
    seen: list[tuple[int, int]] = []
    generate(1, 12_000, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (12_000, 12_000)
    assert len(seen) >= 3
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


_DIGEST = """
import hashlib, json
from dataclasses import asdict
from wialon_mock.model import sim
from wialon_mock.model.fleet import generate
fleet = generate(5, 30)
rows = [asdict(u) for u in fleet.units.values()]
rows += [sim.message(u, 1_760_000_000, 5) for u in fleet.units.values()]
rows += [(r.nm, r.drivers, r.zones) for r in fleet.resources.values()]
print(hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest())
"""


def test_same_fleet_in_another_process() -> None:
    # another interpreter with another string-hash seed must build the very same fleet
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", _DIGEST], env=env, capture_output=True, text=True, check=True
    )
    fleet = generate(5, 30)
    rows: list[Any] = [asdict(u) for u in fleet.units.values()]
    rows += [sim.message(u, 1_760_000_000, 5) for u in fleet.units.values()]
    rows += [(r.nm, r.drivers, r.zones) for r in fleet.resources.values()]
    local = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
    assert out.stdout.strip() == local


def test_generated_units_carry_the_derived_fields_prepare_computes() -> None:
    # the generator fills them from shared tables; prepare is the definition they must match
    for unit in generate(11, 300).units.values():
        again = copy.copy(unit)
        sim.prepare(again)
        assert asdict(again) == asdict(unit)


def test_generated_units_share_their_movement_floats() -> None:
    units = list(generate(12, 2_000).units.values())
    speeds = {id(u.speed) for u in units}
    assert len(speeds) <= 256 < len(units)  # one float object per table step, not per unit
    assert len({u.uid for u in units}) == len(units)
