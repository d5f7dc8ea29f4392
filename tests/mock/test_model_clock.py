"""The server clock: real time by default, frozen, scaled or advanced, driven by a fake source."""

from __future__ import annotations

import pytest

from wialon_mock.model.clock import Clock


class FakeTime:
    """A hand-driven time source, so no test depends on the wall clock."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


def test_follows_its_source_from_the_start_value() -> None:
    source = FakeTime()
    clock = Clock(5000.0, source=source)
    assert clock.now() == 5000.0
    source.value += 7
    assert clock.now() == 5007.0


def test_freeze_advance_and_unfreeze() -> None:
    source = FakeTime()
    clock = Clock(5000.0, frozen=True, source=source)
    source.value += 100
    assert clock.now() == 5000.0
    assert clock.advance(60) == 5060.0
    assert clock.now() == 5060.0
    clock.freeze(False)
    source.value += 3
    assert clock.now() == 5063.0


def test_scale_applies_from_now_on() -> None:
    source = FakeTime()
    clock = Clock(0.0, source=source)
    source.value += 10
    clock.set_scale(10)
    source.value += 2
    assert clock.now() == 30.0
    snap = clock.snapshot()
    assert snap == {"now": 30.0, "frozen": False, "scale": 10.0}


def test_refuses_going_back_or_stopping_by_scale() -> None:
    clock = Clock(0.0, source=FakeTime())
    with pytest.raises(ValueError, match="forward"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="positive"):
        clock.set_scale(0)
