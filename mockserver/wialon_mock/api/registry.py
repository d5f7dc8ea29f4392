"""The routing table from ``svc`` to handler, and the functions that run a call.

Handlers are plain functions ``(ctx, params) -> result`` over the pure model in
:mod:`wialon_mock.model.state`; they never see HTTP. They raise :class:`ApiError` to answer with a
Wialon error body, and return :class:`FileAnswer` for calls whose answer is a file download.
A handler of a call that needs a session takes a :class:`SessionCtx`, whose ``session`` is
always there (:func:`run` is only reached with one); the login calls take a plain :class:`Ctx`.

The HTTP layer resolves the endpoint and the session itself (faults and limits come between
the two) and calls :func:`run`; ``core/batch`` and the tests use :func:`dispatch`, which
resolves both and runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
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
    #: the part's bytes (a bytearray when read from the network, to spare a copy)
    data: bytes | bytearray


@dataclass(frozen=True)
class FileAnswer:
    """A handler result that goes out as a download instead of JSON."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


#: asked once per ``core/batch`` item: the error that item must fail with, if any (the fault
#: engine's hook, handed down by the HTTP layer; the model knows nothing of faults)
BatchFault = Callable[[str], "ApiError | None"]


@dataclass
class Ctx:
    """What a handler may look at besides its params (calls that need no session)."""

    world: World
    svc: str
    uploads: tuple[Upload, ...] = ()
    remote: str = "127.0.0.1"
    in_batch: bool = False
    batch_fault: BatchFault | None = None


@dataclass
class SessionCtx(Ctx):
    """The context of a call that needs a session: the caller's live session, never None."""

    session: Session = field(kw_only=True)


Handler = Callable[..., Any]


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
    "report_files",
    "render",
    "unit_sensors",
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
    checked = row
    for column, value in expected.items():
        if getattr(row, column) != value:
            raise ValueError(
                f"@endpoint({svc!r}, {column}={value!r}) disagrees with the service table "
                f"({column}={getattr(row, column)!r}); fix one of them"
            )

    def register(func: Handler) -> Handler:
        first = next(iter(func.__annotations__.values()), None)
        if not checked.session and first in ("SessionCtx", SessionCtx):
            raise TypeError(f"{svc!r} needs no session, so its handler cannot take a SessionCtx")
        doc = (func.__doc__ or "").strip().splitlines()
        REGISTRY[svc] = Endpoint(svc=svc, func=func, row=checked, summary=doc[0] if doc else "")
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


def resolve_session(world: World, endpoint: Endpoint, sid: str | None) -> Session | None:
    """The caller's live session (touched) when ``endpoint`` needs one; error 1 without it."""
    if not endpoint.session:
        return None
    session = world.session_for(sid)
    if session is None:
        raise ApiError(E.INVALID_SESSION)
    return session


def run(
    world: World,
    endpoint: Endpoint,
    session: Session | None,
    params: Any,
    *,
    uploads: tuple[Upload, ...] = (),
    remote: str = "127.0.0.1",
    in_batch: bool = False,
    batch_fault: BatchFault | None = None,
) -> Any:
    """Run a resolved call: ``session`` is what :func:`resolve_session` gave for it."""
    svc = endpoint.svc
    if in_batch:
        if not endpoint.batchable:
            raise ApiError(E.INVALID_INPUT)
        # lets the fault engine fail one chosen item inside an otherwise good batch
        if batch_fault is not None:
            injected = batch_fault(svc)
            if injected is not None:
                raise injected
    ctx: Ctx
    if session is None:
        ctx = Ctx(world, svc, uploads, remote, in_batch, batch_fault)
    else:
        ctx = SessionCtx(world, svc, uploads, remote, in_batch, batch_fault, session=session)
    return endpoint.func(ctx, params)


def dispatch(
    world: World,
    svc: str,
    params: Any,
    *,
    sid: str | None,
    uploads: tuple[Upload, ...] = (),
    remote: str = "127.0.0.1",
    in_batch: bool = False,
    batch_fault: BatchFault | None = None,
) -> Any:
    """Resolve ``svc`` and the session of ``sid``, then :func:`run` the call.

    Returns the JSON-able result or a :class:`FileAnswer`; raises :class:`ApiError` for every
    answer of the form ``{"error": N}``.
    """
    found = load_handlers().get(svc)
    if found is None:
        raise ApiError(E.INVALID_SERVICE)
    session = resolve_session(world, found, sid)
    return run(
        world,
        found,
        session,
        params,
        uploads=uploads,
        remote=remote,
        in_batch=in_batch,
        batch_fault=batch_fault,
    )
