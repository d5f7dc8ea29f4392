"""A fake Wialon server on aiohttp, for development, CI and tests.

``async with MockServer() as server`` runs one in the current event loop,
``ThreadedMockServer`` in a thread, ``wialon-mock serve`` on the command line.
"""

from __future__ import annotations

from .app import create_app
from .config import Limits, MockConfig
from .errors import ApiError
from .server import MockServer, ThreadedMockServer
from .state import World

__all__ = [
    "ApiError",
    "Limits",
    "MockConfig",
    "MockServer",
    "ThreadedMockServer",
    "World",
    "create_app",
]
