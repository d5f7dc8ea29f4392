"""Async client for the Wialon Remote API, a drop-in for py-aiowialon 2.0.

``from aiowialon import Wialon, flags, AvlEvent, MultipartField, WialonError, WLP`` and every
other name py-aiowialon exports (the exception classes, ``api_types``, ``logger``,
``WialonCallRespValidator``, the callback types) work here too. The distribution on the
package index is ``aiowialon-kit`` (``pip install aiowialon-kit``); the import name stays
``aiowialon``. ``__version__`` is its version.
"""

from __future__ import annotations

from . import api_types, errors, flags
from ._coexist import warn_if_shadowed
from ._version import __version__ as __version__
from .calls import Call, MultipartField
from .client import Wialon

# The exception tree is listed once, in errors.__all__, and re-exported whole.
from .errors import *  # noqa: F403  # see the comment above
from .events import AvlEvent, AvlEventCallback, AvlEventData, AvlEventFilter, AvlEventHandler
from .logs import logger
from .services import UnknownServiceError
from .session import (
    ClientLoginCallback,
    ClientLoginParams,
    ClientLogoutCallback,
    SessionCallback,
)
from .shortcuts import WLP
from .validators import WialonCallRespValidator

__all__ = [
    "WLP",
    "AvlEvent",
    "AvlEventCallback",
    "AvlEventData",
    "AvlEventFilter",
    "AvlEventHandler",
    "Call",
    "ClientLoginCallback",
    "ClientLoginParams",
    "ClientLogoutCallback",
    "MultipartField",
    "SessionCallback",
    "UnknownServiceError",
    "Wialon",
    "WialonCallRespValidator",
    "api_types",
    "flags",
    "logger",
]
__all__ += errors.__all__
# One plain sorted() list whatever the order of the parts (tests/test_public_api.py checks it).
__all__.sort()

warn_if_shadowed()
