"""AVL events as values: what one ``/avl_evts`` reply carries.

A reply is ``{"tm": <server time>, "events": [...], "sensors": [...]}``. Each event is
``{"i": <item id>, "t": "m"|"u"|"d", "d": {...}}``; the special events with a negative ``i``
(upload done, session invalidated, features or access changed, ...) carry no ``t`` at all.
Parsing never raises: odd shapes become events with ``t=None`` and their unknown keys are kept
in ``extra``, so a server that grows a field never breaks a polling loop.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Mapping
from enum import Enum, IntEnum
from typing import Any

__all__ = ["AvlEvent", "AvlEventData", "AvlEventType", "AvlSpecial", "parse_avl_events"]

log = logging.getLogger("aiowialon.events")


class AvlEventType(str, Enum):
    """The ``t`` of an ordinary event."""

    MESSAGE = "m"
    """A new message of item ``i``; ``d`` is the message."""
    UPDATE = "u"
    """Item properties changed; ``d`` holds only the changed keys."""
    DELETE = "d"
    """The item was deleted or left the session."""

    def __str__(self) -> str:
        return str(self.value)


class AvlSpecial(IntEnum):
    """The negative ``i`` values of special events."""

    UPLOAD_DONE = -1
    """A multipart upload or import finished; ``d["hash"]`` is the call's ``eventHash``."""
    SESSION_INVALIDATED = -2
    """The session is gone; log in again."""
    FEATURES_CHANGED = -3
    """Billing features changed; ``d`` is the new ``features`` object."""
    STATISTICS_READY = -4
    """Statistics calculation finished."""
    ACCESS_CHANGED = -5
    """Access to items changed: ``d["r"]`` removed ids, ``d["a"]`` added ones."""


_TYPES: dict[str, AvlEventType] = {t.value: t for t in AvlEventType}
_SPECIALS: dict[int, AvlSpecial] = {s.value: s for s in AvlSpecial}
_KNOWN_KEYS = frozenset({"i", "t", "d"})
_PAUSE_ABOVE = 5_000  # events in one reply past which parsing pauses the cyclic collector


def _as_int(value: Any) -> int:
    if type(value) is int:
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class AvlEventData:
    """One event: item id ``i``, type ``t`` (None for special events) and payload ``d``.

    ``t`` is an :class:`AvlEventType` for the documented letters and the raw string for a
    letter this library does not know. ``d`` is usually a dict, but is kept as sent (it may
    be missing, ``null`` or another JSON value). Keys beyond ``i``, ``t``, ``d`` land in
    ``extra``. Treat instances as read-only values (plain slots keep parsing fast).
    """

    __slots__ = ("d", "extra", "i", "t")

    i: int
    t: AvlEventType | str | None
    d: Any
    extra: Mapping[str, Any]

    def __init__(
        self,
        i: int,
        t: AvlEventType | str | None = None,
        d: Any = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        self.i = i if type(i) is int else _as_int(i)
        if isinstance(t, str) and not isinstance(t, AvlEventType):
            t = _TYPES.get(t, t)
        self.t = t
        self.d = {} if d is None else d
        self.extra = {} if extra is None else extra

    @classmethod
    def from_raw(cls, raw: Any) -> AvlEventData:
        """Build from one element of ``events``; never raises (non-objects give ``i=0``)."""
        data = cls.__new__(cls)
        if not isinstance(raw, dict):
            data.i, data.t, data.d, data.extra = 0, None, raw, {}
            return data
        i = raw.get("i")
        t = raw.get("t")
        if isinstance(t, str):
            t = _TYPES.get(t, t)
        elif t is not None:
            t = str(t)
        data.i = i if type(i) is int else _as_int(i)
        data.t = t
        # "d" stays as sent: a deletion event may carry none (None), a message a dict
        data.d = raw.get("d")
        # counting the known keys is several times cheaper than a keys() <= set comparison
        known = ("i" in raw) + ("t" in raw) + ("d" in raw)
        data.extra = (
            {} if len(raw) == known else {k: v for k, v in raw.items() if k not in _KNOWN_KEYS}
        )
        return data

    def __repr__(self) -> str:
        extra = f", extra={self.extra!r}" if self.extra else ""
        return f"AvlEventData(i={self.i!r}, t={self.t!r}, d={self.d!r}{extra})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AvlEventData):
            return NotImplemented
        return (self.i, self.t, self.d, self.extra) == (other.i, other.t, other.d, other.extra)

    __hash__ = None  # type: ignore[assignment]  # mutable payload: not hashable, like a dict

    @property
    def special(self) -> AvlSpecial | None:
        """The kind of a special (negative ``i``) event, or None for an item event."""
        return _SPECIALS.get(self.i) if self.i < 0 else None

    @property
    def is_special(self) -> bool:
        """True for events with a negative ``i``."""
        return self.i < 0

    @property
    def is_message(self) -> bool:
        """True for a new-message event (``t == "m"``)."""
        return self.t is AvlEventType.MESSAGE

    @property
    def is_update(self) -> bool:
        """True for a property-update event (``t == "u"``)."""
        return self.t is AvlEventType.UPDATE

    @property
    def is_delete(self) -> bool:
        """True for a deletion event (``t == "d"``)."""
        return self.t is AvlEventType.DELETE

    @property
    def is_upload_done(self) -> bool:
        """True for the ``-1`` event that ends a multipart upload or import."""
        return self.i == AvlSpecial.UPLOAD_DONE

    @property
    def is_session_invalidated(self) -> bool:
        """True for the ``-2`` event: the session is no longer valid."""
        return self.i == AvlSpecial.SESSION_INVALIDATED

    @property
    def upload_hash(self) -> str | None:
        """The ``eventHash`` an upload-done event answers, else None."""
        if self.i != AvlSpecial.UPLOAD_DONE or not isinstance(self.d, dict):
            return None
        value = self.d.get("hash")
        return value if isinstance(value, str) else None


class AvlEvent:
    """An event as handlers see it: the reply's server time ``tm`` and the event ``data``.

    Events parsed from a reply keep the raw JSON object and build :attr:`data` on first
    access: routing needs only the item id, so events a handler never looks into cost one
    small object each.
    """

    __slots__ = ("_data", "_i", "_raw", "tm")

    tm: int | None
    _data: AvlEventData | None
    _i: int  # the item id, read at parse time: routing needs nothing else
    _raw: Any  # the JSON object until data is first built

    def __init__(self, tm: int | None, data: AvlEventData) -> None:
        self.tm = tm
        raw: Any = data
        # py-aiowialon accepted a plain dict here; keep that working.
        self._data = raw if isinstance(raw, AvlEventData) else AvlEventData.from_raw(raw)
        self._i = self._data.i
        self._raw = None

    @property
    def data(self) -> AvlEventData:
        """The event itself: item id ``i``, type ``t`` and payload ``d``."""
        data = self._data
        if data is None:
            data = self._data = AvlEventData.from_raw(self._raw)
            self._raw = None
        return data

    @data.setter
    def data(self, value: AvlEventData) -> None:
        self._data = value
        self._i = value.i
        self._raw = None

    def __repr__(self) -> str:
        return f"AvlEvent(tm={self.tm!r}, data={self.data!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AvlEvent):
            return NotImplemented
        return self.tm == other.tm and self.data == other.data

    __hash__ = None  # type: ignore[assignment]  # compares by value, holds mutable data

    @staticmethod
    def parse_avl_events_response(response: Any) -> list[AvlEvent]:
        """All events of one ``/avl_evts`` reply (see :func:`parse_avl_events`)."""
        return parse_avl_events(response)


def parse_avl_events(response: Any) -> list[AvlEvent]:
    """All events of one ``/avl_evts`` reply, in order; an odd reply gives an empty list."""
    if not isinstance(response, dict):
        log.debug("avl_evts reply is not an object: %.200r", response)
        return []
    events = response.get("events")
    if not events:
        return []
    if not isinstance(events, list):
        log.debug("avl_evts 'events' is not a list: %.200r", events)
        return []
    tm = response.get("tm")
    if tm is not None and type(tm) is not int:
        tm = _as_int(tm)
    new = AvlEvent.__new__
    out: list[AvlEvent] = []
    append = out.append
    # A huge reply makes one object per event and no reference cycle: with the collector
    # running, its passes would walk the growing list again and again while it is built.
    pause = len(events) > _PAUSE_ABOVE and gc.isenabled()
    if pause:
        gc.disable()
    try:
        for raw in events:
            # built without __init__: only the item id is read now, the rest on first access
            event = new(AvlEvent)
            event.tm = tm
            event._data = None
            event._raw = raw
            if raw.__class__ is dict:
                i = raw.get("i")
                event._i = i if i.__class__ is int else _as_int(i)
            else:
                event._i = 0
            append(event)
    finally:
        if pause:
            gc.enable()
    return out
