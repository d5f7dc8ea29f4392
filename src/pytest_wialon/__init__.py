"""pytest plugin for code that talks to Wialon: a fake server, a client, and record/replay.

The fixture types are exported so a project can annotate its own fixtures::

    from pytest_wialon import CassetteSession, MockFactory, MockTarget, WialonTarget

None of these imports pulls in vcrpy, aiohttp, the client or the fake server.
"""

from .matching import MatchOptions
from .network import NetworkBlocked
from .recorder import CassetteMissError, CassetteSession
from .targets import MockTarget, RemoteTarget, ReplayTarget, ReplayUnsupported, WialonTarget
from .types import MockFactory

__all__ = [
    "CassetteMissError",
    "CassetteSession",
    "MatchOptions",
    "MockFactory",
    "MockTarget",
    "NetworkBlocked",
    "RemoteTarget",
    "ReplayTarget",
    "ReplayUnsupported",
    "WialonTarget",
]
