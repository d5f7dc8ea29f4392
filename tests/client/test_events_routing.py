"""Routing by item id: ``filters.items`` handlers are routed without being called, and the
routes follow every change of the handler list or of a handler's filter."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable

from aiowialon.events import AvlEvent, AvlEventData, EventDispatcher, filters, parse_avl_events


async def _settle(dispatcher: EventDispatcher) -> None:
    await asyncio.wait_for(dispatcher.stop_workers(grace=10), 10)


def _reply(*ids: int) -> dict[str, object]:
    return {"tm": 5, "events": [{"i": i, "t": "m", "d": {"n": n}} for n, i in enumerate(ids)]}


def _sink(name: str, got: dict[str, list[int]]) -> Callable[[AvlEvent], Awaitable[None]]:
    got[name] = []

    async def callback(event: AvlEvent) -> None:
        got[name].append(event.data.i)

    callback.__name__ = name
    return callback


async def test_a_generic_filter_registered_first_still_sees_events_before_an_items_filter() -> None:
    d = EventDispatcher()
    got: dict[str, list[int]] = {}
    asked: list[int] = []

    def odd(event: AvlEvent) -> bool:
        asked.append(event.data.i)
        return event.data.i % 2 == 1

    d.register(_sink("odd", got), odd)
    d.register(_sink("ones", got), filters.items(1, 2))
    d.register(_sink("rest", got))
    await d.dispatch(parse_avl_events(_reply(1, 2, 3, 2, 1, 4)))
    await _settle(d)
    assert got == {"odd": [1, 3, 1], "ones": [2, 2], "rest": [4]}
    assert asked == [1, 2, 3, 2, 1, 4]  # the generic filter was asked about every event


async def test_replacing_a_handlers_filter_reroutes_the_next_dispatch() -> None:
    d = EventDispatcher()
    got: dict[str, list[int]] = {}
    first = d.register(_sink("first", got), filters.items(1))
    d.register(_sink("rest", got))
    await d.dispatch(parse_avl_events(_reply(1, 2)))
    first.filter = filters.items(2)
    await d.dispatch(parse_avl_events(_reply(1, 2)))
    await _settle(d)
    assert got == {"first": [1, 2], "rest": [2, 1]}


async def test_a_once_items_handler_retires_and_the_same_item_goes_on_to_the_next() -> None:
    d = EventDispatcher()
    got: dict[str, list[int]] = {}
    d.register(_sink("once", got), filters.items(7), once=True)
    d.register(_sink("later", got), filters.items(7, 8))
    await d.dispatch(parse_avl_events(_reply(7, 7, 8, 7)))
    await _settle(d)
    assert got == {"once": [7], "later": [7, 8, 7]}


async def test_registering_between_dispatches_is_seen_for_items_already_routed() -> None:
    d = EventDispatcher()
    got: dict[str, list[int]] = {}
    d.register(_sink("late", got), filters.items(3))
    await d.dispatch(parse_avl_events(_reply(4)))  # 4 is routed to nobody
    d.register(_sink("all", got))
    await d.dispatch(parse_avl_events(_reply(4, 3)))
    await _settle(d)
    assert got == {"late": [3], "all": [4]}


async def test_an_async_filter_that_registers_a_handler_takes_effect_for_the_next_event() -> None:
    d = EventDispatcher()
    got: dict[str, list[int]] = {}
    late = _sink("late", got)

    async def register_once(event: AvlEvent) -> bool:
        if d.find("late") is None:
            d.register(late, filters.items(5, 6))
        return False

    d.register(_sink("never", got), register_once)
    await d.dispatch(parse_avl_events(_reply(5, 6)))
    await _settle(d)
    assert got == {"never": [], "late": [6]}  # event 5 was routed before it existed


def test_parsed_events_build_their_data_on_first_access_and_equal_eager_ones() -> None:
    reply = {"tm": 9, "events": [{"i": "12", "t": "u", "d": {"nm": "x"}, "extra": 1}, "odd"]}
    lazy = parse_avl_events(reply)
    assert lazy[0] == AvlEvent(9, AvlEventData(12, "u", {"nm": "x"}, {"extra": 1}))
    assert lazy[0].data is lazy[0].data  # built once, then kept
    assert lazy[1].data.i == 0
    assert lazy[1].data.d == "odd"
    assert repr(lazy[0]).startswith("AvlEvent(tm=9, data=AvlEventData(i=12")


async def test_pending_counts_queued_events_until_the_worker_takes_them() -> None:
    d = EventDispatcher()
    gate = asyncio.Event()
    seen: list[int] = []

    async def slow(event: AvlEvent) -> None:
        await gate.wait()
        seen.append(event.data.i)

    handler = d.register(slow)
    await d.dispatch(parse_avl_events(_reply(1, 2, 3)))
    await asyncio.sleep(0)  # the worker takes the first event and waits on the gate
    assert handler.pending == 2
    gate.set()
    await _settle(d)
    assert seen == [1, 2, 3]
    assert handler.pending == 0


async def test_a_long_dispatch_lets_the_workers_run_so_queues_stay_bounded() -> None:
    d = EventDispatcher()
    backlog: list[int] = []

    async def counting(event: AvlEvent) -> None:
        backlog.append(d.handlers[0].pending)

    d.register(counting, filters.items(1))
    total = 5_000
    await d.dispatch(parse_avl_events(_reply(*[1] * total)))
    # workers ran during dispatch: the first event was taken long before the last was queued
    assert backlog
    assert max(backlog) < total // 2
    await _settle(d)
    assert len(backlog) == total


async def test_a_handler_registered_while_dispatch_gives_way_is_routed_at_once() -> None:
    d = EventDispatcher()
    got: dict[str, list[int]] = {}
    late = _sink("late", got)

    async def ones(event: AvlEvent) -> None:
        got.setdefault("ones", []).append(event.data.i)
        if d.find("late") is None:
            d.register(late, filters.items(2))

    d.register(ones, filters.items(1))
    total = 10_000
    await d.dispatch(parse_avl_events(_reply(*[1, 2] * (total // 2))))
    await _settle(d)
    assert len(got["ones"]) == total // 2
    # item 2 went to nobody until "late" existed, then to "late" within the same dispatch
    assert 0 < len(got["late"]) < total // 2
    assert set(got["late"]) == {2}


def test_a_huge_reply_parses_whole_and_leaves_the_collector_as_it_was() -> None:
    ids = list(range(20_000))
    events = parse_avl_events(_reply(*ids))
    assert [e.data.i for e in events] == ids
    assert [e.data.d for e in events[:2]] == [{"n": 0}, {"n": 1}]
    assert gc.isenabled()
    gc.disable()
    try:
        assert len(parse_avl_events(_reply(*ids))) == len(ids)
        assert not gc.isenabled()  # a collector the program stopped stays stopped
    finally:
        gc.enable()
