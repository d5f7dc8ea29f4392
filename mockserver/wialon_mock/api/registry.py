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
    """One implemented Wialon call and how the server treats it."""

    svc: str
    func: Handler
    #: needs a valid ``sid`` (login calls do not)
    session: bool
    #: resource-intensive: counts against the 3-heavy limit and is exclusive per session
    heavy: bool
    #: may appear inside ``core/batch``
    batchable: bool
    #: takes a multipart/form-data upload
    multipart: bool
    #: first line of the handler's docstring, for the published table
    summary: str


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


def endpoint(
    svc: str,
    *,
    session: bool = True,
    heavy: bool = False,
    batchable: bool = True,
    multipart: bool = False,
) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of ``svc``."""

    def register(func: Handler) -> Handler:
        doc = (func.__doc__ or "").strip().splitlines()
        REGISTRY[svc] = Endpoint(
            svc=svc,
            func=func,
            session=session,
            heavy=heavy,
            batchable=batchable,
            multipart=multipart,
            summary=doc[0] if doc else "",
        )
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
        raise ApiError(2)
    session = None
    if ep.session:
        session = world.session_for(sid)
        if session is None:
            raise ApiError(1)
    if in_batch:
        if not ep.batchable:
            raise ApiError(4)
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
