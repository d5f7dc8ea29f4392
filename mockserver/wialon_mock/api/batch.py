"""core/batch, shared by the endpoint and the HTTP layer: parse, run item by item, bound it.

help.wialon.com/en/api/user-guide/api-reference/core/batch (and the ru page): two params
forms (a bare array, or ``{"params": [...], "flags": 0|1}``), an answer array in request
order, ``flags:1`` turning every item after a failure into ``{"error":10}``, and two errors for
the whole batch: 4 for wrong params and 6 when "the returned result exceeds the allowed number
of characters". The page gives neither number; this fake's choices:

* at most :data:`MAX_ITEMS` items (more is error 4: no client batches that many, and each
  item may itself be a search over the whole fleet);
* an answer of at most :data:`MAX_ANSWER_BYTES` (error 6, the documented code);
* a batch holding heavy calls (message loading, reports, exports) counts as one heavy request
  of its session while it runs, so it cannot slip past the limit of three (Limitations page:
  help.wialon.com/en/wialon-hosting/user-guide/requirements-and-limitations/limitations).

The HTTP layer runs the items with :func:`run_async`, giving the event loop back between two
items, so a long batch delays other clients by one item at a time, not by the whole batch.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wialon_protocol.errors import ErrorCode as E

from ..model.errors import ApiError
from .json_input import Sink, encode_answer, encode_into
from .params import obj, opt_int
from .registry import BatchFault, FileAnswer, dispatch, load_handlers

if TYPE_CHECKING:
    from ..model.state import World

__all__ = [
    "MAX_ANSWER_BYTES",
    "MAX_ITEMS",
    "Batch",
    "EncodedAnswer",
    "item_error",
    "parse",
    "run_async",
]

#: most items one batch may hold
MAX_ITEMS = 1000
#: largest answer one batch may build (bytes of compact JSON)
MAX_ANSWER_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class EncodedAnswer:
    """An answer already written as JSON bytes (the HTTP layer sends it as it is).

    A batch answer also says, per item, its Wialon error code (``None`` for success) and
    its size in bytes: the journal lists the items of a batch too big to keep whole.
    """

    data: bytes
    item_errors: tuple[int | None, ...] = ()
    item_sizes: tuple[int, ...] = ()


def item_error(result: Any) -> int | None:
    """The error code of one item's answer (``{"error": N}``, N not 0), else None."""
    if type(result) is dict:
        code = result.get("error")
        if type(code) is int and code:
            return code
    return None


@dataclass
class Batch:
    """The calls of one core/batch request."""

    calls: list[Any]
    stop_on_error: bool

    def heavy_items(self) -> int:
        """How many items are resource-intensive calls."""
        registry = load_handlers()
        count = 0
        for call in self.calls:
            svc = call.get("svc") if isinstance(call, dict) else None
            ep = registry.get(svc) if isinstance(svc, str) else None
            count += ep is not None and ep.heavy
        return count


def parse(params: Any) -> Batch:
    """The batch in ``params`` (either form); ``ApiError(4)`` for anything else."""
    stop_on_error = False
    if isinstance(params, list):
        calls = params
    else:
        p = obj(params)
        listed = p.get("params")
        stop_on_error = bool(opt_int(p, "flags", 0) & 0x1)
        if not isinstance(listed, list):
            raise ApiError(E.INVALID_INPUT)
        calls = listed
    if len(calls) > MAX_ITEMS:
        raise ApiError(E.INVALID_INPUT)
    return Batch(calls, stop_on_error)


def run_item(
    world: World, call: Any, sid: str, remote: str, fault: BatchFault | None = None
) -> tuple[Any, bool]:
    """One item's answer, and whether it failed."""
    try:
        if not isinstance(call, dict) or not isinstance(call.get("svc"), str):
            raise ApiError(E.INVALID_INPUT)
        result = dispatch(
            world,
            call["svc"],
            call.get("params", {}),
            sid=sid,
            remote=remote,
            in_batch=True,
            batch_fault=fault,
        )
        if isinstance(result, FileAnswer):  # downloads cannot travel inside a JSON array
            raise ApiError(E.INVALID_INPUT)
    except ApiError as exc:
        return exc.body(), True
    return result, False


class _Answer:
    """The answer array, written item by item and kept under :data:`MAX_ANSWER_BYTES`."""

    def __init__(self) -> None:
        self.sink = Sink(MAX_ANSWER_BYTES)
        self.sink.put(b"[")
        self.items = 0
        self.errors: list[int | None] = []
        self.sizes: list[int] = []

    def _next(self, result: Any) -> int:
        if self.items:
            self.sink.put(b",")
        self.items += 1
        self.errors.append(item_error(result))
        return self.sink.size

    def add(self, result: Any) -> None:
        start = self._next(result)
        self.sink.put(encode_answer(result))
        self.sizes.append(self.sink.size - start)

    async def add_async(self, result: Any) -> None:
        # a long item (a year of messages, made lazily) is made and written a slice at a
        # time straight into the answer, and stops as soon as the answer passes the cap
        start = self._next(result)
        await encode_into(result, self.sink)
        self.sizes.append(self.sink.size - start)

    def encoded(self) -> EncodedAnswer:
        self.sink.put(b"]")
        return EncodedAnswer(self.sink.joined(), tuple(self.errors), tuple(self.sizes))


def run(
    world: World, batch: Batch, sid: str, remote: str, fault: BatchFault | None = None
) -> list[Any]:
    """Run every item in the calling thread (in-process use); the decoded answer list."""
    answer = _Answer()
    results: list[Any] = []
    failed = False
    for call in batch.calls:
        if failed:
            result: Any = {"error": E.CONCURRENT_REQUEST_LIMIT}
        else:
            result, bad = run_item(world, call, sid, remote, fault)
            failed = bad and batch.stop_on_error
        answer.add(result)
        results.append(result)
    return results


async def run_async(
    world: World, batch: Batch, sid: str, remote: str, fault: BatchFault | None = None
) -> EncodedAnswer:
    """Run the items one by one, yielding to the event loop between them; the encoded answer.

    The session is looked up again before each item: one that dies half-way (logged out by an
    item, expired by the admin API) answers error 1 for the rest, as a fresh call would.
    """
    answer = _Answer()
    failed = False
    for index, call in enumerate(batch.calls):
        if index:
            await asyncio.sleep(0)
        if failed:
            answer.add({"error": E.CONCURRENT_REQUEST_LIMIT})
            continue
        result, bad = run_item(world, call, sid, remote, fault)
        failed = bad and batch.stop_on_error
        await answer.add_async(result)
        # the item's objects go now, not when the next item's result replaces them
        del result
    return answer.encoded()
