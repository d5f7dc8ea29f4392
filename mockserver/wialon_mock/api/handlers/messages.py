"""messages/* calls over the session's message loader (one loaded set per session).

Every generated message is a data message (``tp:"ud"``, ``f:3``); the only others are the
command messages unit/exec_cmd and unit/send_cmd leave (:mod:`wialon_mock.model.commands`,
type 0x0200). A ``flags``/``flagsMask`` selection keeps all of a unit's data messages or none
of them, and likewise its commands.
"""

from __future__ import annotations

import bisect
import fnmatch
from collections.abc import Sequence
from typing import Any

from wialon_protocol.errors import ErrorCode as E

from ...model import commands, edits, sensor_values, sim
from ...model.errors import ApiError
from ...model.items import Unit
from ...model.state import Loader
from ..lazy import SLICE, LazyList
from ..params import obj, opt_int, opt_str, req_int
from ..registry import Ctx, SessionCtx, endpoint
from ._common import item_of

#: flags every generated message has (position and inputs)
MESSAGE_FLAGS = 3
#: "all of them" as clients spell it
ALL = 0xFFFFFFFF
#: messages/load_last refuses more than this many (documented limit)
LOAD_LAST_MAX = 10_000
#: most messages one reply carries, whatever ``loadCount`` says: a year of one unit is about
#: a million messages, and building them all at once would take the fake server down. The
#: ``count`` still reports every message found; get_messages pages through the rest.
MAX_REPLY_MESSAGES = 100_000


def _selected(p: dict[str, Any], kind: int = MESSAGE_FLAGS) -> bool:
    flags = opt_int(p, "flags", 0)
    mask = opt_int(p, "flagsMask", 0)
    return commands.selected(kind, flags, mask)


def _live(ctx: Ctx, unit: Unit, times: range | list[int]) -> range | list[int]:
    """``times`` without the messages deleted with messages/delete_message."""
    return edits.live(ctx.world, unit.id, times)


def _messages(
    ctx: Ctx,
    unit: Unit,
    times: Sequence[int],
    *,
    sensors: bool = False,
    sensor_id: int = 0,
    keys: Sequence[str] = (),
    extra: dict[int, dict[str, Any]] | None = None,
) -> list[dict[str, Any]] | LazyList:
    """The messages at ``times``: a plain list when short, else made slice by slice.

    A long answer (a year of one unit) is a :class:`LazyList`: the HTTP layer makes and
    writes it 2,000 messages at a time with a return to the event loop in between, so one
    big load no longer holds every other client while it is built, nor all its dicts at once.
    """
    seed = ctx.world.config.seed
    world = ctx.world
    picked = list(keys)

    others = extra or {}

    def make(lo: int, hi: int) -> list[dict[str, Any]]:
        # a span with no command messages (nearly every one) is a plain slice of times
        data: range | list[int] = (
            range(lo, hi) if not others else [i for i in range(lo, hi) if i not in others]
        )
        made = [sim.message(unit, times[i], seed) for i in data]
        if sensors:
            made = sensor_values.with_sensors(world, unit, made, sensor_id)
        if len(data) < hi - lo:
            by_index = dict(zip(data, made, strict=True))
            made = [by_index[i] if i in by_index else dict(others[i]) for i in range(lo, hi)]
        return [_filtered(m, picked) for m in made] if picked else made

    if len(times) > SLICE:
        return LazyList(len(times), make)
    return make(0, len(times))


def _answer(
    ctx: SessionCtx,
    unit: Unit,
    times: range | list[int],
    p: dict[str, Any],
    sent: Sequence[dict[str, Any]] = (),
    last: int = 0,
) -> dict[str, Any]:
    """Load ``times`` (data messages) and the command messages ``sent`` that pass the
    selection; ``last`` > 0 keeps only the newest ``last`` of them (load_last)."""
    session = ctx.session
    times = _live(ctx, unit, times)
    if not _selected(p):
        times = range(0)
    if not _selected(p, commands.COMMAND_TYPE):
        sent = ()
    merged, extra = commands.merge(times, sent)
    if last and len(merged) > last:
        cut = len(merged) - last
        merged = merged[cut:]
        extra = {i - cut: m for i, m in extra.items() if i >= cut}
    session.loader = Loader(unit.id, merged, extra)
    count = opt_int(p, "loadCount", ALL)
    if count < 0:
        raise ApiError(E.INVALID_INPUT)
    count = min(count, MAX_REPLY_MESSAGES)
    messages = _messages(
        ctx,
        unit,
        merged[:count],
        sensors=bool(opt_int(p, "calcSensors", 0)),
        sensor_id=opt_int(p, "sensorId", 0),
        extra={i: m for i, m in extra.items() if i < count},
    )
    return {"count": len(merged), "messages": messages}


def _unit_or_empty(ctx: Ctx, p: dict[str, Any]) -> Unit | None:
    item = item_of(ctx, p)
    return item if isinstance(item, Unit) else None


@endpoint("messages/load_interval")
def load_interval(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Load a unit's messages of a time span into the session's loader.

    https://help.wialon.com/es/api/user-guide/api-reference/messages/load_interval: an
    interval whose ``timeFrom`` is after ``timeTo`` finds nothing (``count`` 0, an empty
    loader), it is not an error.

    ``calcSensors`` (es page of messages/load_interval; data-format/messages: "sensors" present
    only when it is used) adds each message's sensor values, ``sensorId`` only that sensor's.
    """
    p = obj(params)
    unit = _unit_or_empty(ctx, p)
    start, end = req_int(p, "timeFrom"), req_int(p, "timeTo")
    if end < start:
        ctx.session.loader = Loader(unit.id, range(0)) if unit is not None else None
        return {"count": 0, "messages": []}
    if unit is None:
        ctx.session.loader = None
        return {"count": 0, "messages": []}
    end = min(end, ctx.world.now())
    sent = commands.between(ctx.world, unit.id, start, end)
    return _answer(ctx, unit, sim.times_between(unit, start - 1, end), p, sent)


@endpoint("messages/load_last")
def load_last(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Load a unit's last ``lastCount`` messages up to ``lastTime``.

    https://help.wialon.com/ru/api/user-guide/api-reference/messages/load_last (en/es
    agree): error 4 means "no messages found for the specified interval" as well as more
    than 10,000 asked for, so a unit without messages before ``lastTime`` answers 4.
    """
    p = obj(params)
    unit = _unit_or_empty(ctx, p)
    last_time, last_count = req_int(p, "lastTime"), req_int(p, "lastCount")
    if not 0 <= last_count <= LOAD_LAST_MAX:
        raise ApiError(E.INVALID_INPUT)
    if unit is None:
        ctx.session.loader = None
        return {"count": 0, "messages": []}
    end = min(last_time, ctx.world.now())
    newest = sim.last_time_at(unit, end)
    if newest is None:
        ctx.session.loader = None
        raise ApiError(E.INVALID_INPUT)
    if last_count == 0:
        return _answer(ctx, unit, range(0), p)
    deleted = ctx.world.edits.deleted.get(unit.id, set())
    # deleted messages do not count: reach back far enough to still load lastCount of them
    span = last_count + len(deleted)
    first = max(sim.next_time_after(unit, unit.ct - 1), newest - (span - 1) * unit.interval)
    times = _live(ctx, unit, range(first, newest + 1, unit.interval))
    # commands sent since the oldest data message that could still be among the last ones
    oldest = times[max(0, len(times) - last_count)] if times else 0
    sent = commands.between(ctx.world, unit.id, oldest, end)
    return _answer(ctx, unit, times[-last_count:], p, sent, last=last_count)


def _filtered(msg: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """Keep t, f, tp, i, o and the fields a ``filter`` names (``pos.x``, ``p.pwr*``)."""
    out: dict[str, Any] = {k: msg[k] for k in ("t", "f", "tp", "i", "o") if k in msg}
    for key in keys:
        section, _, name = key.partition(".")
        value = msg.get(section)
        if not name:
            if section in msg:
                out[section] = value
            continue
        if isinstance(value, dict):
            picked = {k: v for k, v in value.items() if fnmatch.fnmatchcase(k, name)}
            out.setdefault(section, {}).update(picked)
    return out


@endpoint("messages/get_messages")
def get_messages(ctx: SessionCtx, params: Any) -> list[dict[str, Any]] | LazyList:
    """Messages from the loader by index range or time range.

    Index ranges are half-open: https://help.wialon.com/ru/api/user-guide/api-reference/messages/get_messages
    (and the es page) say ``indexTo`` is the index after the last message returned
    (``"indexFrom":8,"indexTo":9`` gives one message), an ``indexTo`` past the end stops at
    the last message, and ``indexFrom >= indexTo`` (or past the end) gives ``[]``. The en
    page's "index of the last requested message" is the older wording; the ru/es pages are
    newer and give the example, so they won.
    """
    p = obj(params)
    loader = ctx.session.loader
    if loader is None:
        raise ApiError(E.INVALID_INPUT)
    unit = ctx.world.units.get(loader.unit_id)
    if unit is None:
        raise ApiError(E.ACCESS_DENIED)
    times = loader.times
    if "indexFrom" in p or "indexTo" in p:
        lo, hi = opt_int(p, "indexFrom", 0), opt_int(p, "indexTo", len(times))
        if lo < 0 or hi < 0:
            raise ApiError(E.INVALID_INPUT)
        picked = range(len(times))[lo:hi] if lo < hi else range(0)
    else:
        start, end = opt_int(p, "timeFrom", 0), opt_int(p, "timeTo", ALL)
        picked = range(bisect.bisect_left(times, start), bisect.bisect_right(times, end))
        count = opt_int(p, "loadCount", ALL)
        picked = picked[-count:] if "timeTo" in p and "timeFrom" not in p else picked[:count]
    lo, hi = picked.start, min(max(picked.stop, picked.start), picked.start + MAX_REPLY_MESSAGES)
    extra = {i - lo: m for i, m in loader.extra.items() if lo <= i < hi}
    keys = [k.strip() for k in opt_str(p, "filter").split(",") if k.strip()]
    return _messages(ctx, unit, times[lo:hi], keys=keys, extra=extra)


@endpoint("messages/unload")
def unload(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Forget the session's loaded messages.

    https://help.wialon.com/en/api/user-guide/api-reference/messages/unload
    """
    obj(params)
    ctx.session.loader = None
    return {}
