"""The table of Wialon Remote API services and how method names map onto them.

``wialon.unit_group_update_units(...)`` becomes the call ``unit_group/update_units``. The
mapping is a dict built once from the table, so a lookup is O(1) and names with underscores
on either side of the slash resolve without guessing (a test checks that no two services
collapse onto the same method name).

The facts come from :mod:`wialon_protocol.services` (shared with the fake server); this
module gives them the client's names: which calls are *heavy* (count against the
3-per-session limit of resource-intensive requests), which are *exclusive* (the server
refuses to run two of them at once in a session and answers 1003), which are *multipart*
uploads, and which the auto-batcher keeps out of a ``core/batch``. An auto-batching layer
asks :func:`is_batchable` and :func:`is_heavy`.

After changing the table in :mod:`wialon_protocol.services`, rewrite ``_api.py`` (the typed
stubs editors complete) with ``python -m tools.gen_api`` from a checkout (the generator is
not part of the installed package); ``--check`` exits 1 when the stubs are stale.
"""

from __future__ import annotations

import difflib

from wialon_protocol.services import AJAX_PATH
from wialon_protocol.services import SERVICES as _TABLE

__all__ = [
    "EXCLUSIVE",
    "HEAVY",
    "LOGIN_SERVICES",
    "MULTIPART",
    "SERVICES",
    "UnknownServiceError",
    "help_url",
    "is_batchable",
    "is_exclusive",
    "is_heavy",
    "is_multipart",
    "method_name",
    "resolve_service",
]

SERVICES: frozenset[str] = frozenset(name for name, row in _TABLE.items() if row.path == AJAX_PATH)
"""Every known ``"svc/action"`` name (from :data:`wialon_protocol.SERVICES`)."""

# Method name (``unit_group_update_units``) -> service (``unit_group/update_units``).
_BY_METHOD: dict[str, str] = {svc.replace("/", "_"): svc for svc in SERVICES}

LOGIN_SERVICES: frozenset[str] = frozenset(name for name, row in _TABLE.items() if row.login)
"""Calls that open a session; they never share a batch with calls that need one."""

EXCLUSIVE: frozenset[str] = frozenset(name for name, row in _TABLE.items() if row.exclusive)
"""Calls of which a session may run only one at a time (the server answers 1003 otherwise)."""

HEAVY: frozenset[str] = frozenset(name for name, row in _TABLE.items() if row.heavy)
"""Resource-intensive calls: at most three run at once per session."""

MULTIPART: frozenset[str] = frozenset(name for name, row in _TABLE.items() if row.multipart)
"""Calls that carry a file as ``multipart/form-data``; completion arrives as a ``-1`` event."""

# What the auto-batcher keeps out: whatever the server cannot run inside core/batch, and the
# exclusive calls, which the server could batch but which then hold the whole batch (and the
# session) for as long as they run; sent alone they keep their own 1003 and timeout.
_NOT_BATCHABLE: frozenset[str] = frozenset(
    name for name, row in _TABLE.items() if not row.batchable or row.exclusive
)


class UnknownServiceError(AttributeError):
    """A method or service name that matches no known Wialon service.

    It derives from :class:`AttributeError` so that ``getattr``/``hasattr`` on the client
    behave as they do for any missing attribute.
    """


def _suggest(name: str) -> str:
    candidates = list(_BY_METHOD) if "/" not in name else list(SERVICES)
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
    return f"; did you mean {', '.join(close)}?" if close else ""


def resolve_service(name: str) -> str:
    """Turn ``core_search_item`` or ``core/search_item`` into ``core/search_item``.

    Raises :class:`UnknownServiceError`, naming the closest known names, for anything else.
    """
    svc = _BY_METHOD.get(name)
    if svc is not None:
        return svc
    if name in SERVICES:
        return name
    raise UnknownServiceError(f"unknown Wialon service {name!r}{_suggest(name)}")


def method_name(svc: str) -> str:
    """The client method name of a service: ``unit_group/x`` -> ``unit_group_x``."""
    return svc.replace("/", "_")


def is_multipart(svc: str) -> bool:
    """Whether ``svc`` uploads a file (multipart/form-data)."""
    return svc in MULTIPART


def is_exclusive(svc: str) -> bool:
    """Whether the server runs at most one ``svc`` of this family per session at a time."""
    return svc in EXCLUSIVE


def is_heavy(svc: str) -> bool:
    """Whether ``svc`` is resource-intensive (counts against the 3-heavy-calls limit)."""
    return svc in HEAVY


def is_batchable(svc: str) -> bool:
    """Whether ``svc`` may be sent inside a ``core/batch``.

    Login calls, logout, ``avl_evts``, uploads, nested batches, calls answering with a file
    and the exclusive heavy calls are kept out; unknown names are assumed batchable (the
    server judges them).
    """
    return svc not in _NOT_BATCHABLE


_HELP_URL = "https://sdk.wialon.com/wiki/en/sidebar/remoteapi/apiref/{service}/{action}"


def help_url(service_name: str, action_name: str | None = None) -> str:
    """The reference page of a service: ``("core", "search_item")``, ``"core/search_item"`` or
    ``"core_search_item"`` (see ``Wialon.help``)."""
    if action_name is None:
        svc = service_name if "/" in service_name else resolve_service(service_name)
        service_name, _, action_name = svc.partition("/")
    return _HELP_URL.format(service=service_name, action=action_name)
