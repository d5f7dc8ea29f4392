"""Catch-up across a lost session: the messages sent while no session was registered.

Wialon delivers ``avl_evts`` events from the moment items are registered in a session. When
the session dies (idle expiry, a server restart, a ``-2`` event), every message a unit sends
until the next login has registered it again is never delivered as an event. With
``start_polling(..., catch_up=True)`` the poller keeps, per unit, the time of the last
message it delivered; after a re-login it loads each registered unit's messages from there
on with ``messages/load_interval`` and dispatches them as ``m`` events, in time order,
before any new poll. Message events that arrive later and are not newer than what a unit
already delivered are dropped, so nothing is delivered twice.

Choices where the reference is silent:

* "Registered units" are the items named in the answers of ``core/update_data_flags``
  (mode 0 and 1 add them, a mode 2 that removes the base flag 0x1 drops them) plus every
  unit a message event came from.
* Only data messages (``tp: "ud"``: flags 0, mask 0xFF00) are loaded and de-duplicated; they
  are what ``m`` events carry for units. Wialon keeps one message per unit per second, so a
  message's ``t`` identifies it within its unit.
* A unit that delivered nothing yet starts after the server time of the last poll that
  worked (the ``tm`` of its answer), or of the login when no poll worked.
* The loads go :data:`CHUNK` units to a ``core/batch`` (each item answers its own
  messages; the items of a batch run one after another, so the exclusive-call rule is
  kept), each batch under the session lock, pages of :data:`PAGE` messages per unit, and
  one ``messages/unload`` at the end (each load replaces the loader's contents, so one
  unload frees it). A catch-up costs ``ceil(units / CHUNK)`` batches plus one request,
  not two requests per unit.
* An item error that says the server was busy (5, 6, 10, 1003) is asked again; any other
  (the unit was deleted, access withdrawn) drops that unit from this catch-up with a
  warning, so one lost unit cannot stall the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import WialonBatchError
from .types import AvlEvent, AvlEventData, AvlEventType

if TYPE_CHECKING:
    from ..calls import Call

__all__ = ["CHUNK", "PAGE", "CatchUp", "CatchUpClient"]

log = logging.getLogger("aiowialon.events")

#: messages asked for per unit and request
PAGE = 1000
#: units whose loads share one ``core/batch`` (so one batch answers at most CHUNK * PAGE
#: messages, well under what makes Wialon refuse a batch as too large)
CHUNK = 50
#: item errors worth asking again (server busy, limits); any other drops the unit
_TRANSIENT = frozenset({5, 6, 10, 1003})
#: the latest time ``load_interval`` accepts: "up to now" whatever the server's clock says
_END_OF_TIME = 0xFFFFFFFF
_DATA_FLAGS, _DATA_MASK = 0, 0xFF00
_BASE_FLAG = 0x1


class CatchUpClient(Protocol):
    """What catch-up uses of its client: public calls only."""

    def call(self, action_name: str, /, **params: Any) -> Call[Any]: ...

    def batch(self, *calls: Call[Any], flags_: int = 0) -> Call[list[Any]]: ...

    @property
    def session_lock(self) -> Callable[..., Any]: ...


def _is_data_message(d: Any) -> bool:
    return isinstance(d, dict) and d.get("tp", "ud") == "ud" and type(d.get("t")) is int


class CatchUp:
    """What one polling run delivered, and the loading of what a lost session missed."""

    __slots__ = ("_loaded", "_next", "floor", "last", "loaded_total", "pending", "registered")

    def __init__(self) -> None:
        #: unit id -> ``t`` of the newest message delivered for it
        self.last: dict[int, int] = {}
        #: units the current registrations name
        self.registered: set[int] = set()
        #: server time up to which polls have delivered events
        self.floor: int | None = None
        #: a session was lost and its gap is not loaded yet
        self.pending = False
        #: messages loaded by catch-ups so far (for logs and tests)
        self.loaded_total = 0
        self._loaded: dict[int, list[dict[str, Any]]] = {}
        #: unit -> the time its next load starts at, while a catch-up is under way
        self._next: dict[int, int] | None = None

    # -- bookkeeping ----------------------------------------------------------------------

    def note_login(self, answer: Any) -> None:
        """A session opened: its server time is the floor if no poll set one yet."""
        tm = answer.get("tm") if isinstance(answer, dict) else None
        if self.floor is None and type(tm) is int:
            self.floor = tm

    def note_registration(self, params: Any, answer: Any) -> None:
        """Follow ``core/update_data_flags``: which items the session now watches."""
        if not isinstance(answer, list):
            return
        specs = params.get("spec") if isinstance(params, dict) else None
        specs = specs if isinstance(specs, list) else []
        removing = bool(specs) and all(
            isinstance(s, dict) and _as_int(s.get("mode")) == 2 for s in specs
        )
        drops_base = removing and any(_as_int(s.get("flags")) & _BASE_FLAG for s in specs)
        ids = {_as_int(e.get("i")) for e in answer if isinstance(e, dict)}
        ids.discard(0)
        if not removing:
            self.registered |= ids
        elif drops_base:
            self.registered -= ids

    def fresh(self, events: list[AvlEvent], tm: Any) -> list[AvlEvent]:
        """``events`` without the messages already delivered; remembers the new ones."""
        if type(tm) is int:
            self.floor = tm
        last = self.last
        out: list[AvlEvent] = []
        for event in events:
            data = event.data
            if data.t is AvlEventType.MESSAGE and data.i > 0 and _is_data_message(data.d):
                t = data.d["t"]
                seen = last.get(data.i)
                if seen is not None and t <= seen:
                    continue
                last[data.i] = t
            out.append(event)
        return out

    # -- loading --------------------------------------------------------------------------

    async def load(self, host: CatchUpClient) -> list[AvlEvent]:
        """The missed messages of every registered unit, oldest first, as ``m`` events.

        The units' loads travel together, :data:`CHUNK` per ``core/batch``; a unit with more
        than :data:`PAGE` messages is asked again from its last one, in a later batch. One
        ``messages/unload`` follows. A failure keeps what was loaded so far, so a retry
        goes on from there.
        """
        if self._next is None:
            floor = self.floor if self.floor is not None else 0
            units = sorted(self.registered | self.last.keys())
            self._next = {unit: self.last.get(unit, floor) + 1 for unit in units}
        pending = self._next
        locked = host.session_lock(self._load_chunk)
        while pending:
            chunk = sorted(pending)[:CHUNK]
            answers = await locked(host, [(unit, pending[unit]) for unit in chunk])
            for unit, answer in zip(chunk, answers, strict=True):
                self._take(unit, answer)
        await self._unload(host)
        merged = [(m["t"], unit, m) for unit, msgs in self._loaded.items() for m in msgs]
        merged.sort(key=lambda entry: (entry[0], entry[1]))
        count = len(self._loaded)
        self._loaded, self._next, self.pending = {}, None, False
        self.loaded_total += len(merged)
        if merged:
            log.info("catch-up: %d messages of %d units loaded", len(merged), count)
        return [
            AvlEvent(t, AvlEventData(unit, AvlEventType.MESSAGE, message))
            for t, unit, message in merged
        ]

    def _take(self, unit: int, answer: Any) -> None:
        """One unit's load answer: keep its messages, ask for the rest later if there is more."""
        assert self._next is not None
        if type(answer) is dict and "error" in answer:
            code = answer.get("error")
            if code in _TRANSIENT:
                return  # asked again in the next batch
            # the unit is gone or out of reach (deleted, access withdrawn): nothing to load
            log.warning("catch-up: messages of unit %s not loaded (error %s)", unit, code)
            del self._next[unit]
            return
        page = _messages(answer)
        self._loaded.setdefault(unit, []).extend(page)
        total = answer.get("count") if isinstance(answer, dict) else None
        if not page or len(page) < PAGE or (type(total) is int and total <= len(page)):
            del self._next[unit]
        else:
            self._next[unit] = page[-1]["t"] + 1

    @staticmethod
    async def _load_chunk(host: CatchUpClient, starts: list[tuple[int, int]]) -> list[Any]:
        calls = [
            host.call(
                "messages/load_interval",
                itemId=unit,
                timeFrom=start,
                timeTo=_END_OF_TIME,
                flags=_DATA_FLAGS,
                flagsMask=_DATA_MASK,
                loadCount=PAGE,
            )
            for unit, start in starts
        ]
        try:
            answers: list[Any] = await host.batch(*calls)
        except WialonBatchError as exc:
            # some items failed: the others' answers are in the raw result all the same
            if not isinstance(exc.result, list) or len(exc.result) != len(calls):
                raise
            answers = exc.result
        return answers

    async def _unload(self, host: CatchUpClient) -> None:
        if not any(self._loaded.values()):
            return
        try:
            await host.call("messages/unload")
        except Exception as exc:
            # the messages are loaded; a loader left full only costs the server memory
            log.warning("catch-up: messages/unload failed: %s", exc)


def _messages(answer: Any) -> list[dict[str, Any]]:
    messages: Iterable[Any] = answer.get("messages", []) if isinstance(answer, dict) else []
    return [m for m in messages if _is_data_message(m)]


def _as_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
