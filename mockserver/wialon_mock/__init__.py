"""A fake Wialon server on aiohttp, for development, CI and tests.

``async with MockServer() as server`` runs one in the current event loop,
``ThreadedMockServer`` in a thread, ``wialon-mock serve`` on the command line.
"""

from __future__ import annotations

from ._version import __version__ as __version__
from .config import Limits, MockConfig
from .control.redact import mask
from .http.app import create_app
from .model.errors import ApiError
from .model.state import World
from .run.server import MockServer, ThreadedMockServer

__all__ = [
    "ApiError",
    "Limits",
    "MockConfig",
    "MockServer",
    "ThreadedMockServer",
    "World",
    "create_app",
    "mask",
]
