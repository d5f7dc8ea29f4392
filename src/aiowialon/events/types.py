"""AVL events as values: what one ``/avl_evts`` reply carries.

A reply is ``{"tm": <server time>, "events": [...], "sensors": [...]}``. Each event is
``{"i": <item id>, "t": "m"|"u"|"d", "d": {...}}``; the special events with a negative ``i``
(upload done, session invalidated, features or access changed, ...) carry no ``t`` at all.
Parsing never raises: odd shapes become events with ``t=None`` and their unknown keys are kept
in ``extra``, so a server that grows a field never breaks a polling loop.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
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


def _as_int(value: Any) -> int:
    if type(value) is int:
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@dataclass(frozen=True, slots=True)
class AvlEventData:
    """One event: item id ``i``, type ``t`` (None for special events) and payload ``d``.

    ``t`` is an :class:`AvlEventType` for the documented letters and the raw string for a
    letter this library does not know. ``d`` is usually a dict, but is kept as sent (it may
    be missing, ``null`` or another JSON value). Keys beyond ``i``, ``t``, ``d`` land in
    ``extra``.
    """

    i: int
    t: AvlEventType | str | None = None
    d: Any = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        t = self.t
        if isinstance(t, str) and not isinstance(t, AvlEventType):
            object.__setattr__(self, "t", _TYPES.get(t, t))
        if type(self.i) is not int:
            object.__setattr__(self, "i", _as_int(self.i))

    @classmethod
    def from_raw(cls, raw: Any) -> AvlEventData:
        """Build from one element of ``events``; never raises (non-objects give ``i=0``)."""
        if not isinstance(raw, dict):
            return cls(0, None, raw)
        extra: dict[str, Any] = {}
        if not raw.keys() <= _KNOWN_KEYS:
            extra = {k: v for k, v in raw.items() if k not in _KNOWN_KEYS}
        t = raw.get("t")
        if isinstance(t, str):
            t = _TYPES.get(t, t)
        elif t is not None:
            t = str(t)
        return cls(_as_int(raw.get("i")), t, raw.get("d"), extra)

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


@dataclass(frozen=True, slots=True)
class AvlEvent:
    """An event as handlers see it: the reply's server time ``tm`` and the event ``data``."""

    tm: int | None
    data: AvlEventData

    def __post_init__(self) -> None:
        # py-aiowialon accepted a plain dict here; keep that working.
        data: Any = self.data
        if not isinstance(data, AvlEventData):
            object.__setattr__(self, "data", AvlEventData.from_raw(data))

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
    from_raw = AvlEventData.from_raw
    return [AvlEvent(tm, from_raw(raw)) for raw in events]
