"""The control plane: admin operations on a running fake server, and their ``/_mock/`` routes.

:class:`Control` owns everything around the model (faults, journal, limits) and is the one
implementation of :class:`~wialon_mock.control.ops.AdminOps`. The routes in :data:`ROUTES` and
the runners in :mod:`wialon_mock.run.server` both call it, so ``POST /_mock/reset`` and
``MockServer.reset()`` do the same thing.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import logging
from collections.abc import Awaitable, Callable, Collection, Mapping
from datetime import datetime, timezone
from typing import Any

from aiohttp import web

from wialon_protocol.wire import compact_bytes

from ..model.rewind import rewind
from ..model.state import World
from .faults import FaultEngine, FaultSpecError
from .journal import Journal
from .limits import Limiter

logger = logging.getLogger(__name__)

#: ten years: more is a typo, and dates past year 9999 would break the model
MAX_ADVANCE = 10 * 366 * 86400

Route = Callable[[web.Request], Awaitable[web.StreamResponse]]
#: one admin route's work: given the control and the request, the JSON answer
Operation = Callable[["Control", web.Request], Awaitable[Any]]


class Missing(Exception):
    """An admin request names something that does not exist (answered with 404)."""


class Control:
    """The admin operations over one :class:`World` and the shell around it (faults, journal,
    limits): the implementation of :class:`~wialon_mock.control.ops.AdminOps`."""

    def __init__(self, world: World, services: Callable[[], Collection[str]] | None = None) -> None:
        """``services`` names the calls a fault may name (the HTTP layer knows the registry;
        this layer does not import it); without it any name is taken."""
        self.world = world
        self.config = world.config
        self.fault_engine = FaultEngine(self.config.seed, services=services)
        #: the recent requests (the HTTP layer writes one entry per answered request)
        self.requests = Journal(self.config.journal_size)
        self.limiter = Limiter(self.config.limits)
        self._install_config_faults()

    def _install_config_faults(self) -> None:
        for spec in self.config.faults:
            self.fault_engine.add(spec)

    def reset(self) -> None:
        """Back to the start: model rebuilt, the clock as configured, faults from the config,
        journal and limits empty."""
        config = self.config
        # the clock first: the fleet is generated relative to the start time
        self.world.clock.restart(
            config.clock_start, frozen=config.clock_frozen, scale=config.clock_scale
        )
        self.world.reset()
        self.fault_engine.clear()
        self.fault_engine.reseed(self.config.seed)
        self._install_config_faults()
        self.requests.clear()
        self.limiter.reset()

    def state(self) -> dict[str, Any]:
        """The model's snapshot plus the shell's counters."""
        snapshot = self.world.snapshot()
        snapshot["faults"] = len(self.fault_engine.list())
        snapshot["journal"] = len(self.requests)
        snapshot["limits"] = dataclasses.asdict(self.config.limits)
        return snapshot

    def journal(self, svc: str | None = None) -> list[dict[str, Any]]:
        """Recent requests, oldest first; only those of ``svc`` when given."""
        return self.requests.entries(svc)

    def clear_journal(self) -> None:
        """Forget the recent requests."""
        self.requests.clear()

    def advance(self, seconds: float) -> None:
        """Move the clock on; units report for the span and rate windows move with it."""
        self.world.advance(seconds)
        self.limiter.advance(seconds)

    def freeze(self, frozen: bool = True) -> None:
        """Stop the clock (or let it run again with ``False``)."""
        self.world.clock.freeze(frozen)

    def scale(self, factor: float) -> None:
        """Run the clock ``factor`` times faster than real time."""
        self.world.clock.set_scale(factor)

    def clock(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """Apply ``{"advance": S}``, ``{"set": TIME}``, ``{"freeze": bool}``, ``{"scale": F}``.

        ``set`` takes UTC seconds or an ISO 8601 date-time (``2024-05-01T08:00:00Z``; without
        an offset it is UTC). A later time moves the clock there as an advance would, units
        reporting for the span; an earlier one rewinds the fleet (:mod:`wialon_mock.model.rewind`:
        messages after it are gone until they happen again, sessions stay and receive them
        again, client edits stay). Either way at most :data:`MAX_ADVANCE` seconds, never before
        1970.
        """
        keys = ("advance", "set", "freeze", "scale")
        unknown = set(spec) - set(keys)
        if unknown or not spec:
            raise ValueError("expected any of 'advance', 'set', 'freeze', 'scale'")
        if "advance" in spec and "set" in spec:
            raise ValueError("give 'advance' or 'set', not both")
        freeze = spec.get("freeze")
        if freeze is not None and not isinstance(freeze, bool):
            raise ValueError("'freeze' must be true or false")
        for key in ("advance", "scale"):
            value = spec.get(key)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float))
            ):
                raise ValueError(f"'{key}' must be a number")
        advance = spec.get("advance")
        rewind_to: float | None = None
        if spec.get("set") is not None:
            target = clock_time(spec["set"])
            advance = target - self.world.clock.now()
            if advance < 0:
                if target < 0 or -advance > MAX_ADVANCE:
                    raise ValueError(
                        f"'set' may go back at most {MAX_ADVANCE} seconds, and not before 1970"
                    )
                rewind_to, advance = target, None
        if advance is not None and not 0 <= advance <= MAX_ADVANCE:
            raise ValueError(f"'advance' must be from 0 to {MAX_ADVANCE} seconds")
        if spec.get("scale") is not None and spec["scale"] <= 0:
            raise ValueError("'scale' must be positive")
        if freeze is not None:
            self.freeze(freeze)
        if spec.get("scale") is not None:
            self.scale(float(spec["scale"]))
        if advance is not None:
            self.advance(float(advance))
        if rewind_to is not None:
            rewind(self.world, rewind_to)
        return dict(self.world.clock.snapshot())

    def set_clock(self, when: float | str) -> dict[str, Any]:
        """:meth:`clock` with ``{"set": when}``: forward as an advance, back as a rewind."""
        return self.clock({"set": when})

    def expire_sessions(self, sid: str | None = None) -> int:
        """Kill one session (or all) as idle expiry would; returns how many died."""
        return self.world.expire_sessions(sid)

    def add_fault(self, /, **spec: Any) -> dict[str, Any]:
        """Install a fault (see :mod:`wialon_mock.control.faults`); returns it with its ``id``."""
        return self.fault_engine.add(spec)

    def remove_fault(self, fault_id: int) -> bool:
        """Uninstall one fault by its ``id``; whether it existed."""
        return self.fault_engine.remove(fault_id)

    def faults(self) -> list[dict[str, Any]]:
        """The installed faults with their hit counts."""
        return self.fault_engine.list()

    def clear_faults(self) -> int:
        """Uninstall every fault; returns how many there were."""
        return self.fault_engine.clear()

    def tokens(self) -> list[str]:
        """The tokens that log in, in config order."""
        token_list = getattr(self.world, "token_list", None)
        if callable(token_list):
            return list(token_list())
        return self.config.effective_tokens()


def clock_time(value: Any) -> float:
    """UTC seconds from a number or an ISO 8601 date-time (naive ones are UTC)."""
    if isinstance(value, bool):
        raise ValueError("'set' must be UTC seconds or an ISO 8601 date-time")
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        raise ValueError("'set' must be UTC seconds or an ISO 8601 date-time")
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"'set': cannot read {value!r} as a date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def remote_allowed(remote: str | None, allow_remote: bool) -> bool:
    """Whether the admin API answers a client at ``remote`` (loopback only, unless opened)."""
    if allow_remote:
        return True
    if not remote:
        return False
    try:
        return ipaddress.ip_address(remote.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _dump(data: Any, status: int = 200) -> web.Response:
    return web.Response(
        body=compact_bytes(data),
        status=status,
        headers={"Content-Type": "application/json"},
    )


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw.strip():
        return {}
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    return data


async def _health(control: Control, request: web.Request) -> Any:
    return {"status": "ok"}


async def _reset(control: Control, request: web.Request) -> Any:
    control.reset()
    return {"status": "ok"}


async def _state(control: Control, request: web.Request) -> Any:
    return control.state()


async def _journal(control: Control, request: web.Request) -> Any:
    return control.journal(request.query.get("svc"))


async def _clear_journal(control: Control, request: web.Request) -> Any:
    control.clear_journal()
    return {"status": "ok"}


async def _clock(control: Control, request: web.Request) -> Any:
    return control.clock(await _body(request))


async def _expire(control: Control, request: web.Request) -> Any:
    sid = (await _body(request)).get("sid")
    if sid is not None and not isinstance(sid, str):
        raise ValueError("'sid' must be a string")
    return {"expired": control.expire_sessions(sid)}


async def _add_fault(control: Control, request: web.Request) -> Any:
    return control.add_fault(**await _body(request))


async def _faults(control: Control, request: web.Request) -> Any:
    return control.faults()


async def _clear_faults(control: Control, request: web.Request) -> Any:
    return {"cleared": control.clear_faults()}


async def _remove_fault(control: Control, request: web.Request) -> Any:
    try:
        fault_id = int(request.match_info["fault_id"])
    except ValueError:
        raise ValueError("a fault id is an integer") from None
    if not control.remove_fault(fault_id):
        raise Missing("no such fault")
    return {"removed": fault_id}


#: the admin API: method, path, and the operation that answers it
ROUTES: tuple[tuple[str, str, Operation], ...] = (
    ("GET", "/_mock/health", _health),
    ("POST", "/_mock/reset", _reset),
    ("GET", "/_mock/state", _state),
    ("GET", "/_mock/journal", _journal),
    ("DELETE", "/_mock/journal", _clear_journal),
    ("POST", "/_mock/clock", _clock),
    ("POST", "/_mock/sessions/expire", _expire),
    ("POST", "/_mock/faults", _add_fault),
    ("GET", "/_mock/faults", _faults),
    ("DELETE", "/_mock/faults", _clear_faults),
    ("DELETE", "/_mock/faults/{fault_id}", _remove_fault),
)


def add_admin_routes(app: web.Application, control: Control, *, allow_remote: bool) -> None:
    """Mount the ``/_mock/`` admin API of ``control`` on ``app`` (the routes of :data:`ROUTES`)."""

    def guarded(operation: Operation) -> Route:
        async def route(request: web.Request) -> web.StreamResponse:
            if not remote_allowed(request.remote, allow_remote):
                return _dump({"error": "the admin API answers loopback clients only"}, 403)
            try:
                return _dump(await operation(control, request))
            except (ValueError, FaultSpecError) as exc:
                # json.JSONDecodeError is a ValueError too: a bad body is the caller's fault
                return _dump({"error": str(exc)}, 400)
            except Missing as exc:
                return _dump({"error": str(exc.args[0])}, 404)
            # anything else is a bug: the never-500 middleware (wialon_mock.http.guards)
            # answers it with {"error":6} and one log line, like any other request

        return route

    for method, path, operation in ROUTES:
        app.router.add_route(method, path, guarded(operation))
