"""The fake server's admin operations, declared once.

:class:`AdminOps` names each operation with its signature and meaning. It is implemented
once, by :class:`wialon_mock.control.admin.Control`; everything else that offers the
operations (the runners ``MockServer`` and ``ThreadedMockServer``, the pytest plugin's
targets) inherits :class:`ForwardsAdmin`, whose methods hand each call to one ``_admin``
hook: run it in the server's loop, send it to the server, or, under a replayed cassette,
do nothing. The ``/_mock/`` routes call the same ``Control`` methods.

No I/O and no imports from the rest of the server, so the plugin can read it cheaply.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar, overload

__all__ = ["ADMIN_OPS", "AdminOps", "ForwardsAdmin"]

P = ParamSpec("P")
R = TypeVar("R")


class AdminOps(Protocol):
    """What one can do to a running fake server besides calling the Wialon API."""

    def reset(self) -> None:
        """Back to the start state (same seed, same fleet); faults from the config only."""

    def state(self) -> dict[str, Any]:
        """A summary of the model: clock, seed, item and session counts (``GET /_mock/state``)."""

    def journal(self, svc: str | None = None) -> list[dict[str, Any]]:
        """Recent requests, oldest first; only those of ``svc`` when given."""

    def clear_journal(self) -> None:
        """Forget the recent requests."""

    def advance(self, seconds: float) -> None:
        """Move the server clock forward; units move and report for that span."""

    def freeze(self, frozen: bool = True) -> None:
        """Stop the server clock (``False`` lets it run again)."""

    def scale(self, factor: float) -> None:
        """Run the server clock ``factor`` times faster than real time."""

    def set_clock(self, when: float | str) -> dict[str, Any]:
        """Set the server clock to ``when`` (UTC seconds or ISO 8601); an earlier time rewinds
        the fleet (``POST /_mock/clock {"set": ...}``). Returns the clock's new state."""

    def expire_sessions(self, sid: str | None = None) -> int:
        """Kill one session (or all) as idle expiry would; returns how many died."""

    def add_fault(self, /, **spec: Any) -> dict[str, Any]:
        """Install a fault (see :mod:`wialon_mock.control.faults`); returns it with its ``id``."""

    def remove_fault(self, fault_id: int) -> bool:
        """Uninstall one fault by the ``id`` :meth:`add_fault` returned; whether it existed."""

    def faults(self) -> list[dict[str, Any]]:
        """The installed faults with their hit counts."""

    def clear_faults(self) -> int:
        """Uninstall every fault; returns how many there were."""


#: every operation by name, in declaration order
ADMIN_OPS: tuple[str, ...] = tuple(
    name for name, value in vars(AdminOps).items() if callable(value) and not name.startswith("_")
)


class _Forwarded(Generic[P, R]):
    """A method that hands its call, by name, to its owner's ``_admin`` hook.

    Typed from the :class:`AdminOps` declaration it stands for, so callers keep the exact
    signature and return type; the docstring comes along too.
    """

    def __init__(self, declared: Callable[Concatenate[Any, P], R]) -> None:
        self.name = declared.__name__
        self.__doc__ = declared.__doc__

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> _Forwarded[P, R]: ...

    @overload
    def __get__(self, obj: ForwardsAdmin, owner: type[Any]) -> Callable[P, R]: ...

    def __get__(
        self, obj: ForwardsAdmin | None, owner: type[Any]
    ) -> _Forwarded[P, R] | Callable[P, R]:
        if obj is None:
            return self
        name, hook = self.name, obj._admin

        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            result: R = hook(name, args, kwargs)
            return result

        call.__name__ = call.__qualname__ = name
        call.__doc__ = self.__doc__
        return call


class ForwardsAdmin:
    """Offers every :class:`AdminOps` operation by handing it to :meth:`_admin`."""

    def _admin(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Carry out the operation ``name`` with these arguments."""
        raise NotImplementedError

    reset = _Forwarded(AdminOps.reset)
    state = _Forwarded(AdminOps.state)
    journal = _Forwarded(AdminOps.journal)
    clear_journal = _Forwarded(AdminOps.clear_journal)
    advance = _Forwarded(AdminOps.advance)
    freeze = _Forwarded(AdminOps.freeze)
    scale = _Forwarded(AdminOps.scale)
    set_clock = _Forwarded(AdminOps.set_clock)
    expire_sessions = _Forwarded(AdminOps.expire_sessions)
    add_fault = _Forwarded(AdminOps.add_fault)
    remove_fault = _Forwarded(AdminOps.remove_fault)
    faults = _Forwarded(AdminOps.faults)
    clear_faults = _Forwarded(AdminOps.clear_faults)
