"""The control plane: admin operations on a running fake server, and their ``/_mock/`` routes.

:class:`Control` owns everything around the model (faults, journal, limits) and offers the admin
operations as plain methods. The HTTP routes below and the runners in :mod:`wialon_mock.run.server`
both call them, so ``POST /_mock/reset`` and ``MockServer.reset()`` do the same thing.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from wialon_protocol.wire import compact_bytes

from ..model.state import World
from .faults import FaultEngine, FaultSpecError
from .journal import Journal
from .limits import Limiter

logger = logging.getLogger(__name__)

#: ten years: more is a typo, and dates past year 9999 would break the model
MAX_ADVANCE = 10 * 366 * 86400

Route = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Missing(Exception):
    """An admin request names something that does not exist (answered with 404)."""


class Control:
    """The admin operations over one :class:`World` and the shell around it."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.config = world.config
        self.faults = FaultEngine(self.config.seed)
        self.journal = Journal(self.config.journal_size)
        self.limiter = Limiter(self.config.limits)
        self._install_config_faults()

    def _install_config_faults(self) -> None:
        for spec in self.config.faults:
            self.faults.add(spec)

    def reset(self) -> None:
        """Back to the start: model rebuilt, faults from the config, journal and limits empty."""
        self.world.reset()
        self.faults.clear()
        self.faults.reseed(self.config.seed)
        self._install_config_faults()
        self.journal.clear()
        self.limiter.reset()

    def state(self) -> dict[str, Any]:
        """The model's snapshot plus the shell's counters."""
        snapshot = self.world.snapshot()
        snapshot["faults"] = len(self.faults.list())
        snapshot["journal"] = len(self.journal)
        snapshot["limits"] = dataclasses.asdict(self.config.limits)
        return snapshot

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
        """Apply ``{"advance": S}``, ``{"freeze": bool}`` and/or ``{"scale": F}``."""
        unknown = set(spec) - {"advance", "freeze", "scale"}
        if unknown or not spec:
            raise ValueError("expected any of 'advance', 'freeze', 'scale'")
        freeze = spec.get("freeze")
        if freeze is not None and not isinstance(freeze, bool):
            raise ValueError("'freeze' must be true or false")
        for key in ("advance", "scale"):
            value = spec.get(key)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float))
            ):
                raise ValueError(f"'{key}' must be a number")
        if spec.get("advance") is not None and not 0 <= spec["advance"] <= MAX_ADVANCE:
            raise ValueError(f"'advance' must be from 0 to {MAX_ADVANCE} seconds")
        if spec.get("scale") is not None and spec["scale"] <= 0:
            raise ValueError("'scale' must be positive")
        if freeze is not None:
            self.freeze(freeze)
        if spec.get("scale") is not None:
            self.scale(float(spec["scale"]))
        if spec.get("advance") is not None:
            self.advance(float(spec["advance"]))
        return dict(self.world.clock.snapshot())

    def expire_sessions(self, sid: str | None = None) -> int:
        """Kill one session (or all) as idle expiry would; returns how many died."""
        return self.world.expire_sessions(sid)

    def add_fault(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """Install a fault (see :mod:`wialon_mock.control.faults`); returns it with its ``id``."""
        return self.faults.add(spec)

    def tokens(self) -> list[str]:
        """The tokens that log in, in config order."""
        token_list = getattr(self.world, "token_list", None)
        if callable(token_list):
            return list(token_list())
        return self.config.effective_tokens()


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


def add_admin_routes(app: web.Application, control: Control, *, allow_remote: bool) -> None:
    """Mount the ``/_mock/`` admin API of ``control`` on ``app``."""

    def guarded(func: Callable[[web.Request], Awaitable[Any]]) -> Route:
        async def route(request: web.Request) -> web.StreamResponse:
            if not remote_allowed(request.remote, allow_remote):
                return _dump({"error": "the admin API answers loopback clients only"}, 403)
            try:
                return _dump(await func(request))
            except (ValueError, FaultSpecError) as exc:
                # json.JSONDecodeError is a ValueError too: a bad body is the caller's fault
                return _dump({"error": str(exc)}, 400)
            except Missing as exc:
                return _dump({"error": str(exc.args[0])}, 404)
            # anything else is a bug: the never-500 middleware (wialon_mock.http.guards)
            # answers it with {"error":6} and one log line, like any other request

        return route

    async def health(request: web.Request) -> Any:
        return {"status": "ok"}

    async def reset(request: web.Request) -> Any:
        control.reset()
        return {"status": "ok"}

    async def state(request: web.Request) -> Any:
        return control.state()

    async def journal(request: web.Request) -> Any:
        return control.journal.entries(request.query.get("svc"))

    async def clear_journal(request: web.Request) -> Any:
        control.journal.clear()
        return {"status": "ok"}

    async def clock(request: web.Request) -> Any:
        return control.clock(await _body(request))

    async def expire(request: web.Request) -> Any:
        body = await _body(request)
        sid = body.get("sid")
        if sid is not None and not isinstance(sid, str):
            raise ValueError("'sid' must be a string")
        return {"expired": control.expire_sessions(sid)}

    async def add_fault(request: web.Request) -> Any:
        return control.add_fault(await _body(request))

    async def list_faults(request: web.Request) -> Any:
        return control.faults.list()

    async def clear_faults(request: web.Request) -> Any:
        return {"cleared": control.faults.clear()}

    async def remove_fault(request: web.Request) -> Any:
        try:
            fault_id = int(request.match_info["fault_id"])
        except ValueError:
            raise ValueError("a fault id is an integer") from None
        if not control.faults.remove(fault_id):
            raise Missing("no such fault")
        return {"removed": fault_id}

    app.router.add_get("/_mock/health", guarded(health))
    app.router.add_post("/_mock/reset", guarded(reset))
    app.router.add_get("/_mock/state", guarded(state))
    app.router.add_get("/_mock/journal", guarded(journal))
    app.router.add_delete("/_mock/journal", guarded(clear_journal))
    app.router.add_post("/_mock/clock", guarded(clock))
    app.router.add_post("/_mock/sessions/expire", guarded(expire))
    app.router.add_post("/_mock/faults", guarded(add_fault))
    app.router.add_get("/_mock/faults", guarded(list_faults))
    app.router.add_delete("/_mock/faults", guarded(clear_faults))
    app.router.add_delete("/_mock/faults/{fault_id}", guarded(remove_fault))
