"""The routing table from ``svc`` to handler, and the one function that runs a call.

Handlers are plain functions ``(ctx, params) -> result`` over the pure model in
:mod:`wialon_mock.model.state`; they never see HTTP. They raise :class:`ApiError` to answer with a
Wialon error body, and return :class:`FileAnswer` for calls whose answer is a file download.
The HTTP layer (:mod:`wialon_mock.http.app`) and ``core/batch`` both go through :func:`dispatch`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wialon_protocol.errors import ErrorCode as E
from wialon_protocol.services import SERVICES, Service

from ..model.errors import ApiError

if TYPE_CHECKING:
    from ..model.state import Session, World


@dataclass(frozen=True)
class Upload:
    """One file part of a multipart request."""

    field: str
    filename: str | None
    content_type: str
    data: bytes


@dataclass(frozen=True)
class FileAnswer:
    """A handler result that goes out as a download instead of JSON."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass
class Ctx:
    """What a handler may look at besides its params."""

    world: World
    session: Session | None
    svc: str
    uploads: tuple[Upload, ...] = ()
    remote: str = "127.0.0.1"
    in_batch: bool = False


Handler = Callable[[Ctx, Any], Any]


@dataclass(frozen=True)
class Endpoint:
    """One implemented Wialon call, with its row of the service table."""

    svc: str
    func: Handler
    #: how the server treats the call (from :data:`wialon_protocol.SERVICES`)
    row: Service
    #: first line of the handler's docstring, for the published table
    summary: str

    @property
    def session(self) -> bool:
        """Needs a valid ``sid`` (the calls that open a session from nothing do not)."""
        return self.row.session

    @property
    def login(self) -> bool:
        """Opens a session (answers like ``token/login``)."""
        return self.row.login

    @property
    def heavy(self) -> bool:
        """Resource-intensive: counts against the 3-heavy limit."""
        return self.row.heavy

    @property
    def exclusive(self) -> bool:
        """One of the calls a session runs one at a time."""
        return self.row.exclusive

    @property
    def batchable(self) -> bool:
        """May appear inside ``core/batch``."""
        return self.row.batchable

    @property
    def multipart(self) -> bool:
        """Takes a multipart/form-data upload."""
        return self.row.multipart


REGISTRY: dict[str, Endpoint] = {}

# One module per Wialon service; importing a module registers its handlers.
HANDLER_MODULES = (
    "token",
    "core",
    "item",
    "unit",
    "unit_group",
    "user",
    "resource",
    "messages",
    "report",
    "exchange",
    "avl_evts",
)


def endpoint(svc: str, **expected: bool) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of ``svc``.

    How the server treats the call comes from its row in :data:`wialon_protocol.SERVICES`.
    Keywords (``heavy=True``, ``batchable=False``, ...) restate a column for the reader; one
    that disagrees with the table stops the import, so the two can never drift apart. A call
    the table does not know (the test suite's probes) takes its columns from the keywords;
    a contract test checks that every call the server ships is in the table.
    """
    row = SERVICES.get(svc)
    if row is None:
        columns: dict[str, Any] = dict(expected)
        row = Service(svc, **columns)
    for column, value in expected.items():
        if getattr(row, column) != value:
            raise ValueError(
                f"@endpoint({svc!r}, {column}={value!r}) disagrees with the service table "
                f"({column}={getattr(row, column)!r}); fix one of them"
            )

    def register(func: Handler) -> Handler:
        doc = (func.__doc__ or "").strip().splitlines()
        REGISTRY[svc] = Endpoint(svc=svc, func=func, row=row, summary=doc[0] if doc else "")
        return func

    return register


_loaded = False


def load_handlers() -> dict[str, Endpoint]:
    """Import every handler module once and return the routing table."""
    global _loaded
    if not _loaded:
        for name in HANDLER_MODULES:
            try:
                importlib.import_module(f"{__package__}.handlers.{name}")
            except ModuleNotFoundError as exc:
                # a service module that is not written yet simply implements nothing
                if exc.name != f"{__package__}.handlers.{name}":
                    raise
        _loaded = True
    return REGISTRY


def dispatch(
    world: World,
    svc: str,
    params: Any,
    *,
    sid: str | None,
    uploads: tuple[Upload, ...] = (),
    remote: str = "127.0.0.1",
    in_batch: bool = False,
) -> Any:
    """Run one call against the model; returns the JSON-able result or a :class:`FileAnswer`.

    Raises :class:`ApiError` for every answer of the form ``{"error": N}``.
    """
    ep = load_handlers().get(svc)
    if ep is None:
        raise ApiError(E.INVALID_SERVICE)
    session = None
    if ep.session:
        session = world.session_for(sid)
        if session is None:
            raise ApiError(E.INVALID_SESSION)
    if in_batch:
        if not ep.batchable:
            raise ApiError(E.INVALID_INPUT)
        # lets the fault engine fail one chosen item inside an otherwise good batch
        hook = world.batch_item_fault
        if hook is not None:
            injected = hook(svc)
            if injected is not None:
                raise injected
    ctx = Ctx(
        world=world, session=session, svc=svc, uploads=uploads, remote=remote, in_batch=in_batch
    )
    return ep.func(ctx, params)
