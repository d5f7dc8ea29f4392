"""AVL events: event values, handler dispatch, filters, the polling loop and event waits.

A ``Wialon`` owns an :class:`EventPoller` (the loop and the handler list) and an
:class:`EventWaits`; its ``avl_event_handler``, ``avl_event_once``,
``remove_avl_event_handler``, ``start_polling``, ``stop_polling``, ``wait_for_event`` and
``upload_and_wait`` hand over to them.
"""

from __future__ import annotations

from . import filters
from .dispatch import AvlEventCallback, AvlEventFilter, AvlEventHandler, EventDispatcher
from .poller import EventPoller, PollingClient
from .types import AvlEvent, AvlEventData, AvlEventType, AvlSpecial, parse_avl_events
from .waits import EventWaits, WaitingClient

__all__ = [
    "AvlEvent",
    "AvlEventCallback",
    "AvlEventData",
    "AvlEventFilter",
    "AvlEventHandler",
    "AvlEventType",
    "AvlSpecial",
    "EventDispatcher",
    "EventPoller",
    "EventWaits",
    "PollingClient",
    "WaitingClient",
    "filters",
    "parse_avl_events",
]
