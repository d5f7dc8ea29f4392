"""AVL events: event values, handler dispatch, filters and the polling loop.

``Wialon`` inherits :class:`PollingMixin`, which provides ``avl_event_handler``,
``avl_event_once``, ``remove_avl_event_handler``, ``start_polling``, ``stop_polling``,
``wait_for_event`` and ``upload_and_wait``.
"""

from __future__ import annotations

from . import filters
from .dispatch import AvlEventCallback, AvlEventFilter, AvlEventHandler, EventDispatcher
from .polling import PollingMixin
from .types import AvlEvent, AvlEventData, AvlEventType, AvlSpecial, parse_avl_events

__all__ = [
    "AvlEvent",
    "AvlEventCallback",
    "AvlEventData",
    "AvlEventFilter",
    "AvlEventHandler",
    "AvlEventType",
    "AvlSpecial",
    "EventDispatcher",
    "PollingMixin",
    "filters",
    "parse_avl_events",
]
