"""Runners: the fake server in the current event loop, or in a thread for synchronous code.

Both build their app with :func:`wialon_mock.http.app.create_app` and offer the admin operations
(:class:`~wialon_mock.control.ops.AdminOps`) as plain methods, run by the same
:class:`~wialon_mock.control.admin.Control` the ``/_mock/`` routes use.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import threading
from collections.abc import Callable, Coroutine
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web

from ..config import Limits, MockConfig
from ..control.admin import Control
from ..control.ops import ForwardsAdmin
from ..control.suggest import unknown as unknown_keys
from ..http.admin_guard import SECRET_HEADER, AdminAccess, is_loopback_host, new_secret
from ..http.app import CONTROL_KEY, create_app
from ..model.state import World
from .netguard import (
    cap_connections,
    connection_cap,
    quiet_accept_errors,
    raise_fd_limit,
)
from .scenario import ScenarioError, fault_specs, scenario_limits

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: how long closing waits for requests still running (a held ``timeout`` fault, say)
SHUTDOWN_TIMEOUT = 0.5


class ConfigError(ScenarioError, TypeError):
    """A keyword of ``MockServer(...)`` (or the pytest marker) that names no setting, or a
    value of the wrong kind; one line with a did-you-mean. A ``TypeError`` too, as an unknown
    keyword argument is everywhere else."""


_FIELDS = {f.name: f for f in dataclasses.fields(MockConfig)}


def _checked(name: str, value: Any) -> Any:
    kind = _FIELDS[name].type
    if name == "limits":
        if isinstance(value, Limits):
            return value
        # True/False, or a mapping of limits as a scenario file spells them
        return scenario_limits(value)
    if name == "faults":
        return fault_specs(value)
    if kind in ("int", "int | None") and not (value is None and kind == "int | None"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{name} must be a whole number >= 0, not {value!r}")
    elif kind in ("float", "float | None") and not (value is None and kind == "float | None"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{name} must be a number, not {value!r}")
    elif kind == "bool" and not isinstance(value, bool):
        raise ConfigError(f"{name} must be true or false, not {value!r}")
    elif name == "tokens" and (
        not isinstance(value, list) or not all(isinstance(t, str) for t in value)
    ):
        raise ConfigError(f"tokens must be a list of strings, not {value!r}")
    return value


def build_config(config: MockConfig | None, overrides: dict[str, Any]) -> MockConfig:
    """``config`` (or the defaults) with ``overrides`` applied by field name.

    ``limits`` may also be given as ``True``/``False`` (the documented limits, or none) or as
    a mapping of limits (as in a scenario file). A name that is no setting, or a value of the
    wrong kind, raises :class:`ConfigError` before anything starts: a server built from a
    mistake would answer every call with an error instead.
    """
    base = config if config is not None else MockConfig()
    unknown = set(overrides) - set(_FIELDS)
    if unknown:
        raise ConfigError(unknown_keys("MockConfig setting", unknown, _FIELDS))
    try:
        checked = {name: _checked(name, value) for name, value in overrides.items()}
    except ConfigError:
        raise
    except ScenarioError as exc:
        raise ConfigError(str(exc)) from None
    return dataclasses.replace(base, **checked) if checked else base


def _is_loopback(host: str) -> bool:
    return is_loopback_host(host)


def admin_access(
    host: str, admin_token: str | None = None, allow_remote_admin: bool = False
) -> AdminAccess:
    """The admin policy of a server bound to ``host``.

    On loopback: no secret unless ``admin_token`` gives one. Elsewhere: ``admin_token``, or a
    fresh secret, unless ``allow_remote_admin`` opens the admin API to the network on purpose.
    """
    secret = admin_token
    if secret is None and not allow_remote_admin and not is_loopback_host(host):
        secret = new_secret()
    return AdminAccess(bound_host=host, secret=secret, allow_remote=allow_remote_admin)


def remote_bind_warning(access: AdminAccess, url: str) -> str | None:
    """The warning a non-loopback bind deserves (``None`` on loopback)."""
    if access.loopback_bound:
        return None
    if access.secret is None:
        return (
            f"WARNING: {url} is reachable from the network and its admin API (/_mock/) is "
            "open to anyone who can reach it (--allow-remote-admin without --admin-token)"
        )
    return (
        f"WARNING: {url} is reachable from the network; its admin API (/_mock/) needs the "
        f"{SECRET_HEADER} header with the admin secret"
    )


class _Admin(ForwardsAdmin):
    """The admin operations of both runners: each runs the :class:`Control` method of the same
    name (declared in :class:`~wialon_mock.control.ops.AdminOps`) inside the server's loop."""

    def _control(self) -> Control:
        raise NotImplementedError

    def _run(self, func: Callable[[], T]) -> T:
        return func()

    def _admin(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        method = getattr(self._control(), name)
        return self._run(lambda: method(*args, **kwargs))

    @property
    def world(self) -> World:
        """The model behind the server."""
        return self._control().world

    @property
    def tokens(self) -> list[str]:
        """Every token that logs in."""
        return self._run(self._control().tokens)

    @property
    def token(self) -> str:
        """The first token that logs in."""
        return self.tokens[0]


class MockServer(_Admin):
    """A fake Wialon server in the running event loop, on a real loopback socket.

    ``async with MockServer(units=5) as server: ...`` starts it on a free port;
    ``server.url`` is the base URL and ``server.token`` a token that logs in. Keyword
    arguments other than ``host``, ``port`` and ``world`` override fields of ``config``;
    ``world`` serves an already built model instead.

    Bound to a non-loopback ``host``, the admin API needs a secret: ``admin_token``, or one
    made up at start (:attr:`admin_token`; send it as the ``X-Wialon-Mock-Admin`` header).
    ``allow_remote_admin=True`` without a token opens the admin API to the network instead.
    The runner's own admin methods never need the secret.
    """

    def __init__(
        self,
        config: MockConfig | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        world: World | None = None,
        admin_token: str | None = None,
        allow_remote_admin: bool = False,
        **config_overrides: Any,
    ) -> None:
        if world is not None:
            if config is not None or config_overrides:
                raise TypeError("give either a world or a config, not both")
            self.config = world.config
        else:
            self.config = build_config(config, config_overrides)
            world = World(self.config)
        self.host = host
        self._requested_port = port
        self._port: int | None = None
        self.admin = admin_access(host, admin_token, allow_remote_admin)
        self.app = create_app(world, admin=self.admin)
        self._runner: web.AppRunner | None = None

    @property
    def admin_token(self) -> str | None:
        """The admin secret (``None`` when the admin API needs none)."""
        return self.admin.secret

    @property
    def admin_headers(self) -> dict[str, str]:
        """Headers that authorise a ``/_mock/`` request over HTTP (empty without a secret)."""
        secret = self.admin.secret
        return {SECRET_HEADER: secret} if secret is not None else {}

    def _control(self) -> Control:
        return self.app[CONTROL_KEY]

    @property
    def port(self) -> int:
        """The bound port (known once started)."""
        if self._port is None:
            raise RuntimeError("the server is not started")
        return self._port

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:34567``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        """Bind the socket and start answering."""
        if self._runner is not None:
            return
        quiet_accept_errors()
        runner = web.AppRunner(
            self.app,
            access_log=None,
            shutdown_timeout=SHUTDOWN_TIMEOUT,
            # also the deadline of a request head: the timer runs from the connection's start
            keepalive_timeout=self.config.header_seconds,
        )
        await runner.setup()
        assert runner.server is not None
        cap = connection_cap(raise_fd_limit())
        if self.config.max_connections is not None:
            cap = min(cap, self.config.max_connections) if cap else self.config.max_connections
        cap_connections(runner.server, cap)
        site = web.TCPSite(runner, self.host, self._requested_port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._port = int(runner.addresses[0][1])
        logger.info("fake Wialon server listening on %s", self.url)
        warning = remote_bind_warning(self.admin, self.url)
        if warning is not None:
            logger.warning("%s", warning)

    async def close(self) -> None:
        """Stop answering and free the port; safe to call twice."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> MockServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class ThreadedMockServer(_Admin):
    """The same fake server for synchronous code: its own event loop in a daemon thread.

    Admin methods run inside that loop, so they never race the requests being served.
    """

    def __init__(
        self,
        config: MockConfig | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        world: World | None = None,
        admin_token: str | None = None,
        allow_remote_admin: bool = False,
        **config_overrides: Any,
    ) -> None:
        self._server = MockServer(
            config,
            host=host,
            port=port,
            world=world,
            admin_token=admin_token,
            allow_remote_admin=allow_remote_admin,
            **config_overrides,
        )
        self.config = self._server.config
        self.host = host
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def _control(self) -> Control:
        return self._server._control()

    def _submit(self, coro: Coroutine[Any, Any, T]) -> T:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def _run(self, func: Callable[[], T]) -> T:
        if self._loop is None:
            return func()

        async def call() -> T:
            return func()

        return self._submit(call())

    @property
    def port(self) -> int:
        """The bound port (known once started)."""
        return self._server.port

    @property
    def admin_token(self) -> str | None:
        """The admin secret (``None`` when the admin API needs none)."""
        return self._server.admin_token

    @property
    def admin_headers(self) -> dict[str, str]:
        """Headers that authorise a ``/_mock/`` request over HTTP (empty without a secret)."""
        return self._server.admin_headers

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:34567``."""
        return self._server.url

    def start(self) -> None:
        """Start the thread and wait until the socket answers."""
        if self._thread is not None:
            return
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="wialon-mock", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread
        try:
            self._submit(self._server.start())
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Close the server and end the thread; safe to call twice."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            self._submit(self._server.close())
        finally:
            self._loop = self._thread = None
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()

    close = stop

    def __enter__(self) -> ThreadedMockServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
