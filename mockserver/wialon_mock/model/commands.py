"""Command messages: what unit/exec_cmd and unit/send_cmd leave in a unit's history.

Data format of messages, "Command" (flag 0x0200):
https://help.wialon.com/en/api/user-guide/data-format/messages ::

    {"t": <uint>, "f": <uint>, "tp": "ucr", "ca": <text>, "cn": <text>, "cp": <text>,
     "ui": <uint>, "ln": <text>, "lt": <text>, "et": <uint>, "p": {}}

``f`` is 0 ("commands have no flags, so 0 will be placed"); the older sdk.wialon.com pro page
showed ``f:512`` and a user GUID ``ug`` instead of ``ca``/``ui``: the help.wialon.com page is
newer and the official Java SDK's command message (ca, cn, cp, ui, ln, lt, et) agrees, so it
won. The message *type* 0x0200 still decides what a ``flags``/``flagsMask`` selection keeps.

The generated history holds data messages only (worked out from the schedule); command
messages are stored here per unit, in time order, and merged into the loaded set.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from wialon_protocol.flags import UnitsDataFlag

if TYPE_CHECKING:
    from .state import World

Message = dict[str, Any]

#: the message type of commands (``flagsMask`` 0xFF00 picks message types)
COMMAND_TYPE = 0x0200
#: type and flags of every generated data message (type 0x0000, position and inputs)
DATA_FLAGS = 3
#: registrations that receive a unit's new messages as ``t:"m"`` events ("After specifying
#: this flag, you can receive messages from the unit", data format of units, flag 0x20)
EVENT_FLAGS = int(UnitsDataFlag.MSGS)


def command_message(
    t: int, *, name: str, kind: str, param: str, user_id: int, link: str
) -> Message:
    """One command message as the messages data-format page shows it.

    ``ln`` (link name) is not explained by the page; the fake devices have no named links, so
    it is empty. ``et`` (execution time): the fake devices execute a command the moment it is
    sent, so it equals ``t``. ``lt`` is the link actually used: ``tcp`` when the request left
    the choice to the server ("" = auto), as a connected tracker would get it.
    """
    return {
        "t": t,
        "f": 0,
        "tp": "ucr",
        "ca": name,
        "cn": kind,
        "cp": param,
        "ui": user_id,
        "ln": "",
        "lt": link or "tcp",
        "et": t,
        "p": {},
    }


def record(world: World, unit_id: int, message: Message) -> None:
    """Store a command message and announce it to the sessions watching the unit's messages."""
    stored = world.edits.commands.setdefault(unit_id, [])
    bisect.insort(stored, message, key=_time)
    world.notify(unit_id, {"i": unit_id, "t": "m", "d": dict(message)}, need=EVENT_FLAGS)


def between(world: World, unit_id: int, start: int, end: int) -> list[Message]:
    """The unit's command messages with ``start <= t <= end``, oldest first."""
    stored = world.edits.commands.get(unit_id)
    if not stored:
        return []
    lo = bisect.bisect_left(stored, start, key=_time)
    hi = bisect.bisect_right(stored, end, key=_time)
    return stored[lo:hi]


def forget(world: World, unit_id: int, message: Message) -> None:
    """Delete one stored command message (messages/delete_message)."""
    stored = world.edits.commands.get(unit_id, [])
    for i, kept in enumerate(stored):
        if kept is message:
            del stored[i]
            return


def forget_after(world: World, second: int) -> None:
    """Drop every command message after ``second`` (a rewind: they have not happened yet)."""
    for stored in world.edits.commands.values():
        del stored[bisect.bisect_right(stored, second, key=_time) :]


def is_notice_after(event: dict[str, Any], second: int) -> bool:
    """Whether a queued ``avl_evts`` event is the notice :func:`record` sent of a command
    message after ``second``."""
    if event.get("t") != "m":
        return False
    data = event.get("d")
    return isinstance(data, dict) and isinstance(data.get("t"), int) and data["t"] > second


def selected(kind: int, flags: int, mask: int) -> bool:
    """Whether messages of type-and-flags ``kind`` pass a ``flags``/``flagsMask`` selection."""
    return (kind & mask) == flags


def merge(
    times: Sequence[int], others: Sequence[Message]
) -> tuple[Sequence[int], dict[int, Message]]:
    """Data message times and other messages as one time-ordered set.

    Returns every message's time in order and, by position, the messages that are not data
    messages. At the same second the data message comes first (a command follows the report
    it was sent after). Without others ``times`` comes back as it is (a ``range`` stays one).
    """
    if not others:
        return times, {}
    merged: list[int] = []
    extra: dict[int, Message] = {}
    i = 0
    for message in others:
        cut = bisect.bisect_right(times, message["t"], lo=i)
        merged.extend(times[i:cut])
        i = cut
        extra[len(merged)] = message
        merged.append(message["t"])
    merged.extend(times[i:])
    return merged, extra


def _time(message: Message) -> int:
    t: int = message["t"]
    return t
