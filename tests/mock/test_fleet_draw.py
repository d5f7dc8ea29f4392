"""Units drawn in bulk, column by column, are the units ``make_unit`` draws one at a time.

``make_unit`` is the reference (it is also what ``core/create_unit`` uses): the bulk drawing
is only a faster way to the same fleet, so every field of every unit and the random stream
left behind must be equal.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import asdict

import pytest

from wialon_mock.model import fleet as fleet_module
from wialon_mock.model.fleet import FLEET_EPOCH, generate, make_unit
from wialon_mock.model.fleet_data import VEHICLES
from wialon_mock.model.fleet_draw import UnitDraw, draw_units
from wialon_mock.model.items import Unit


def _one_by_one(
    rng: random.Random,
    first_id: int,
    count: int,
    resources: Sequence[int],
    cities: Sequence[int],
    slot: int,
    draw: UnitDraw,
) -> list[Unit]:
    n = len(resources)
    return [
        make_unit(
            rng,
            first_id + k,
            resources[(slot + k) % n],
            cities[(slot + k) % n],
            epoch=draw.created[0] + 86400,
            draw=draw,
        )
        for k in range(count)
    ]


@pytest.mark.parametrize(
    ("seed", "epoch", "count", "n_resources", "slot"),
    [
        (7, FLEET_EPOCH, 5_000, 8, 0),
        (3, FLEET_EPOCH, 777, 8, 5),
        (11, 1_700_000_000, 1, 1, 0),
        (2, 1_234_567_890, 2_001, 3, 2),
    ],
)
def test_bulk_draw_equals_one_make_unit_per_unit(
    seed: int, epoch: int, count: int, n_resources: int, slot: int
) -> None:
    resources = [100 + r for r in range(n_resources)]
    cities = list(range(n_resources))
    bulk_rng, single_rng = random.Random(seed), random.Random(seed)
    bulk = draw_units(bulk_rng, 5_000_000, count, resources, cities, slot, UnitDraw(epoch))
    single = _one_by_one(single_rng, 5_000_000, count, resources, cities, slot, UnitDraw(epoch))
    assert [asdict(u) for u in bulk] == [asdict(u) for u in single]
    # the next draw continues from the same point of the stream
    assert bulk_rng.getstate() == single_rng.getstate()
    # passwords both set and empty, both directions: the columns' tables are all exercised
    if count > 100:
        assert {u.psw == "" for u in bulk} == {True, False}
        assert {u.direction for u in bulk} == {1, -1}


def test_drawing_nothing_leaves_the_stream_alone() -> None:
    rng = random.Random(1)
    state = rng.getstate()
    assert draw_units(rng, 1, 0, [5], [0], 0, UnitDraw(FLEET_EPOCH)) == []
    assert rng.getstate() == state


def test_generate_is_the_fleet_of_one_make_unit_per_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = generate(4, 12_345, clock_start=1_700_000_000)
    monkeypatch.setattr(fleet_module, "draw_units", _one_by_one)
    slow = generate(4, 12_345, clock_start=1_700_000_000)
    for table in ("users", "resources", "units", "groups"):
        got, want = getattr(fast, table), getattr(slow, table)
        assert list(got) == list(want)
        assert [asdict(v) for v in got.values()] == [asdict(v) for v in want.values()]
    assert fast.next_id == slow.next_id


def test_groups_hold_their_resources_units_and_the_vans() -> None:
    fleet = generate(6, 3_003)
    units = list(fleet.units.values())
    *per_resource, vans = fleet.groups.values()
    for group, res_id in zip(per_resource, fleet.resources, strict=True):
        assert group.units == [u.id for u in units if u.resource == res_id]
    van_models = {"Sprinter", "Transit", "Master", "Daily", "Crafter", "Boxer"}
    assert vans.nm == "Vans"
    assert vans.units == [u.id for u in units if VEHICLES[u.vehicle][1] in van_models]
    assert vans.units


def test_groups_share_the_units_id_objects() -> None:
    # a million units: fresh int objects in the group lists would cost 30 MB
    fleet = generate(6, 2_000)
    own = {id(unit_id) for unit_id in fleet.units}
    assert all(id(member) in own for group in fleet.groups.values() for member in group.units)
