"""Handler dispatch: order, filters, once-handlers, per-handler workers, failures, shutdown."""

from __future__ import annotations

import asyncio
import logging

import pytest

from aiowialon.events import AvlEvent, AvlEventData, EventDispatcher, filters


def _ev(i: int, t: str | None = "m", **d: object) -> AvlEvent:
    return AvlEvent(1, AvlEventData(i, t, dict(d)))


async def _settle(dispatcher: EventDispatcher) -> None:
    """Wait until every worker has taken and finished its queued events."""
    await asyncio.wait_for(dispatcher.stop_workers(grace=10), 10)


async def test_first_accepting_handler_wins_in_registration_order() -> None:
    d = EventDispatcher()
    got: dict[str, list[int]] = {"a": [], "b": [], "rest": []}

    async def a(e: AvlEvent) -> None:
        got["a"].append(e.data.i)

    async def b(e: AvlEvent) -> None:
        got["b"].append(e.data.i)

    async def rest(e: AvlEvent) -> None:
        got["rest"].append(e.data.i)

    d.register(a, filters.items(1, 2))
    d.register(b, filters.items(2, 3))
    d.register(rest)
    taken = await d.dispatch([_ev(i) for i in (1, 2, 3, 4, 2, 1)])
    await _settle(d)
    assert taken == 6
    assert got == {"a": [1, 2, 2, 1], "b": [3], "rest": [4]}


async def test_async_filters_and_filters_that_return_awaitables() -> None:
    d = EventDispatcher()
    got: list[int] = []

    async def only_even(e: AvlEvent) -> bool:
        await asyncio.sleep(0)
        return e.data.i % 2 == 0

    async def sink(e: AvlEvent) -> None:
        got.append(e.data.i)

    d.register(sink, only_even)
    d.register(sink, lambda e: only_even(_ev(e.data.i + 1)), name="odd")
    await d.dispatch([_ev(i) for i in range(6)])
    await _settle(d)
    assert sorted(got) == list(range(6))


async def test_each_handler_runs_serially_and_in_order() -> None:
    d = EventDispatcher()
    seen: list[int] = []
    running = 0
    peak = 0

    async def slow(e: AvlEvent) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.001)
        seen.append(e.data.i)
        running -= 1

    d.register(slow)
    await d.dispatch([_ev(i) for i in range(20)])
    await _settle(d)
    assert seen == list(range(20))
    assert peak == 1


async def test_a_blocked_handler_does_not_block_the_others() -> None:
    d = EventDispatcher()
    release = asyncio.Event()
    done_fast: list[int] = []

    async def blocked(e: AvlEvent) -> None:
        # only the other handler's progress releases this one: a shared worker would deadlock
        await release.wait()

    async def fast(e: AvlEvent) -> None:
        done_fast.append(e.data.i)
        if len(done_fast) == 3:
            release.set()

    d.register(blocked, filters.items(1))
    d.register(fast)
    await d.dispatch([_ev(1), _ev(2), _ev(3), _ev(4)])
    await asyncio.wait_for(release.wait(), 5)
    await _settle(d)
    assert done_fast == [2, 3, 4]


@pytest.mark.parametrize("order", ["once_below", "once_above"])
async def test_once_handler_takes_exactly_one_event(order: str) -> None:
    d = EventDispatcher()
    first: list[int] = []
    later: list[int] = []

    async def one(e: AvlEvent) -> None:
        first.append(e.data.i)

    async def rest(e: AvlEvent) -> None:
        later.append(e.data.i)

    if order == "once_below":
        d.mark_once(one)
        d.register(one)
    else:
        d.register(one)
        d.mark_once(one)
    d.register(rest)
    await d.dispatch([_ev(1), _ev(2), _ev(3)])
    await _settle(d)
    assert first == [1]
    assert later == [2, 3]
    assert [h.name for h in d.handlers] == ["rest"]


async def test_remove_by_name_or_function() -> None:
    d = EventDispatcher()

    async def a(e: AvlEvent) -> None:
        return None

    async def b(e: AvlEvent) -> None:
        return None

    d.register(a)
    d.register(b, name="bee")
    with pytest.raises(KeyError):
        d.register(a)
    d.remove("bee")
    d.remove(a)
    assert d.handlers == ()
    with pytest.raises(KeyError):
        d.remove("a")


async def test_removed_handler_still_finishes_queued_events() -> None:
    d = EventDispatcher()
    gate = asyncio.Event()
    got: list[int] = []

    async def h(e: AvlEvent) -> None:
        await gate.wait()
        got.append(e.data.i)

    d.register(h)
    await d.dispatch([_ev(1), _ev(2)])
    d.remove(h)
    assert await d.dispatch([_ev(3)]) == 0
    gate.set()
    await _settle(d)
    assert got == [1, 2]


async def test_failing_handler_is_logged_and_keeps_working(
    caplog: pytest.LogCaptureFixture,
) -> None:
    d = EventDispatcher()
    got: list[int] = []

    async def flaky(e: AvlEvent) -> None:
        if e.data.i == 2:
            raise RuntimeError("boom")
        got.append(e.data.i)

    def bad_filter(e: AvlEvent) -> bool:
        raise ValueError("filter broke")

    async def never(e: AvlEvent) -> None:
        raise AssertionError("a raising filter must not accept")

    d.register(never, bad_filter)
    d.register(flaky)
    with caplog.at_level(logging.ERROR, logger="aiowialon.events"):
        await d.dispatch([_ev(1), _ev(2), _ev(3)])
        await _settle(d)
    assert got == [1, 3]
    failures = [r for r in caplog.records if "boom" in r.getMessage()]
    assert len(failures) == 1
    assert failures[0].exc_info is None  # one line at ERROR; the traceback goes to DEBUG
    assert any("filter broke" in r.getMessage() for r in caplog.records)


async def test_stop_workers_drains_then_cancels_stragglers() -> None:
    d = EventDispatcher()
    got: list[int] = []

    async def quick(e: AvlEvent) -> None:
        got.append(e.data.i)

    async def stuck(e: AvlEvent) -> None:
        await asyncio.Event().wait()

    d.register(stuck, filters.items(0))
    d.register(quick)
    await d.dispatch([_ev(0), _ev(1), _ev(2)])
    await d.stop_workers(grace=0.2)
    assert got == [1, 2]
    assert {t for t in asyncio.all_tasks() if t is not asyncio.current_task()} == set()
    # handlers stay registered and work again afterwards
    await d.dispatch([_ev(3)])
    await _settle(d)
    assert got == [1, 2, 3]


async def test_cancel_workers_leaves_no_task() -> None:
    d = EventDispatcher()

    async def stuck(e: AvlEvent) -> None:
        await asyncio.Event().wait()

    d.register(stuck)
    await d.dispatch([_ev(i) for i in range(5)])
    await asyncio.sleep(0)
    await d.cancel_workers()
    assert {t for t in asyncio.all_tasks() if t is not asyncio.current_task()} == set()


async def test_waiters_see_events_without_taking_them() -> None:
    d = EventDispatcher()
    got: list[int] = []

    async def h(e: AvlEvent) -> None:
        got.append(e.data.i)

    d.register(h)
    future = d.add_waiter(filters.upload_done("abc"))
    other = d.add_waiter(lambda e: e.data.i == 99)
    await d.dispatch([_ev(5), AvlEvent(1, AvlEventData(-1, None, {"hash": "abc"}))])
    assert future.done()
    assert future.result().data.upload_hash == "abc"
    assert not other.done()
    d.discard_waiter(other)
    d.feed_waiters([_ev(99)])
    assert not other.done()
    await _settle(d)
    assert got == [5, -1]


def test_filter_helpers() -> None:
    msg, upd, gone, up = _ev(1, "m"), _ev(2, "u"), _ev(3, "d"), _ev(-1, None, hash="h")
    assert [filters.messages(e) for e in (msg, upd, gone, up)] == [True, False, False, False]
    assert [filters.updates(e) for e in (msg, upd)] == [False, True]
    assert filters.deletions(gone)
    assert filters.event_types("m", "d")(gone)
    assert not filters.event_types("m")(upd)
    assert filters.special()(up)
    assert not filters.special(-2)(up)
    assert filters.upload_done()(up)
    assert filters.all_of(filters.items(1), filters.messages)(msg)
    assert not filters.all_of(filters.items(1), filters.updates)(msg)
    assert filters.any_of(filters.items(7), filters.updates)(upd)
    assert filters.negate(filters.items(1))(upd)


async def test_a_handler_may_stop_the_workers_and_still_work_afterwards() -> None:
    d = EventDispatcher()
    got: list[int] = []

    async def h(e: AvlEvent) -> None:
        got.append(e.data.i)
        if e.data.i == 1:
            await d.stop_workers(grace=1)

    d.register(h)
    await d.dispatch([_ev(1)])
    await _settle(d)
    await d.dispatch([_ev(2)])
    await _settle(d)
    assert got == [1, 2]
